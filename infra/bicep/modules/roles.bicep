// Data-plane roles for the container app's system-assigned identity.

@description('Object id of the container app\'s system-assigned identity.')
param principalId string

@description('Resource id of the container app: keeps the assignment names stable (the principal id is only known at deployment time).')
param assigneeResourceId string

@description('Storage account the host works on.')
param storageAccountName string

@description('Key Vault holding the host\'s secrets.')
param keyVaultName string

// Built-in role definition ids (the same in every tenant).
var storageRoles = {
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
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
