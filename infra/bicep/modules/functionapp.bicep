// The Streamer host as an Azure Functions app (dotnet-isolated, Functions v4, .NET 10) on a Flex
// Consumption plan. Everything the app reaches it reaches with its system-assigned identity: the
// deployment package container, the host's and the Durable extension's storage (tables, queues,
// blobs) and Key Vault. No storage connection string or account key is involved.
//
// Order inside this module: plan and site (which creates the identity) → role assignments for that
// identity → app settings. The settings hold a Key Vault reference, so they are written only after
// the identity holds Key Vault Secrets User. This is why the Function App needs no bootstrap run,
// unlike the container app (whose Key Vault references are part of the resource that creates the
// identity): App Service resolves Key Vault references at runtime, when the app starts, not when the
// settings are saved, and re-resolves them on every restart or settings change (and at least every
// 24 hours). The app cannot start before its code is published, which happens after this
// deployment; should a start still beat role propagation (a minute or two), the setting shows as
// unresolved in the portal and `az functionapp restart` fixes it.

@description('Azure region (one that offers Flex Consumption: `az functionapp list-flexconsumption-locations`).')
param location string

@description('Flex Consumption plan name (one app per plan).')
param planName string

@description('Function App name (2–60 letters, digits and hyphens, globally unique: it is the *.azurewebsites.net host name).')
@minLength(2)
@maxLength(60)
param name string

@description('Storage account of the task hub; it also holds the deployment package container.')
param storageAccountName string

@description('Blob container the deployment package is uploaded to (created here).')
@minLength(3)
@maxLength(63)
param deploymentContainerName string = 'app-package'

@description('Key Vault holding the SignalR Service connection string.')
param keyVaultName string

@description('Versionless Key Vault URI of the SignalR Service connection string secret (keyvault.bicep output).')
param signalRConnectionSecretUri string

@description('Most instances the app scales out to (Flex Consumption accepts 40–1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB; CPU and network bandwidth are allotted in proportion. 2048 is the platform default.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Browser origins allowed by the platform\'s CORS (replaces Host__CORS of the container option); [\'*\'] for any, [] for none.')
param allowedOrigins string[]

@description('Plain (non-secret) settings passed to the app.')
param settings {
  @description('Task hub name (extensions.durableTask.hubName).')
  hubName: string
  @description('Control-queue partitions (extensions.durableTask.storageProvider.partitionCount).')
  partitionCount: int
  @description('OpenID authority that issues user tokens.')
  authAuthority: string
  @description('Expected token audience.')
  authAudience: string
  @description('Expected token issuer.')
  authIssuer: string
  @description('Application Insights connection string.')
  appInsightsConnectionString: string
}

@description('Tags for every resource.')
param tags object

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

// `func azure functionapp publish` (or a zip deployment) uploads the package here; the app pulls it
// on start with its identity (Storage Blob Data Owner, see roles.bicep).
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: storage::blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Flex Consumption is Linux only.
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // The platform answers CORS for the Functions host (Host__CORS only exists locally and in the
      // container option). No credentials, as there: callers send bearer tokens, not cookies, and
      // credentials cannot be combined with '*'.
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
    // Flex Consumption takes the runtime, the package location and the scale limits from here. The
    // app settings that used to carry them (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION,
    // WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*) are deprecated on this plan and deliberately absent.
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

module roles 'roles.bicep' = {
  params: {
    principalId: site.identity.principalId
    assigneeResourceId: site.id
    storageAccountName: storage.name
    keyVaultName: keyVaultName
    // The Functions host asks for Blob Data Owner with an identity-based AzureWebJobsStorage.
    blobDataOwner: true
  }
}

// The complete set of app settings: a deployment replaces whatever was set by hand. On the Functions
// host, settings named AzureFunctionsJobHost__<path> override host.json values; the container
// option's extensions__durableTask__* would only reach the worker's configuration, not the host
// that runs the Durable extension. Every setting is also an environment variable of the worker.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Identity-based host storage, used by the Functions host (keys, leases, timers) and by the
    // Durable extension's Azure Storage provider (its default connection is AzureWebJobsStorage).
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: settings.appInsightsConnectionString
    // Versionless, so a rotated secret is picked up on the next restart or refresh.
    AzureSignalRConnectionString: '@Microsoft.KeyVault(SecretUri=${signalRConnectionSecretUri})'
    Streamer__Auth__Authority: settings.authAuthority
    Streamer__Auth__Audience: settings.authAudience
    Streamer__Auth__Issuer: settings.authIssuer
    // No Streamer__Management__SystemKey: the Functions host serves Durable's management API
    // (runtime/webhooks/durabletask) behind its own system keys.
    AzureFunctionsJobHost__extensions__durableTask__hubName: settings.hubName
    AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount: string(settings.partitionCount)
  }
  dependsOn: [
    // Key Vault Secrets User must exist before the Key Vault reference above is written.
    roles
  ]
}

@description('Function App name.')
output name string = site.name

@description('Default host name (*.azurewebsites.net).')
output defaultHostName string = site.properties.defaultHostName

@description('Object id of the system-assigned identity.')
output principalId string = site.identity.principalId
