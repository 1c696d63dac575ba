// Container Apps managed environment (Consumption workload profile) sending logs to Log Analytics.

@description('Azure region.')
param location string

@description('Managed environment name.')
param name string

@description('Log Analytics workspace that receives console and system logs.')
param workspaceName string

@description('Tags for every resource.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource managedEnvironment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

@description('Managed environment resource id.')
output id string = managedEnvironment.id

@description('Default domain of the environment.')
output defaultDomain string = managedEnvironment.properties.defaultDomain
