// Streamer on Azure: storage account (task hub), Azure SignalR Service (Serverless), Log Analytics +
// Application Insights, Key Vault with the host's secrets, and the host on Azure Container Apps,
// scaled out by KEDA on the task hub's queues. Deploy into an existing resource group; see README.md.
targetScope = 'resourceGroup'

@description('Environment name, part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Short prefix of every resource name: 3–8 lower-case letters and digits.')
@minLength(3)
@maxLength(8)
param namePrefix string = 'streamer'

@description('Container image of Streamer.Functions (must be pullable anonymously; see README.md).')
param containerImage string

@description('''
true only for the first deployment into an empty resource group (see README.md): the system-assigned
identity must exist before it can be granted Key Vault access, so the app is created bare first.
''')
param bootstrap bool = false

@description('Task hub name (extensions__durableTask__hubName): 3–45 letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'StreamerHub'

@description('Control-queue partitions (extensions__durableTask__storageProvider__partitionCount); more than the replica count brings no extra parallelism for orchestrations.')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string

@description('Days deleted blobs and containers stay recoverable.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int

@description('SignalR Service tier.')
@allowed([
  'Free_F1'
  'Standard_S1'
  'Premium_P1'
])
param signalRSku string

@description('SignalR Service units (1 for Free_F1).')
@minValue(1)
@maxValue(100)
param signalRCapacity int

@description('Browser origins allowed by SignalR Service and by the host (Host__CORS); [\'*\'] for any, [] for none.')
param allowedOrigins string[]

@description('OpenID authority that issues user tokens (Streamer__Auth__Authority).')
param authAuthority string

@description('Token audience the host accepts (Streamer__Auth__Audience).')
param authAudience string

@description('Token issuer the host accepts (Streamer__Auth__Issuer); empty means the authority itself (as for Microsoft Entra ID v2.0 endpoints).')
param authIssuer string = ''

@description('Management API key (Streamer__Management__SystemKey), stored in Key Vault.')
@secure()
param managementSystemKey string

@description('vCPU per replica as a string (0.25, 0.5, 0.75, 1, … 4).')
param containerCpu string

@description('Memory per replica (2 Gi per vCPU on the Consumption profile: 0.5 vCPU → 1Gi).')
param containerMemory string

@description('Replicas that always run. Keep ≥ 1: KEDA does not see delayed (invisible) timer messages, so a host scaled to zero would miss durable timers.')
@minValue(0)
@maxValue(300)
param minReplicas int

@description('Most replicas KEDA may run.')
@minValue(1)
@maxValue(300)
param maxReplicas int

@description('Queued messages per replica (per queue) before KEDA adds one.')
@minValue(1)
param queueMessagesPerReplica int = 20

@description('Concurrent HTTP requests per replica before another is added.')
@minValue(1)
param concurrentRequestsPerReplica int = 50

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int

@description('Log Analytics daily ingestion cap in GB; -1 for none.')
param logDailyQuotaGb int

@description('Days a deleted Key Vault stays recoverable.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteDays int

@description('Key Vault purge protection (cannot be turned off once on).')
param keyVaultPurgeProtection bool

@description('Extra tags for every resource.')
param tags object = {}

var suffix = uniqueString(resourceGroup().id, namePrefix, environmentName)
var allTags = union(tags, {
  application: 'streamer'
  environment: environmentName
})
var names = {
  storage: take(toLower('st${namePrefix}${environmentName}${suffix}'), 24)
  keyVault: take('kv-${namePrefix}-${environmentName}-${suffix}', 24)
  signalR: 'sigr-${namePrefix}-${environmentName}-${suffix}'
  workspace: 'log-${namePrefix}-${environmentName}'
  appInsights: 'appi-${namePrefix}-${environmentName}'
  environment: 'cae-${namePrefix}-${environmentName}'
  app: 'ca-${namePrefix}-${environmentName}'
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionDays
    dailyQuotaGb: logDailyQuotaGb
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  params: {
    location: location
    storageAccountName: names.storage
    skuName: storageSku
    taskHubQueuePrefix: toLower(taskHubName)
    partitionCount: partitionCount
    blobSoftDeleteDays: blobSoftDeleteDays
    tags: allTags
  }
}

module signalR 'modules/signalr.bicep' = {
  params: {
    location: location
    name: names.signalR
    skuName: signalRSku
    capacity: signalRCapacity
    allowedOrigins: allowedOrigins
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  params: {
    location: location
    name: names.keyVault
    softDeleteRetentionInDays: keyVaultSoftDeleteDays
    enablePurgeProtection: keyVaultPurgeProtection
    storageAccountName: names.storage
    signalRName: names.signalR
    managementSystemKey: managementSystemKey
    tags: allTags
  }
  dependsOn: [
    storage
    signalR
  ]
}

module environment 'modules/environment.bicep' = {
  params: {
    location: location
    name: names.environment
    workspaceName: names.workspace
    tags: allTags
  }
  dependsOn: [
    monitoring
  ]
}

// Module params must be object literals, so the two deployments of the app repeat them.
// First deployment only: the app with its identity and nothing that needs the identity's roles.
module appBootstrap 'modules/containerapp.bicep' = if (bootstrap) {
  name: 'containerapp-bootstrap'
  params: {
    bootstrap: true
    location: location
    name: names.app
    environmentId: environment.outputs.id
    image: containerImage
    cpu: containerCpu
    memory: containerMemory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    queueMessagesPerReplica: queueMessagesPerReplica
    concurrentRequestsPerReplica: concurrentRequestsPerReplica
    storageAccountName: storage.outputs.name
    workItemQueueName: storage.outputs.workItemQueueName
    controlQueueNames: storage.outputs.controlQueueNames
    vaultReferences: keyVault.outputs.references
    settings: {
      hubName: taskHubName
      partitionCount: partitionCount
      authAuthority: authAuthority
      authAudience: authAudience
      authIssuer: empty(authIssuer) ? authAuthority : authIssuer
      corsOrigins: join(allowedOrigins, ',')
      appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    }
    tags: allTags
  }
}

// Read only on later deployments (conditional, so a first deployment never looks the app up).
resource existingApp 'Microsoft.App/containerApps@2025-01-01' existing = if (!bootstrap) {
  name: names.app
}

module roles 'modules/roles.bicep' = {
  params: {
    // On later deployments the app (and its identity) already exists.
    principalId: bootstrap ? appBootstrap!.outputs.principalId : existingApp!.identity.principalId
    assigneeResourceId: existingApp.id
    storageAccountName: names.storage
    keyVaultName: names.keyVault
  }
  // The linter sees these through appBootstrap, but ARM drops a dependency on a module whose
  // condition is false, and with it the transitive ordering: keep them explicit.
  dependsOn: [
    #disable-next-line no-unnecessary-dependson
    storage
    #disable-next-line no-unnecessary-dependson
    keyVault
  ]
}

module app 'modules/containerapp.bicep' = {
  name: 'containerapp'
  params: {
    bootstrap: false
    location: location
    name: names.app
    environmentId: environment.outputs.id
    image: containerImage
    cpu: containerCpu
    memory: containerMemory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    queueMessagesPerReplica: queueMessagesPerReplica
    concurrentRequestsPerReplica: concurrentRequestsPerReplica
    storageAccountName: storage.outputs.name
    workItemQueueName: storage.outputs.workItemQueueName
    controlQueueNames: storage.outputs.controlQueueNames
    vaultReferences: keyVault.outputs.references
    settings: {
      hubName: taskHubName
      partitionCount: partitionCount
      authAuthority: authAuthority
      authAudience: authAudience
      authIssuer: empty(authIssuer) ? authAuthority : authIssuer
      corsOrigins: join(allowedOrigins, ',')
      appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    }
    tags: allTags
  }
  dependsOn: [
    roles
  ]
}

@description('Public URL of the API (…/api/requests, …/api/negotiate).')
output apiBaseUrl string = 'https://${app.outputs.fqdn}/api'

@description('Storage account name.')
output storageAccountName string = storage.outputs.name

@description('Key Vault name.')
output keyVaultName string = keyVault.outputs.name

@description('SignalR Service host name.')
output signalRHostName string = signalR.outputs.hostName
