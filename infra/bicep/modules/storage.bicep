// Storage account for the task hub (tables, queues, blobs), the request index and the actions' data.

@description('Azure region.')
param location string

@description('Storage account name (3–24 lower-case letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Replication SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Lower-cased task hub name: the queues are {hub}-workitems and {hub}-control-NN, the built-in actions\' containers {hub}-outputs and {hub}-work.')
param taskHubQueuePrefix string

@description('Control-queue partitions (extensions.durableTask.storageProvider.partitionCount).')
@minValue(1)
@maxValue(16)
param partitionCount int

@description('Days deleted blobs and containers stay recoverable.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int

@description('Days after its last change that a blob in {hub}-outputs or {hub}-work is deleted (see main.bicep).')
@minValue(1)
@maxValue(365)
param requestBlobLifetimeDays int

@description('''
Shared-key (account key and account SAS) access. Only the container option needs it: its host
connects with the connection string in Key Vault. The Function App reaches storage with its identity
only (host, Durable extension, deployment package, user-delegation SAS), so main.bicep turns this
off for hosting = functions.
''')
param allowSharedKeyAccess bool

@description('Tags for every resource.')
param tags object

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: allowSharedKeyAccess
    // Portal and CLI data access default to Entra ID, which keeps working without shared keys.
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

// Purge and retention delete a request's files and work blobs; this rule deletes whatever they missed: a chunk that
// was still running when its canceled request was purged and wrote afterwards, or blobs left by versions that did
// not delete them. Only these two containers: the task hub's blobs and the deployment package live elsewhere in the
// account. The host names them after its task hub (BuiltInStorageOptions.NamePrefix), lower-cased.
resource managementPolicy 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-request-blobs'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${taskHubQueuePrefix}-outputs/'
                '${taskHubQueuePrefix}-work/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: requestBlobLifetimeDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

// The host creates its queues, tables and containers on start; the queues are created here as well
// so that the container option's KEDA scale rules find them before the first replica has run (the
// Functions scale controller does not need them, and they do no harm there).
resource workItemQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: '${taskHubQueuePrefix}-workitems'
}

resource controlQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for partition in range(0, partitionCount): {
    parent: queueService
    name: '${taskHubQueuePrefix}-control-${padLeft(string(partition), 2, '0')}'
  }
]

@description('Storage account name.')
output name string = storage.name

@description('Name of the queue that holds activity work items.')
output workItemQueueName string = workItemQueue.name

@description('Names of the control queues, one per partition.')
output controlQueueNames string[] = [for partition in range(0, partitionCount): controlQueues[partition].name]

