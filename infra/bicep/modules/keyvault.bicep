// Key Vault (RBAC authorization) holding the host's secrets. The container app references them by
// versionless URI, so a rotated secret reaches new revisions/replicas without a redeployment.

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

@description('Storage account whose connection string becomes the AzureWebJobsStorage secret.')
param storageAccountName string

@description('SignalR Service whose connection string becomes the AzureSignalRConnectionString secret.')
param signalRName string

@description('Key for the management API (Streamer__Management__SystemKey).')
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

// Follow-up: identity-based storage (AzureWebJobsStorage__accountName with the managed identity's
// data-plane roles) removes this secret and lets the account turn shared-key access off. Today the
// host's storage clients are built from a connection string.
resource storageConnection 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
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

resource systemKey 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'management-system-key'
  properties: {
    value: managementSystemKey
    contentType: 'Streamer management API system key'
  }
}

@description('Key Vault name.')
output name string = vault.name

@description('Versionless Key Vault URIs the container app resolves with its identity (addresses, not values).')
output references {
  storageConnection: string
  signalRConnection: string
  managementSystemKey: string
} = {
  storageConnection: storageConnection.properties.secretUri
  signalRConnection: signalRConnection.properties.secretUri
  managementSystemKey: systemKey.properties.secretUri
}
