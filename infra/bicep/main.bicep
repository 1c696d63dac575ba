// Streamer on Azure: storage account (task hub), Azure SignalR Service (Serverless), Log Analytics +
// Application Insights, Key Vault with the host's secrets, and the host, either
//   - hosting = 'functions' (default): an Azure Functions app (dotnet-isolated, .NET 10) on a Flex
//     Consumption plan, reaching storage and Key Vault with its managed identity, scaled by the
//     Functions scale controller; the code is published separately (see README.md), or
//   - hosting = 'container': the container image on Azure Container Apps, scaled out by KEDA on the
//     task hub's queues (the earlier option, kept as it was).
// Deploy into an existing resource group, one hosting option per resource group; see README.md.
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

@description('''
Where the host runs: 'functions' (default) deploys a Function App on a Flex Consumption plan, the
code is published afterwards; 'container' deploys the container image on Azure Container Apps.
''')
@allowed([
  'functions'
  'container'
])
param hosting string = 'functions'

@description('hosting = container only (required there): container image of Streamer.Host (the ASP.NET Core host), pullable anonymously (see README.md). Ignored for functions.')
param containerImage string = ''

@description('''
hosting = container only: true for the first deployment into an empty resource group (see
README.md). The container app's system-assigned identity must exist before it can be granted Key
Vault access, so the app is created bare first. The Function App needs no such run (see
modules/functionapp.bicep).
''')
param bootstrap bool = false

@description('Task hub name (extensions.durableTask.hubName): 3–45 letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'StreamerHub'

@description('Control-queue partitions (extensions.durableTask.storageProvider.partitionCount); more than the instance/replica count brings no extra parallelism for orchestrations.')
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

@description('''
Days after its last change that storage deletes a blob in the built-in actions' containers
({hub}-outputs: files handed to clients; {hub}-work: what a request's chunks hand each other),
whatever became of its request. A backstop: purge and retention delete a request's blobs when the
request goes, but a chunk still running on another instance when its request was canceled can write
after that. Keep it above Streamer__RequestRetention (1 day by default) and the longest run of a
request, whose work blobs would otherwise go while it still needs them.
''')
@minValue(1)
@maxValue(365)
param requestBlobLifetimeDays int = 7

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

@description('Browser origins allowed by SignalR Service and by the host (platform CORS of the Function App, Host__CORS of the container app); [\'*\'] for any, [] for none.')
param allowedOrigins string[]

@description('OpenID authority that issues user tokens (Streamer__Auth__Authority).')
param authAuthority string

@description('Token audience the host accepts (Streamer__Auth__Audience).')
param authAudience string

@description('Token issuer the host accepts (Streamer__Auth__Issuer); empty means the authority itself (as for Microsoft Entra ID v2.0 endpoints).')
param authIssuer string = ''

@description('Most instances the Function App scales out to (Flex Consumption accepts 40–1000). hosting = functions only.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('Memory per Function App instance in MB (CPU and bandwidth follow). hosting = functions only.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('hosting = container only (required there): management API key (Streamer__Management__SystemKey), stored in Key Vault. The Function App\'s management API uses the Functions host\'s system keys instead.')
@secure()
param managementSystemKey string = ''

@description('hosting = container only: vCPU per replica as a string (0.25, 0.5, 0.75, 1, … 4).')
param containerCpu string = '0.5'

@description('hosting = container only: memory per replica (2 Gi per vCPU on the Consumption profile: 0.5 vCPU → 1Gi).')
param containerMemory string = '1Gi'

@description('hosting = container only: replicas that always run. Keep ≥ 1: KEDA does not see delayed (invisible) timer messages, so a host scaled to zero would miss durable timers.')
@minValue(0)
@maxValue(300)
param minReplicas int = 1

@description('hosting = container only: most replicas KEDA may run.')
@minValue(1)
@maxValue(300)
param maxReplicas int = 3

@description('hosting = container only: queued messages per replica (per queue) before KEDA adds one.')
@minValue(1)
param queueMessagesPerReplica int = 20

@description('hosting = container only: concurrent HTTP requests per replica before another is added.')
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

var onFunctions = hosting == 'functions'
var onContainer = hosting == 'container'

// The container option's required inputs, checked only when it is deployed (fail() stops the
// deployment with the message; the functions option never evaluates them).
var image = onContainer && empty(containerImage)
  ? fail('containerImage is required for hosting = container (STREAMER_IMAGE in parameters/container.bicepparam).')
  : containerImage

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
  // Function App names are global (*.azurewebsites.net), hence the suffix; at most 32 characters.
  functionApp: 'func-${namePrefix}-${environmentName}-${suffix}'
  functionPlan: 'plan-${namePrefix}-${environmentName}'
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
    requestBlobLifetimeDays: requestBlobLifetimeDays
    // Nothing left needs the account key when the host is the Function App: it uses its identity for
    // the host, the Durable extension, the deployment package and user-delegation SAS, and the only
    // connection string it reads (AzureSignalRConnectionString) is SignalR's. The container option's
    // host connects with the storage connection string, so it keeps shared-key access.
    allowSharedKeyAccess: onContainer
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
    containerSecrets: onContainer
    storageAccountName: names.storage
    signalRName: names.signalR
    managementSystemKey: onContainer && empty(managementSystemKey)
      ? fail('managementSystemKey is required for hosting = container (STREAMER_MANAGEMENT_SYSTEM_KEY in parameters/container.bicepparam).')
      : managementSystemKey
    tags: allTags
  }
  dependsOn: [
    storage
    signalR
  ]
}

