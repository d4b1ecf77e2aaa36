// The 2121 community-governance programme (东胜区民政局 "2121" 社区治理) on Azure.
//
// - A user-assigned identity, created and granted its roles before the Function App exists, so
//   the app's first start already reaches storage, the vault and Application Insights.
// - Two storage accounts: the Functions host's own (AzureWebJobsStorage: timer leases, host keys,
//   the deployment package) and the programme's records (tables, evidence, documents, dossiers,
//   backups), each with only the roles that account needs. Shared keys are off on both.
// - A Function App on Flex Consumption, or Elastic Premium where Flex Consumption is not offered
//   (hostingPlan), .NET 10 isolated on Linux.
// - Key Vault (the bootstrap staff token, the units' robot webhook URLs), Log Analytics and
//   Application Insights with Entra-only ingestion, an availability test on /api/health, and
//   alerts on notices that end 推送失败 and on failed job runs.
// Every endpoint comes from the resources or from environment(), so the same template deploys
// to Azure operated by 21Vianet (AzureChinaCloud).
targetScope = 'resourceGroup'

@description('Azure region for every resource. With hostingPlan FlexConsumption it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
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
param environment string = 'prod'

@description('FlexConsumption (serverless, the default) or ElasticPremium (EP1) for regions and clouds without Flex Consumption. Linux Consumption is not offered: it runs no .NET after 9.')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Staff token that works before any token has been issued (Auth:BootstrapStaffToken). Stored only in Key Vault.')
@secure()
@minLength(32)
param bootstrapStaffToken string

@description('Auth:BootstrapEnabled. Set \'false\' once personal staff tokens exist: the bootstrap token then stops working whatever its value. A string because azd passes environment values as text.')
@allowed([
  'true'
  'false'
])
param bootstrapEnabled string = 'true'

@description('Where alert e-mails go (notices that end 推送失败, failed job runs, /api/health down).')
param alertEmail string

@description('First day (yyyy-MM-dd) the timer catches up from (Jobs:Since). Empty: the first day of the month of this deployment. azd keeps the value of the first deployment (output JOBS_SINCE), so later deployments do not move it.')
param jobsSince string = ''

@description('Do not set: the first day of the current month (UTC), used when jobsSince is empty.')
param deploymentMonth string = utcNow('yyyy-MM-01')

@description('Units\' WeCom group-robot webhooks: [{"unit": "罕台镇", "secretName": "webhook-hantai"}]. Each URL (it holds the robot\'s key) is a Key Vault secret of that name, created beforehand; the app gets a Key Vault reference, never the URL.')
param webhooks array = []

@description('Object id of the administrator (azd fills in the signed-in user). Gets Key Vault Secrets Officer on the vault (to add webhook secrets, read and rotate the bootstrap token) and, on Elastic Premium, Storage Blob Data Contributor on the package container (to publish). Empty: no grant.')
param administratorPrincipalId string = ''

@description('Days a dossier (验收档案) stays undeletable and unmodifiable after it is written (time-based retention on the dossiers container). The policy is deployed unlocked: it can be shortened or removed until an administrator locks it.')
@minValue(1)
@maxValue(146000)
param dossierRetentionDays int = 3650

@description('Days a deleted or overwritten blob, and a deleted container, can be restored from soft delete in the records account.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 30

@description('Upper bound on Flex Consumption instances; the platform accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Upper bound on Elastic Premium instances (hostingPlan ElasticPremium).')
@minValue(1)
@maxValue(100)
param elasticMaximumWorkerCount int = 5

@description('Days Log Analytics keeps logs. Six months by default: the Cybersecurity Law (网络安全法, art. 21) asks operators to keep network logs at least that long.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 180

@description('Availability test locations probing /api/health (ids as listed by Azure Monitor for the cloud). Empty: no availability test. The defaults are the public cloud\'s East Asia, Southeast Asia and Japan East.')
param availabilityTestLocations array = [
  'apac-hk-hkn-azr'
  'apac-sg-sin-azr'
  'apac-jp-kaw-edge'
]

var prefix = toLower(namePrefix)
var flex = hostingPlan == 'FlexConsumption'
// Storage, vault and site names are global; the hash keeps them unique per resource group
// while a redeployment to the same group finds the same names again.
var suffix = uniqueString(resourceGroup().id, prefix, environment)
var tags = {
  programme: '2121'
  environment: environment
}

// The records account keeps the name the single account had, so an existing deployment keeps
// its data where it is; the host gets a new account of its own.
var recordsStorageName = take('st${prefix}${environment}${suffix}', 24)
var hostStorageName = take('sth${prefix}${environment}${suffix}', 24)
var keyVaultName = 'kv-${prefix}-${environment}-${take(suffix, 6)}'
var functionAppName = 'func-${prefix}-${environment}-${take(suffix, 6)}'
var identityName = 'id-${prefix}-${environment}'
// Flex Consumption reads the app's package from this container; on Elastic Premium the app runs
// from the blob packageBlobName in it (WEBSITE_RUN_FROM_PACKAGE).
var deploymentContainerName = 'app-package'
var packageBlobName = 'functions.zip'
var bootstrapSecretName = 'bootstrap-staff-token'
// The app's own containers (docs/storage.md); Storage__NamePrefix stays empty in Azure.
var dossierContainerName = 'dossiers'
var backupContainerName = 'backups'
var vaultUri = 'https://${keyVaultName}${az.environment().suffixes.keyvaultDns}/'

// The largest request body the app accepts: an evidence upload (Evidence:MaxFileBytes, 50 MB by
// default) plus the multipart allowance (1 MB), EvidenceOptions.MaxRequestBytes. An allocation
// import (10 MB + 1 MB) and field-only bodies (256 KB) are smaller. The host refuses anything
// larger before the worker reads it.
var maxRequestBodyBytes = 50 * 1024 * 1024 + 1024 * 1024

// Built-in role definition ids (the same in every tenant and cloud).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

// User-assigned rather than system-assigned: it exists, and holds its roles, before the app does,
// so nothing races the first start (no 403 on the first publish, no unresolved Key Vault reference).
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------

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
    // Entra-only ingestion: the connection string alone (it is not a secret) cannot send
    // telemetry; the app signs in with its identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    DisableLocalAuth: true
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${prefix}-${environment}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('2121${environment}', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'administrator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// The app logs these two events with a stable EventId name (Governance.Core.LogEvents), also
// written into the message, so the query matches whichever column the logger put it in: a trace's
// Message, an exception's Properties (FormattedMessage), or Properties.EventName.
var failureQueries = {
  NoticePushFailed: {
    displayName: 'Notices that ended 推送失败'
    description: 'A notice used up its push attempts to the unit\'s WeCom robot and is marked 推送失败: the unit was not told. Check GET /api/notices and the unit\'s webhook secret.'
  }
  JobFailed: {
    displayName: 'Failed job runs'
    description: 'A timer run of a job (reminders, dispatch, bulletin, deadline warnings) threw; the next tick retries it. Check the exception in Application Insights.'
  }
}

resource failureAlerts 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for event in items(failureQueries): {
  name: 'alert-${event.key}-${prefix}-${environment}'
  location: location
  tags: tags
  properties: {
    displayName: event.value.displayName
    description: event.value.description
    severity: 2
    enabled: true
    scopes: [
      logs.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'union isfuzzy=true AppTraces, AppExceptions\n| where _ResourceId =~ \'${toLower(appInsights.id)}\'\n| where tostring(Properties.EventName) == \'${event.key}\' or Message has \'${event.key}\' or tostring(Properties) has \'${event.key}\''
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}]

// ---------------------------------------------------------------------------------------------
// Storage: the host's account
// ---------------------------------------------------------------------------------------------

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: hostStorageName
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
    allowBlobPublicAccess: false
    // The host (AzureWebJobsStorage__*) and the platform's package download sign in with the
    // identity; no key exists to leak.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource hostBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: hostStorage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: hostBlobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: the programme's records
// ---------------------------------------------------------------------------------------------

resource recordsStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: recordsStorageName
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
    // The app signs in with the identity (Records__credential); user-delegation SAS needs no key.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource recordsBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: recordsStorage
  name: 'default'
  properties: {
    // Nothing lost: an overwritten blob keeps its previous version, a deleted blob or container
    // can be restored for softDeleteRetentionDays.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource recordsTableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: recordsStorage
  name: 'default'
}

// The app creates its other containers and tables on first use (docs/storage.md); these two are
// declared because the template puts policy on them or the backup needs them from the start.
resource dossierContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: recordsBlobService
  name: dossierContainerName
  properties: {
    publicAccess: 'None'
  }
}

// An acceptance dossier (验收档案) is a record: once written it can be neither changed nor deleted
// for dossierRetentionDays. Deployed unlocked, so a mistaken period can still be corrected; lock
// it once agreed (az storage container immutability-policy lock), after which it can only be
// extended.
resource dossierRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: dossierContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: dossierRetentionDays
    allowProtectedAppendWrites: false
  }
}

resource backupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: recordsBlobService
  name: backupContainerName
  properties: {
    publicAccess: 'None'
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault
// ---------------------------------------------------------------------------------------------

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
    // secrets shows up in the same place as every other permission.
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

// ---------------------------------------------------------------------------------------------
// Role assignments: every one is for the user-assigned identity, except the optional two for the
// administrator at the end. Each is the smallest built-in role that works, on the narrowest scope.
// ---------------------------------------------------------------------------------------------

// Host account, Storage Blob Data Owner: what the Functions documentation requires for an
// identity-based AzureWebJobsStorage (timer schedule monitors and singleton leases, host keys) and
// for the Flex Consumption deployment container. Only blob: timers and HTTP triggers use no host
// queues or tables. The account holds no records, so Owner here reaches none.
resource hostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, identity.id, roles.storageBlobDataOwner)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Records account, Storage Table Data Contributor: the app reads and writes its tables
// (assignments, reports, notices, tokens, audit, ...) and creates them on first use.
resource recordsTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(recordsStorage.id, identity.id, roles.storageTableDataContributor)
  scope: recordsStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Records account, Storage Blob Data Contributor: evidence, documents, dossiers and backups are
// written, read and (evidence orphans) deleted. It also includes
// blobServices/generateUserDelegationKey/action, the user-delegation key that signs the 15-minute
// download links, so neither Owner nor Storage Blob Delegator is needed.
resource recordsBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(recordsStorage.id, identity.id, roles.storageBlobDataContributor)
  scope: recordsStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault Secrets User (read secret values) on the vault: resolves the Key Vault references of
// the bootstrap token and the webhook URLs. Scoped to the vault rather than each secret so a
// rotated or added secret needs no new grant; the vault holds nothing else.
resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Monitoring Metrics Publisher on the Application Insights resource: with local auth disabled,
// the role Entra-authenticated telemetry ingestion requires, and nothing more (no read access).
resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The administrator (optional): Key Vault Secrets Officer on the vault, to add the webhook
// secrets the app refers to and to read or rotate the bootstrap token.
resource administratorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(administratorPrincipalId)) {
  name: guid(vault.id, administratorPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: administratorPrincipalId
  }
}

// The administrator on Elastic Premium (optional): Storage Blob Data Contributor on the package
// container only, to upload the package the app runs from. Flex Consumption needs none: its
// publish goes through the app, which writes the package with its own identity.
resource administratorPackageContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!flex && !empty(administratorPrincipalId)) {
  name: guid(deploymentContainer.id, administratorPrincipalId, roles.storageBlobDataContributor)
  scope: deploymentContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: administratorPrincipalId
  }
}

