// The Streamer host as a container app: system-assigned identity, secrets resolved from Key Vault,
// and KEDA azure-queue scale rules on the task hub's work-item and control queues.

@description('Azure region.')
param location string

@description('Container app name (2–32 lower-case letters, digits and hyphens).')
@minLength(2)
@maxLength(32)
param name string

@description('Managed environment resource id.')
param environmentId string

@description('Container image of Streamer.Host (the ASP.NET Core host), e.g. myregistry.azurecr.io/streamer-host:1.0.0.')
param image string

@description('''
true only for the very first deployment into an empty resource group: creates the app with its
identity but without Key Vault references, ingress or replicas, because a system-assigned identity
cannot be granted Key Vault access before the app exists. main.bicep then assigns the roles and
deploys this module again with bootstrap = false.
''')
param bootstrap bool

@description('vCPU per replica, as a string because Bicep has no decimal literals (0.25–4).')
param cpu string

@description('Memory per replica, e.g. 1Gi (twice the vCPU count in Gi on the Consumption profile).')
param memory string

@description('Replicas that always run.')
@minValue(0)
@maxValue(300)
param minReplicas int

@description('Upper bound for scale-out.')
@minValue(1)
@maxValue(300)
param maxReplicas int

@description('Visible messages per replica on a queue before KEDA adds a replica.')
@minValue(1)
param queueMessagesPerReplica int

@description('Concurrent HTTP requests per replica before another replica is added.')
@minValue(1)
param concurrentRequestsPerReplica int

@description('Storage account whose queues drive the scale rules.')
param storageAccountName string

@description('Work-item queue name ({hub}-workitems).')
param workItemQueueName string

@description('Control queue names ({hub}-control-NN).')
param controlQueueNames string[]

@description('Versionless Key Vault URIs of the secrets (keyvault.bicep output).')
param vaultReferences {
  storageConnection: string
  signalRConnection: string
  managementSystemKey: string
}

@description('Plain (non-secret) settings passed to the container as environment variables.')
param settings {
  @description('Task hub name (extensions:durableTask:hubName).')
  hubName: string
  @description('Control-queue partitions.')
  partitionCount: int
  @description('OpenID authority that issues user tokens.')
  authAuthority: string
  @description('Expected token audience.')
  authAudience: string
  @description('Expected token issuer.')
  authIssuer: string
  @description('Comma-separated CORS origins (Host:CORS); empty for none.')
  corsOrigins: string
  @description('Application Insights connection string.')
  appInsightsConnectionString: string
}

@description('Tags for every resource.')
param tags object

// The host binds http://127.0.0.1:{Host:LocalHttpPort} in Program.cs; a Kestrel endpoint from
// configuration overrides that address (Kestrel logs "Overriding address(es)"), so the container
// listens on every interface without a code change.
var targetPort = 8080

var secretNames = {
  storageConnection: 'azure-webjobs-storage'
  signalRConnection: 'azure-signalr-connection-string'
  managementSystemKey: 'management-system-key'
}

var keyVaultSecrets = [
  for secret in items(secretNames): {
    name: secret.value
    keyVaultUrl: vaultReferences[secret.key]
    identity: 'system'
  }
]

var env = [
  { name: 'Kestrel__Endpoints__Http__Url', value: 'http://0.0.0.0:${targetPort}' }
  // Connection string for now (see keyvault.bicep): identity-based storage is a follow-up.
  { name: 'AzureWebJobsStorage', secretRef: secretNames.storageConnection }
  { name: 'AzureSignalRConnectionString', secretRef: secretNames.signalRConnection }
  { name: 'Streamer__Management__SystemKey', secretRef: secretNames.managementSystemKey }
  { name: 'Streamer__Auth__Authority', value: settings.authAuthority }
  { name: 'Streamer__Auth__Audience', value: settings.authAudience }
  { name: 'Streamer__Auth__Issuer', value: settings.authIssuer }
  { name: 'extensions__durableTask__hubName', value: settings.hubName }
  { name: 'extensions__durableTask__storageProvider__partitionCount', value: string(settings.partitionCount) }
  { name: 'Host__CORS', value: settings.corsOrigins }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: settings.appInsightsConnectionString }
]

var queueRules = [
  for queueName in concat([workItemQueueName], controlQueueNames): {
    name: 'queue-${queueName}'
    azureQueue: {
      accountName: storageAccountName
      queueName: queueName
      queueLength: queueMessagesPerReplica
      // KEDA reads the queue length with the app's managed identity (Storage Queue Data Contributor).
      identity: 'system'
    }
  }
]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: bootstrap
        ? null
        : {
            external: true
            targetPort: targetPort
            transport: 'auto'
            allowInsecure: false
            traffic: [
              {
                latestRevision: true
                weight: 100
              }
            ]
          }
      secrets: bootstrap ? [] : keyVaultSecrets
    }
    template: {
      // Hosts release their control-queue leases and wait for in-flight work on SIGTERM.
      terminationGracePeriodSeconds: 60
      containers: [
        {
          name: 'host'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: bootstrap ? [] : env
          probes: bootstrap
            ? []
            : [
                {
                  type: 'Startup'
                  httpGet: {
                    path: '/api/health'
                    port: targetPort
                  }
                  initialDelaySeconds: 2
                  periodSeconds: 5
                  failureThreshold: 24
                }
                {
                  type: 'Liveness'
                  httpGet: {
                    path: '/api/health'
                    port: targetPort
                  }
                  periodSeconds: 10
                  failureThreshold: 3
                }
                {
                  type: 'Readiness'
                  httpGet: {
                    path: '/api/health/ready'
                    port: targetPort
                  }
                  periodSeconds: 10
                  failureThreshold: 3
                }
              ]
        }
      ]
      scale: {
        minReplicas: bootstrap ? 0 : minReplicas
        maxReplicas: bootstrap ? 1 : maxReplicas
        rules: bootstrap
          ? []
          : concat(
              [
                {
                  name: 'http'
                  http: {
                    metadata: {
                      concurrentRequests: string(concurrentRequestsPerReplica)
                    }
                  }
                }
              ],
              queueRules
            )
      }
    }
  }
}

@description('Object id of the system-assigned identity.')
output principalId string = app.identity.principalId

@description('Public host name (empty while bootstrapping).')
output fqdn string = bootstrap ? '' : app.properties.configuration.ingress.fqdn
