// Development: smallest SKUs, one replica always on, up to three under queue backlog.
// Values that differ per deployment come from environment variables (see ../README.md).
using '../main.bicep'

param environmentName = 'dev'
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

param logRetentionDays = 30
param logDailyQuotaGb = 1

param keyVaultSoftDeleteDays = 7
param keyVaultPurgeProtection = false