// ---------------------------------------------------------------------------------------------
// Function App
// ---------------------------------------------------------------------------------------------

// Flex Consumption (FC1) by default: serverless, scales to zero, deploys from a blob container
// with the identity, and lists dotnet-isolated 10.0. Linux Consumption (Y1) is frozen at .NET 9.
// Elastic Premium (EP1) where Flex Consumption is not offered, e.g. some Azure China regions.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${prefix}-${environment}'
  location: location
  tags: tags
  kind: flex ? 'functionapp' : 'elastic'
  sku: flex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: 'EP1'
        tier: 'ElasticPremium'
      }
  properties: {
    reserved: true
    maximumElasticWorkerCount: flex ? null : elasticMaximumWorkerCount
  }
}

var flexConfig = {
  deployment: {
    storage: {
      type: 'blobContainer'
      value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
      authentication: {
        type: 'UserAssignedIdentity'
        userAssignedIdentityResourceId: identity.id
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

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  // azd deploys the service 'api' of azure.yaml to the resource carrying this tag.
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (there is no system one).
    keyVaultReferenceIdentity: identity.id
    siteConfig: union(
      {
        minTlsVersion: '1.2'
        ftpsState: 'Disabled'
      },
      flex
        ? {}
        : {
            linuxFxVersion: 'DOTNET-ISOLATED|10.0'
          }
    )
    functionAppConfig: flex ? flexConfig : null
  }
  // Created only once its identity may read the vault, the storage and the telemetry resource.
  dependsOn: [
    hostBlobOwner
    recordsTableContributor
    recordsBlobContributor
    vaultSecretsUser
    telemetryPublisher
    deploymentContainer
  ]
}

// Publishing goes through Microsoft Entra ID; no FTP or basic-auth password exists.
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

// Notices__Webhooks__<i>__Unit / __Url: App Service setting names allow only ASCII letters,
// digits, '_' and '.', so the list is indexed rather than keyed by the unit's Chinese name.
var webhookSettings = toObject(
  flatten(map(range(0, length(webhooks)), i => [
    {
      name: 'Notices__Webhooks__${i}__Unit'
      value: webhooks[i].unit
    }
    {
      name: 'Notices__Webhooks__${i}__Url'
      value: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${webhooks[i].secretName})'
    }
  ])),
  entry => entry.name,
  entry => entry.value
)

// Settings only the Elastic Premium plan takes; Flex Consumption refuses them (its runtime and
// package are in functionAppConfig). The package is a blob read with the identity, so no Azure
// Files content share (which would need an account key) exists.
var elasticSettings = flex
  ? {}
  : {
      FUNCTIONS_EXTENSION_VERSION: '~4'
      FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
      WEBSITE_RUN_FROM_PACKAGE: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}/${packageBlobName}'
      WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identity.id
    }

