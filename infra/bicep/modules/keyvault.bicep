// Key Vault (RBAC authorization) holding the host's secrets. The app references them by versionless
// URI, so a rotated secret reaches new revisions/replicas (container app) or the next restart or
// reference refresh (Function App) without a redeployment.
//
// The Function App needs only the SignalR Service connection string: it reaches storage with its
// identity, and the Functions host keeps the keys of Durable's management API itself. The storage
// connection string and the management key exist for the container option only.

@description('Azure region.')
param location string

@description('Key Vault name (3–24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Days a deleted vault stays recoverable (7–90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Purge protection: once on it cannot be turned off, and the vault name stays taken for the retention period after deletion.')
param enablePurgeProtection bool

@description('Create the container option\'s secrets (storage connection string, management key); false for the Function App.')
param containerSecrets bool

@description('Storage account whose connection string becomes the AzureWebJobsStorage secret (container option).')
param storageAccountName string

@description('SignalR Service whose connection string becomes the AzureSignalRConnectionString secret.')
param signalRName string

@description('Key for the management API (Streamer__Management__SystemKey); used only with containerSecrets.')
@secure()
param managementSystemKey string

@description('Tags for every resource.')
param tags object

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' existing = {
  name: signalRName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The API accepts only true or absent.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Container option only: its host builds its storage clients from a connection string, which is why
// the account keeps shared-key access there. The Function App uses AzureWebJobsStorage__accountName
// with its identity instead, and the account turns shared-key access off.
resource storageConnection 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (containerSecrets) {
  parent: vault
  name: 'azure-webjobs-storage'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
    contentType: 'Azure Storage connection string'
  }
}

resource signalRConnection 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'azure-signalr-connection-string'
  properties: {
    value: signalR.listKeys().primaryConnectionString
    contentType: 'Azure SignalR Service connection string'
  }
}

// Container option only (see above).
resource systemKey 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (containerSecrets) {
  parent: vault
  name: 'management-system-key'
  properties: {
    value: managementSystemKey
    contentType: 'Streamer management API system key'
  }
}

@description('Key Vault name.')
output name string = vault.name

@description('Versionless Key Vault URIs the app resolves with its identity (addresses, not values); empty for secrets not created.')
output references {
  storageConnection: string
  signalRConnection: string
  managementSystemKey: string
} = {
  storageConnection: containerSecrets ? storageConnection!.properties.secretUri : ''
  signalRConnection: signalRConnection.properties.secretUri
  managementSystemKey: containerSecrets ? systemKey!.properties.secretUri : ''
}