// ---- hosting = functions -------------------------------------------------------------------------

// Plan, app, its role assignments and then its settings, in that order (see the module's header for
// why no bootstrap run is needed).
module functionApp 'modules/functionapp.bicep' = if (onFunctions) {
  params: {
    location: location
    planName: names.functionPlan
    name: names.functionApp
    // Names known before deployment (not the modules' outputs) keep What-If predictions precise.
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    signalRConnectionSecretUri: keyVault.outputs.references.signalRConnection
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    allowedOrigins: allowedOrigins
    settings: {
      hubName: taskHubName
      partitionCount: partitionCount
      authAuthority: authAuthority
      authAudience: authAudience
      authIssuer: empty(authIssuer) ? authAuthority : authIssuer
      appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    }
    tags: allTags
  }
  dependsOn: [
    storage
  ]
}

// ---- hosting = container ------------------------------------------------------------------------

module environment 'modules/environment.bicep' = if (onContainer) {
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
module appBootstrap 'modules/containerapp.bicep' = if (onContainer && bootstrap) {
  name: 'containerapp-bootstrap'
  params: {
    bootstrap: true
    location: location
    name: names.app
    environmentId: environment!.outputs.id
    image: image
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
resource existingApp 'Microsoft.App/containerApps@2025-01-01' existing = if (onContainer && !bootstrap) {
  name: names.app
}

// The Function App's roles are assigned inside modules/functionapp.bicep (same roles.bicep).
module roles 'modules/roles.bicep' = if (onContainer) {
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

module app 'modules/containerapp.bicep' = if (onContainer) {
  name: 'containerapp'
  params: {
    bootstrap: false
    location: location
    name: names.app
    environmentId: environment!.outputs.id
    image: image
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

@description('Public URL of the API (…/api/requests, …/api/negotiate), on whichever host was deployed.')
output apiBaseUrl string = onFunctions
  ? 'https://${functionApp!.outputs.defaultHostName}/api'
  : 'https://${app!.outputs.fqdn}/api'

@description('Function App name, for `func azure functionapp publish` (empty for hosting = container).')
output functionAppName string = onFunctions ? functionApp!.outputs.name : ''

@description('Function App base URL, https://<default host name> (empty for hosting = container).')
output functionAppUrl string = onFunctions ? 'https://${functionApp!.outputs.defaultHostName}' : ''

@description('Object id of the Function App\'s system-assigned identity (empty for hosting = container).')
output functionAppPrincipalId string = onFunctions ? functionApp!.outputs.principalId : ''

@description('Storage account name.')
output storageAccountName string = storage.outputs.name

@description('Key Vault name.')
output keyVaultName string = keyVault.outputs.name

@description('SignalR Service host name.')
output signalRHostName string = signalR.outputs.hostName