// The whole list: a deployment replaces every app setting, so a setting changed by hand in the
// portal is undone by the next deployment; change it here or through a parameter instead.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(
    {
      // The host's own storage by identity: blob only (see hostBlobOwner). The service URI comes
      // from the account, so it is right in any cloud.
      AzureWebJobsStorage__blobServiceUri: hostStorage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      // Telemetry with Entra auth: the connection string names the resource, the authentication
      // string makes the SDK sign in as the identity (Monitoring Metrics Publisher).
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.properties.clientId}'
      // The programme's records, by the same identity and the same __serviceUri / __credential /
      // __clientId convention as the host.
      Records__tableServiceUri: recordsStorage.properties.primaryEndpoints.table
      Records__blobServiceUri: recordsStorage.properties.primaryEndpoints.blob
      Records__credential: 'managedidentity'
      Records__clientId: identity.properties.clientId
      Storage__NamePrefix: ''
      // Versionless secret URI: a new secret version is picked up without redeploying.
      Auth__BootstrapStaffToken: '@Microsoft.KeyVault(SecretUri=${bootstrapSecret.properties.secretUri})'
      Auth__BootstrapEnabled: bootstrapEnabled
      // Hourly tick in UTC. No WEBSITE_TIME_ZONE: month and quarter boundaries are computed in
      // code in Asia/Shanghai, and Linux plans ignore that setting anyway.
      TickSchedule: '0 0 * * * *'
      // Evidence blobs left without a record by a crash are removed hourly, at half past.
      EvidenceSweepSchedule: '0 30 * * * *'
      // Nightly table export at 19:00 UTC, 03:00 Beijing time, when no town is reporting.
      BackupSchedule: '0 0 19 * * *'
      // Without it the first tick would walk back to the programme's first year.
      Jobs__Since: empty(jobsSince) ? deploymentMonth : jobsSince
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: string(maxRequestBodyBytes)
      // Where a cut WeCom message links to for the full text.
      Notices__PublicBaseUrl: 'https://${functionApp.properties.defaultHostName}'
    },
    webhookSettings,
    elasticSettings
  )
}

