// The 2121 community-governance programme (东胜区民政局 "2121" 社区治理) on Azure:
// one storage account (tables for records, blobs for evidence and documents), a Function App
// on the Flex Consumption plan, Application Insights over a Log Analytics workspace, and a
// Key Vault holding the bootstrap staff token. The app reaches storage and the vault through
// its system-assigned identity only; no account key or connection string exists anywhere.
targetScope = 'resourceGroup'

@description('Azure region for every resource. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Short lowercase letters-and-digits prefix for resource names; storage account names allow nothing else.')
@minLength(3)
@maxLength(8)
param namePrefix string = 'dsgov'

@description('Deployment stage; part of every name, so dev, test and prod can share a subscription.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environment string = 'dev'

@description('Staff token that works before any token has been issued (Auth:BootstrapStaffToken). Stored only in Key Vault.')
@secure()
@minLength(32)
param bootstrapStaffToken string

@description('Upper bound on Flex Consumption instances; the platform accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Days Log Analytics keeps logs. Six months by default: the Cybersecurity Law (网络安全法, art. 21) asks operators to keep network logs at least that long.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 180

var prefix = toLower(namePrefix)
// Storage, vault and site names are global; the hash keeps them unique per resource group
// while a redeployment to the same group finds the same names again.
var suffix = uniqueString(resourceGroup().id, prefix, environment)
var tags = {
  programme: '2121'
  environment: environment
}

var storageAccountName = take('st${prefix}${environment}${suffix}', 24)
var keyVaultName = 'kv-${prefix}-${environment}-${take(suffix, 6)}'
var functionAppName = 'func-${prefix}-${environment}-${take(suffix, 6)}'
// Flex Consumption reads the app's package from this container, not from WEBSITE_RUN_FROM_PACKAGE.
var deploymentContainerName = 'app-package'
var bootstrapSecretName = 'bootstrap-staff-token'

// Built-in role definition ids (the same in every tenant).
var roles = {
  // Owner rather than Contributor: only Owner may ask for a user-delegation key, which
  // signs the read-only evidence and document links (SAS), and the host takes blob leases.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // The Functions host keeps queues in AzureWebJobsStorage for its own bookkeeping.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${prefix}-${environment}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${prefix}-${environment}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    // Evidence files are personal data: nothing is ever readable anonymously; downloads go
    // through short-lived user-delegation SAS links.
    allowBlobPublicAccess: false
    // Safe because everything in Azure signs in with the managed identity (the host through
    // AzureWebJobsStorage__*, the app through Storage__*, Flex deployment through the same
    // identity). Azurite, which needs a key, is only used on developer machines.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // An evidence file or a signed bulletin deleted by mistake can be restored for a week.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

// The app creates its own containers and tables on first use (names in docs/storage.md);
// only the one the platform needs before the app ever runs is declared here.
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access by Azure RBAC role assignments, not vault access policies, so who can read the
    // token shows up in the same place as every other permission.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection cannot be switched off again, so only production gets it; dev and
    // test vaults can then be deleted and recreated freely.
    enablePurgeProtection: environment == 'prod' ? true : null
  }
}

resource bootstrapSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: bootstrapSecretName
  properties: {
    value: bootstrapStaffToken
    contentType: 'text/plain'
  }
}

// Flex Consumption (FC1), not Consumption (Y1): the Linux Consumption plan is frozen (no
// language versions after .NET 9, retired in 2028) and cannot run a .NET 10 isolated worker,
// while Flex Consumption lists dotnet-isolated 10.0. It still scales to zero and bills per use,
// and it can deploy from a blob container with the app's managed identity.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${prefix}-${environment}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
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
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing goes through Microsoft Entra ID (az login); no FTP or basic-auth password exists.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Scoped to the vault rather than the secret so a rotated or added secret needs no new grant.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionApp.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// App settings are a child resource that waits for the role assignments: writing them
// restarts the app, so it starts (and resolves the Key Vault reference) once it may read
// the vault and the storage account, not before.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // The host's own storage (timer leases, bookkeeping queues) by identity. The account
    // name alone implies the public-cloud endpoints; the explicit service URIs take
    // precedence and keep this right in a sovereign cloud (e.g. Azure operated by 21Vianet).
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    // The app's own records and files; with endpoints and no key, Core uses a token credential.
    Storage__AccountName: storage.name
    Storage__TableEndpoint: storage.properties.primaryEndpoints.table
    Storage__BlobEndpoint: storage.properties.primaryEndpoints.blob
    // Versionless secret URI: a new secret version is picked up without redeploying.
    Auth__BootstrapStaffToken: '@Microsoft.KeyVault(SecretUri=${bootstrapSecret.properties.secretUri})'
    // Hourly tick in UTC. No WEBSITE_TIME_ZONE: month and quarter boundaries are computed in
    // code in Asia/Shanghai, and Linux plans ignore that setting anyway.
    TickSchedule: '0 0 * * * *'
    // Evidence blobs left without a record by a crash are removed hourly, at half past.
    EvidenceSweepSchedule: '0 30 * * * *'
  }
  dependsOn: [
    blobDataOwner
    tableDataContributor
    queueDataContributor
    secretsUser
    deploymentContainer
    tableService
  ]
}

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
output storageAccountName string = storage.name
output keyVaultName string = vault.name
