// The container option (hosting = container) in the dev environment: the image on Azure Container
// Apps, one replica always on, up to three under queue backlog, as dev was deployed before the
// Function App. For production replicas use containerCpu '1', containerMemory '2Gi', minReplicas 2,
// maxReplicas 10 and prod.bicepparam's other values. One hosting option per resource group (see
// ../README.md). Values that differ per deployment come from environment variables.
using '../main.bicep'

param environmentName = 'dev'
param hosting = 'container'
param containerImage = readEnvironmentVariable('STREAMER_IMAGE')
param bootstrap = bool(readEnvironmentVariable('STREAMER_BOOTSTRAP', 'false'))

param taskHubName = 'StreamerHub'
param partitionCount = 4

param storageSku = 'Standard_LRS'
param blobSoftDeleteDays = 7

param signalRSku = 'Free_F1'
param signalRCapacity = 1
param allowedOrigins = ['*']

param authAuthority = readEnvironmentVariable('STREAMER_AUTH_AUTHORITY')
param authAudience = 'api://streamer-dev'
param managementSystemKey = readEnvironmentVariable('STREAMER_MANAGEMENT_SYSTEM_KEY')

param containerCpu = '0.5'
param containerMemory = '1Gi'
param minReplicas = 1
param maxReplicas = 3
param queueMessagesPerReplica = 20
param concurrentRequestsPerReplica = 50

param logRetentionDays = 30
param logDailyQuotaGb = 1

param keyVaultSoftDeleteDays = 7
param keyVaultPurgeProtection = false