// A standard test from several regions: /api/health answers 200 only when the app reaches its
// storage with its identity.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = if (!empty(availabilityTestLocations)) {
  name: 'webtest-health-${prefix}-${environment}'
  location: location
  // The hidden link shows the test under the Application Insights resource.
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-health-${prefix}-${environment}'
    Name: 'GET /api/health'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [for id in availabilityTestLocations: {
      Id: id
    }]
    Request: {
      RequestUrl: 'https://${functionApp.properties.defaultHostName}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
  dependsOn: [
    appSettings
  ]
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = if (!empty(availabilityTestLocations)) {
  name: 'alert-health-${prefix}-${environment}'
  location: 'global'
  tags: tags
  properties: {
    description: '/api/health failed from at least two locations: the app is down or cannot reach its storage.'
    severity: 1
    enabled: true
    scopes: [
      healthTest.id
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: appInsights.id
      failedLocationCount: min(2, length(availabilityTestLocations))
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
output hostStorageAccountName string = hostStorage.name
output recordsStorageAccountName string = recordsStorage.name
output keyVaultName string = vault.name
output identityClientId string = identity.properties.clientId
output hostingPlan string = hostingPlan
// azd stores outputs in the environment (.azure/<env>/.env); main.parameters.json feeds this back
// as jobsSince, so the first deployment's month stays the catch-up start.
output JOBS_SINCE string = empty(jobsSince) ? deploymentMonth : jobsSince
