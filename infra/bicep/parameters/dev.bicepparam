// Development: the Function App on Flex Consumption with the smallest SKUs around it.
// Values that differ per deployment come from environment variables (see ../README.md).
using '../main.bicep'

param environmentName = 'dev'
param hosting = 'functions'

param taskHubName = 'StreamerHub'
param partitionCount = 4

param storageSku = 'Standard_LRS'
param blobSoftDeleteDays = 7

param signalRSku = 'Free_F1'
param signalRCapacity = 1
param allowedOrigins = ['*']

param authAuthority = readEnvironmentVariable('STREAMER_AUTH_AUTHORITY')
param authAudience = 'api://streamer-dev'

// The platform's lowest ceiling (40) keeps a runaway backlog in dev from scaling far.
param functionMaximumInstanceCount = 40
param functionInstanceMemoryMB = 2048

param logRetentionDays = 30
param logDailyQuotaGb = 1

param keyVaultSoftDeleteDays = 7
param keyVaultPurgeProtection = false
