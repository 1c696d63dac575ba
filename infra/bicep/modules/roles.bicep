// Data-plane roles for the host's system-assigned identity (container app or Function App): the
// task hub's tables and queues, the blobs (task hub leases and large messages, the actions' output
// files, and for the Function App the host's keys and the deployment package), and the host's
// Key Vault secrets.
//
// Blob access also covers the read-only SAS links for output files: without an account key the app
// signs them with a user delegation key, and Get User Delegation Key
// (Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action) is part of both
// Storage Blob Data Owner and Storage Blob Data Contributor. Storage Blob Delegator (that action
// alone) would add nothing.

@description('Object id of the host\'s system-assigned identity.')
param principalId string

@description('Resource id of the container app or Function App: keeps the assignment names stable (the principal id is only known at deployment time).')
param assigneeResourceId string

@description('Storage account the host works on.')
param storageAccountName string

@description('Key Vault holding the host\'s secrets.')
param keyVaultName string

@description('''
Storage Blob Data Owner instead of Storage Blob Data Contributor. The Function App needs Owner: the
Functions host with an identity-based AzureWebJobsStorage asks for it (it manages its containers and
their leases, keys and the deployment package). The container app keeps Contributor.
''')
param blobDataOwner bool = false

// Built-in role definition ids (the same in every tenant).
var storageRoles = {
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Storage Blob Data Owner / Storage Blob Data Contributor.
  blobData: blobDataOwner ? 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' : 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(storageRoles): {
    name: guid(storage.id, assigneeResourceId, role.value)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
      principalId: principalId
      // Lets ARM assign the role to an identity created moments ago (no directory replication wait).
      principalType: 'ServicePrincipal'
    }
  }
]

resource keyVaultAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, assigneeResourceId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
