// Azure SignalR Service in Serverless mode: the host sends through its REST API
// (AzureSignalRConnectionString) and /api/negotiate hands clients the service URL and a token.

@description('Azure region.')
param location string

@description('SignalR Service name (globally unique).')
param name string

@description('Pricing tier.')
@allowed([
  'Free_F1'
  'Standard_S1'
  'Premium_P1'
])
param skuName string

@description('Units (1 for Free_F1; 1–100 for Standard and Premium).')
@minValue(1)
@maxValue(100)
param capacity int

@description('Origins browsers may connect from; [\'*\'] for any.')
param allowedOrigins string[]

@description('Tags for every resource.')
param tags object

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'SignalR'
  sku: {
    name: skuName
    tier: split(skuName, '_')[0]
    capacity: capacity
  }
  properties: {
    features: [
      {
        flag: 'ServiceMode'
        value: 'Serverless'
      }
      {
        flag: 'EnableConnectivityLogs'
        value: 'True'
      }
      {
        flag: 'EnableMessagingLogs'
        value: 'False'
      }
    ]
    cors: {
      allowedOrigins: allowedOrigins
    }
    tls: {
      clientCertEnabled: false
    }
    // The host signs client tokens and calls the REST API with the access key in the connection string.
    disableLocalAuth: false
    disableAadAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

@description('SignalR Service name (the Key Vault module reads its connection string).')
output name string = signalR.name

@description('Public host name of the service.')
output hostName string = signalR.properties.hostName
