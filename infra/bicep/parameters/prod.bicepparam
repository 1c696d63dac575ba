// Production: zone-redundant storage, Standard SignalR, larger replicas, two always on, up to ten.
// Values that differ per deployment come from environment variables (see ../README.md).
using '../main.bicep'

var origins = readEnvironmentVariable('STREAMER_ALLOWED_ORIGINS', '')

param environmentName = 'prod'
param containerImage = readEnvironmentVariable('STREAMER_IMAGE')
param bootstrap = bool(readEnvironmentVariable('STREAMER_BOOTSTRAP', 'false'))

param taskHubName = 'StreamerHub'
param partitionCount = 4

param storageSku = 'Standard_ZRS'
param blobSoftDeleteDays = 30

param signalRSku = 'Standard_S1'
param signalRCapacity = 1
param allowedOrigins = empty(origins) ? [] : split(origins, ',')

param authAuthority = readEnvironmentVariable('STREAMER_AUTH_AUTHORITY')
param authAudience = 'api://streamer'
param managementSystemKey = readEnvironmentVariable('STREAMER_MANAGEMENT_SYSTEM_KEY')

param containerCpu = '1'
param containerMemory = '2Gi'
param minReplicas = 2
param maxReplicas = 10
param queueMessagesPerReplica = 20
param concurrentRequestsPerReplica = 50

param logRetentionDays = 90
param logDailyQuotaGb = -1

param keyVaultSoftDeleteDays = 90
param keyVaultPurgeProtection = true
