// Production: the Function App on Flex Consumption, zone-redundant storage, Standard SignalR.
// Values that differ per deployment come from environment variables (see ../README.md).
using '../main.bicep'

var origins = readEnvironmentVariable('STREAMER_ALLOWED_ORIGINS', '')

param environmentName = 'prod'
param hosting = 'functions'

param taskHubName = 'StreamerHub'
param partitionCount = 4

param storageSku = 'Standard_ZRS'
param blobSoftDeleteDays = 30

param signalRSku = 'Standard_S1'
param signalRCapacity = 1
param allowedOrigins = empty(origins) ? [] : split(origins, ',')

param authAuthority = readEnvironmentVariable('STREAMER_AUTH_AUTHORITY')
param authAudience = 'api://streamer'

param functionMaximumInstanceCount = 100
param functionInstanceMemoryMB = 2048

param logRetentionDays = 90
param logDailyQuotaGb = -1

param keyVaultSoftDeleteDays = 90
param keyVaultPurgeProtection = true
