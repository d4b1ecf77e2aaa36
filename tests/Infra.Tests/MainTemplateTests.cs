using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Core;
using Governance.Core.Allocations;
using Governance.Core.Evidence;

namespace Governance.Infra.Tests;

/// <summary>
/// infra/main.bicep compiles, and what it deploys in either hosting variant is what the app needs
/// and no more: a broken or weakened template fails here instead of in a deployment to the
/// bureau's subscription.
/// </summary>
public sealed partial class MainTemplateTests(CompiledTemplate template, Variants variants)
    : IClassFixture<CompiledTemplate>, IClassFixture<Variants>
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    [Fact]
    public void Template_compiles_without_errors_or_warnings()
    {
        Assert.True(template.Build.ExitCode == 0, $"bicep build exited {template.Build.ExitCode}:\n{template.Build.StandardError}");
        Assert.True(string.IsNullOrWhiteSpace(template.Build.StandardError), $"bicep build reported:\n{template.Build.StandardError}");
        Assert.Equal(JsonValueKind.Object, template.Root.ValueKind);
    }

    [Fact]
    public void Both_hosting_variants_evaluate_without_errors_or_warnings()
    {
        foreach (var variant in variants.Both)
        {
            Assert.True(variant.Run.ExitCode == 0, $"bicep snapshot {variant.Name} exited {variant.Run.ExitCode}:\n{variant.Run.StandardOutput}\n{variant.Run.StandardError}");
            Assert.True(string.IsNullOrWhiteSpace(variant.Run.StandardError), $"bicep snapshot {variant.Name} reported:\n{variant.Run.StandardError}");
            Assert.Empty(variant.Root.GetProperty("diagnostics").EnumerateArray());
        }
    }

    [Fact]
    public void Flex_variant_runs_dotnet_isolated_10_on_flex_consumption_deployed_from_the_host_account_by_the_identity()
    {
        var flex = variants.Flex;
        var plan = flex.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());

        var config = Site(flex).GetProperty("properties").GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        var storage = config.GetProperty("deployment").GetProperty("storage");
        Assert.Contains(HostAccountId(flex), storage.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.blob, 'app-package')]", storage.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal(IdentityId(flex), storage.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString());

        // Flex Consumption refuses the settings that name the runtime or a package URL.
        var settings = flex.AppSettings;
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings.Keys);
    }

    [Fact]
    public void Elastic_premium_variant_runs_dotnet_isolated_10_from_a_package_blob_read_by_the_identity_without_a_file_share()
    {
        var elastic = variants.Elastic;
        var plan = elastic.Single("Microsoft.Web/serverfarms");
        Assert.Equal("EP1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("ElasticPremium", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean(), "the plan must be Linux");

        var properties = Site(elastic).GetProperty("properties");
        Assert.Equal("DOTNET-ISOLATED|10.0", properties.GetProperty("siteConfig").GetProperty("linuxFxVersion").GetString());
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("functionAppConfig").ValueKind);

        var settings = elastic.AppSettings;
        Assert.Equal("~4", settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Contains(HostAccountId(elastic), settings["WEBSITE_RUN_FROM_PACKAGE"], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.blob, 'app-package', 'functions.zip')]", settings["WEBSITE_RUN_FROM_PACKAGE"], StringComparison.Ordinal);
        Assert.Equal(IdentityId(elastic), settings["WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID"]);
        // An Azure Files content share would need an account key, and keys are off.
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("WEBSITE_CONTENT", StringComparison.Ordinal));
    }

    [Fact]
    public void The_app_has_only_the_user_assigned_identity_and_resolves_key_vault_references_with_it()
    {
        foreach (var variant in variants.Both)
        {
            var site = Site(variant);
            Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
            var identity = site.GetProperty("identity");
            Assert.Equal("UserAssigned", identity.GetProperty("type").GetString());
            var assigned = Assert.Single(identity.GetProperty("userAssignedIdentities").EnumerateObject());
            Assert.Equal(IdentityId(variant), assigned.Name);
            var properties = site.GetProperty("properties");
            Assert.Equal(IdentityId(variant), properties.GetProperty("keyVaultReferenceIdentity").GetString());
            Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
            Assert.Equal("Disabled", properties.GetProperty("siteConfig").GetProperty("ftpsState").GetString());
            Assert.Equal("api", site.GetProperty("tags").GetProperty("azd-service-name").GetString());
        }
        Assert.DoesNotContain("SystemAssigned", template.Build.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_assignments_are_exactly_the_smallest_roles_on_the_right_account_for_the_right_principal()
    {
        var flex = variants.Flex;
        var identity = $"[reference('{IdentityId(flex)}', '2023-01-31').principalId]";
        string[] app =
        [
            Grant(HostAccountId(flex), StorageBlobDataOwner, identity),
            Grant(RecordsAccountId(flex), StorageTableDataContributor, identity),
            Grant(RecordsAccountId(flex), StorageBlobDataContributor, identity),
            Grant(flex.ResourceId("Microsoft.KeyVault/vaults", VaultName(flex)), KeyVaultSecretsUser, identity),
            Grant(flex.ResourceId("Microsoft.Insights/components", "appi-dsgov-prod"), MonitoringMetricsPublisher, identity),
            Grant(flex.ResourceId("Microsoft.KeyVault/vaults", VaultName(flex)), KeyVaultSecretsOfficer, Variants.AdministratorId),
        ];
        Assert.Equal(app.Order(StringComparer.Ordinal), Grants(flex).Order(StringComparer.Ordinal));

        // On Elastic Premium the administrator publishes by uploading the package blob: a grant on
        // that one container, nothing wider.
        var elastic = variants.Elastic;
        var elasticIdentity = $"[reference('{IdentityId(elastic)}', '2023-01-31').principalId]";
        string[] withPackage =
        [
            Grant(HostAccountId(elastic), StorageBlobDataOwner, elasticIdentity),
            Grant(RecordsAccountId(elastic), StorageTableDataContributor, elasticIdentity),
            Grant(RecordsAccountId(elastic), StorageBlobDataContributor, elasticIdentity),
            Grant(elastic.ResourceId("Microsoft.KeyVault/vaults", VaultName(elastic)), KeyVaultSecretsUser, elasticIdentity),
            Grant(elastic.ResourceId("Microsoft.Insights/components", "appi-dsgov-test"), MonitoringMetricsPublisher, elasticIdentity),
            Grant(elastic.ResourceId("Microsoft.KeyVault/vaults", VaultName(elastic)), KeyVaultSecretsOfficer, Variants.AdministratorId),
            Grant($"{HostAccountId(elastic)}/blobServices/default/containers/app-package", StorageBlobDataContributor, Variants.AdministratorId),
        ];
        Assert.Equal(withPackage.Order(StringComparer.Ordinal), Grants(elastic).Order(StringComparer.Ordinal));

        // The identity's grants name it a service principal, so they apply before it replicates.
        Assert.All(elastic.OfType("Microsoft.Authorization/roleAssignments")
                .Where(a => a.GetProperty("properties").GetProperty("principalId").GetString() == elasticIdentity),
            a => Assert.Equal("ServicePrincipal", a.GetProperty("properties").GetProperty("principalType").GetString()));
    }

    [Fact]
    public void The_app_is_created_only_after_its_identity_holds_every_role_it_needs()
    {
        var site = Assert.Single(template.OfType("Microsoft.Web/sites"));
        var dependsOn = site.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()!).ToList();
        var grants = dependsOn.Where(d => d.Contains("Microsoft.Authorization/roleAssignments", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, grants.Count);
        foreach (var role in new[] { "storageBlobDataOwner", "storageTableDataContributor", "storageBlobDataContributor", "keyVaultSecretsUser", "monitoringMetricsPublisher" })
        {
            Assert.Contains(grants, d => d.Contains($"variables('roles').{role}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Both_storage_accounts_are_https_only_private_and_keyless()
    {
        foreach (var variant in variants.Both)
        {
            var accounts = variant.OfType("Microsoft.Storage/storageAccounts").ToList();
            Assert.Equal(2, accounts.Count);
            Assert.Contains(accounts, a => a.GetProperty("id").GetString() == HostAccountId(variant));
            Assert.Contains(accounts, a => a.GetProperty("id").GetString() == RecordsAccountId(variant));
            Assert.All(accounts, account =>
            {
                Assert.Equal("StorageV2", account.GetProperty("kind").GetString());
                var properties = account.GetProperty("properties");
                Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
                Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
                Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
                Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
            });
        }
    }

    [Fact]
    public void Records_keep_blob_versions_and_soft_deleted_blobs_and_dossiers_are_immutable_for_the_set_days()
    {
        foreach (var (variant, days) in new[] { (variants.Flex, 3650), (variants.Elastic, 1825) })
        {
            var records = RecordsAccountId(variant);
            var blobs = Assert.Single(variant.OfType("Microsoft.Storage/storageAccounts/blobServices"),
                b => b.GetProperty("id").GetString() == $"{records}/blobServices/default").GetProperty("properties");
            Assert.True(blobs.GetProperty("isVersioningEnabled").GetBoolean());
            Assert.True(blobs.GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean());
            Assert.True(blobs.GetProperty("containerDeleteRetentionPolicy").GetProperty("enabled").GetBoolean());
            Assert.Equal(30, blobs.GetProperty("deleteRetentionPolicy").GetProperty("days").GetInt32());

            var containers = variant.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
                .Select(c => c.GetProperty("id").GetString()).ToList();
            Assert.Contains($"{records}/blobServices/default/containers/dossiers", containers);
            Assert.Contains($"{records}/blobServices/default/containers/backups", containers);
            Assert.Contains($"{HostAccountId(variant)}/blobServices/default/containers/app-package", containers);

            var policy = variant.Single("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");
            Assert.Equal($"{records}/blobServices/default/containers/dossiers/immutabilityPolicies/default", policy.GetProperty("id").GetString());
            Assert.Equal(days, policy.GetProperty("properties").GetProperty("immutabilityPeriodSinceCreationInDays").GetInt32());
            Assert.False(policy.GetProperty("properties").GetProperty("allowProtectedAppendWrites").GetBoolean());
        }
    }

    [Fact]
    public void Host_and_records_storage_are_reached_by_the_identity_with_service_uris_and_no_key()
    {
        var flex = variants.Flex;
        var settings = flex.AppSettings;
        var clientId = $"[reference('{IdentityId(flex)}', '2023-01-31').clientId]";
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal($"[reference('{HostAccountId(flex)}', '2023-05-01').primaryEndpoints.blob]", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal($"[reference('{RecordsAccountId(flex)}', '2023-05-01').primaryEndpoints.table]", settings["Records__tableServiceUri"]);
        Assert.Equal($"[reference('{RecordsAccountId(flex)}', '2023-05-01').primaryEndpoints.blob]", settings["Records__blobServiceUri"]);
        Assert.Equal("managedidentity", settings["Records__credential"]);
        Assert.Equal(clientId, settings["Records__clientId"]);
        Assert.Equal("", settings["Storage__NamePrefix"]);

        // A connection string or account key would bypass the identity (and fail with keys off);
        // the old single-account settings are gone.
        foreach (var gone in new[] { "AzureWebJobsStorage", "AzureWebJobsStorage__accountName", "Storage__AccountName", "Storage__TableEndpoint", "Storage__BlobEndpoint", "Storage__ConnectionString" })
        {
            Assert.DoesNotContain(gone, settings.Keys);
        }
        Assert.DoesNotContain("listKeys", template.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", template.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Schedules_catch_up_start_and_body_limit_match_the_app()
    {
        var settings = variants.Flex.AppSettings;
        Assert.Equal("0 0 * * * *", settings["TickSchedule"]);
        Assert.Equal("0 30 * * * *", settings["EvidenceSweepSchedule"]);
        Assert.Equal("0 0 19 * * *", settings["BackupSchedule"]); // 03:00 Beijing time
        Assert.Equal(Variants.FlexJobsSince, settings["Jobs__Since"]);
        // Without a jobsSince, the first day of the deployment's month (azd keeps it as JOBS_SINCE).
        Assert.Equal("[utcNow('yyyy-MM-01')]", variants.Elastic.AppSettings["Jobs__Since"]);
        Assert.Equal("[utcNow('yyyy-MM-01')]", variants.Elastic.Root.GetProperty("outputs").GetProperty("JOBS_SINCE").GetString());
        // Periods are computed in Asia/Shanghai in code; a host time zone would shift CRON too.
        Assert.DoesNotContain("WEBSITE_TIME_ZONE", settings.Keys);

        // The host's limit is the largest body the app accepts: an evidence upload with its
        // multipart framing; an allocation import is smaller.
        var limit = long.Parse(settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new EvidenceOptions().MaxRequestBytes, limit);
        Assert.True(limit >= AllocationImportService.MaxFileBytes + EvidenceOptions.MultipartAllowance);
    }

    [Fact]
    public void Webhooks_are_an_indexed_list_of_units_with_key_vault_references_and_every_setting_name_is_ascii()
    {
        var settings = variants.Flex.AppSettings;
        Assert.Equal("罕台镇", settings["Notices__Webhooks__0__Unit"]);
        Assert.Equal("兴胜街道办事处", settings["Notices__Webhooks__1__Unit"]);
        foreach (var (index, secret) in new[] { (0, "webhook-hantai"), (1, "webhook-xingsheng") })
        {
            var url = settings[$"Notices__Webhooks__{index}__Url"];
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})'", url, StringComparison.Ordinal);
            Assert.Contains(VaultName(variants.Flex), url, StringComparison.Ordinal);
            Assert.Contains("environment().suffixes.keyvaultDns", url, StringComparison.Ordinal);
            Assert.Contains($"'{secret}'", url, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(variants.Elastic.AppSettings.Keys, k => k.StartsWith("Notices__Webhooks", StringComparison.Ordinal));
        foreach (var variant in variants.Both)
        {
            // App Service setting names allow letters, digits, '_' and '.' only.
            Assert.All(variant.AppSettings.Keys, name => Assert.Matches(SettingName(), name));
        }
    }

    [Fact]
    public void Key_vault_uses_rbac_and_holds_the_bootstrap_token_from_a_secure_parameter_the_app_reads_by_reference()
    {
        var vault = Assert.Single(template.OfType("Microsoft.KeyVault/vaults"));
        Assert.True(vault.GetProperty("properties").GetProperty("enableRbacAuthorization").GetBoolean());

        var secret = Assert.Single(template.OfType("Microsoft.KeyVault/vaults/secrets"));
        Assert.Equal("[parameters('bootstrapStaffToken')]", secret.GetProperty("properties").GetProperty("value").GetString());
        var parameter = template.Root.GetProperty("parameters").GetProperty("bootstrapStaffToken");
        Assert.Equal("securestring", parameter.GetProperty("type").GetString(), ignoreCase: true);
        Assert.False(parameter.TryGetProperty("defaultValue", out _), "the bootstrap token must have no default");

        Assert.Equal("true", variants.Flex.AppSettings["Auth__BootstrapEnabled"]);
        var value = variants.Flex.AppSettings["Auth__BootstrapStaffToken"];
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", value, StringComparison.Ordinal);
        Assert.Contains($"Microsoft.KeyVault/vaults/{VaultName(variants.Flex)}/secrets/bootstrap-staff-token", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_accepts_only_entra_ingestion_by_the_identity()
    {
        foreach (var variant in variants.Both)
        {
            var insights = variant.Single("Microsoft.Insights/components").GetProperty("properties");
            Assert.True(insights.GetProperty("DisableLocalAuth").GetBoolean());
            Assert.Contains("Microsoft.OperationalInsights/workspaces/log-dsgov-", insights.GetProperty("WorkspaceResourceId").GetString(), StringComparison.Ordinal);
            var settings = variant.AppSettings;
            Assert.Contains(".ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
            Assert.Equal($"[format('Authorization=AAD;ClientId={{0}}', reference('{IdentityId(variant)}', '2023-01-31').clientId)]",
                settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        }
    }

    [Fact]
    public void Health_is_probed_by_a_standard_availability_test_that_alerts_when_two_locations_fail()
    {
        var flex = variants.Flex;
        var test = flex.Single("Microsoft.Insights/webtests");
        Assert.Equal("standard", test.GetProperty("kind").GetString());
        var properties = test.GetProperty("properties");
        Assert.True(properties.GetProperty("Enabled").GetBoolean());
        Assert.Equal(3, properties.GetProperty("Locations").GetArrayLength());
        var request = properties.GetProperty("Request");
        Assert.Equal("GET", request.GetProperty("HttpVerb").GetString());
        Assert.Equal($"[format('https://{{0}}/api/health', reference('{flex.ResourceId("Microsoft.Web/sites", Site(flex).GetProperty("name").GetString()!)}', '2024-04-01').defaultHostName)]",
            request.GetProperty("RequestUrl").GetString());
        Assert.Equal(200, properties.GetProperty("ValidationRules").GetProperty("ExpectedHttpStatusCode").GetInt32());
        var appInsights = flex.ResourceId("Microsoft.Insights/components", "appi-dsgov-prod");
        Assert.Equal("Resource", test.GetProperty("tags").GetProperty($"hidden-link:{appInsights}").GetString());

        var alert = flex.Single("Microsoft.Insights/metricAlerts").GetProperty("properties");
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", alert.GetProperty("criteria").GetProperty("odata.type").GetString());
        Assert.Equal(2, alert.GetProperty("criteria").GetProperty("failedLocationCount").GetInt32());

        // Where no test locations are given (a cloud without them), neither exists.
        Assert.Empty(variants.Elastic.OfType("Microsoft.Insights/webtests"));
        Assert.Empty(variants.Elastic.OfType("Microsoft.Insights/metricAlerts"));
    }

    [Fact]
    public void Failed_pushes_and_failed_job_runs_alert_the_administrator_by_the_events_the_app_logs()
    {
        foreach (var variant in variants.Both)
        {
            var group = variant.Single("Microsoft.Insights/actionGroups");
            var receiver = Assert.Single(group.GetProperty("properties").GetProperty("emailReceivers").EnumerateArray());
            Assert.Equal("ops@example.org", receiver.GetProperty("emailAddress").GetString());

            var rules = variant.OfType("Microsoft.Insights/scheduledQueryRules").ToList();
            Assert.Equal(2, rules.Count);
            foreach (var logged in new[] { LogEvents.NoticePushFailed.Name!, LogEvents.JobFailed.Name! })
            {
                var rule = Assert.Single(rules, r => r.GetProperty("name").GetString()!.Contains(logged, StringComparison.Ordinal)).GetProperty("properties");
                Assert.True(rule.GetProperty("enabled").GetBoolean());
                Assert.Equal(variant.ResourceId("Microsoft.OperationalInsights/workspaces", $"log-dsgov-{(variant == variants.Flex ? "prod" : "test")}"),
                    Assert.Single(rule.GetProperty("scopes").EnumerateArray()).GetString());
                var criterion = Assert.Single(rule.GetProperty("criteria").GetProperty("allOf").EnumerateArray());
                var query = criterion.GetProperty("query").GetString()!;
                Assert.Contains("AppTraces", query, StringComparison.Ordinal);
                Assert.Contains("AppExceptions", query, StringComparison.Ordinal);
                Assert.Contains($"'{logged}'", query, StringComparison.Ordinal);
                Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
                Assert.Equal(0, criterion.GetProperty("threshold").GetInt32());
                Assert.Equal(group.GetProperty("id").GetString(), Assert.Single(rule.GetProperty("actions").GetProperty("actionGroups").EnumerateArray()).GetString());
            }
        }
    }

    [Fact]
    public void No_cloud_specific_host_name_is_written_into_the_template()
    {
        foreach (var suffix in new[] { "core.windows.net", "azurewebsites.net", "vault.azure.net", "chinacloudapi.cn", "chinacloudsites.cn", "vault.azure.cn" })
        {
            Assert.DoesNotContain(suffix, template.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Outputs_name_the_function_app_its_host_and_the_catch_up_start()
    {
        var outputs = template.Root.GetProperty("outputs");
        var site = Assert.Single(template.OfType("Microsoft.Web/sites"));
        Assert.Equal(site.GetProperty("name").GetString(), outputs.GetProperty("functionAppName").GetProperty("value").GetString());
        Assert.Contains("defaultHostName", outputs.GetProperty("functionAppHostName").GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal(Variants.FlexJobsSince, variants.Flex.Root.GetProperty("outputs").GetProperty("JOBS_SINCE").GetString());
    }

    [Fact]
    public void Azd_parameters_file_sets_only_declared_parameters_and_no_secret_and_keeps_the_first_jobs_since()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("infra", "main.parameters.json")));
        var declared = template.Root.GetProperty("parameters");
        foreach (var parameter in file.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(parameter.Name, out var definition), $"main.bicep has no parameter '{parameter.Name}'");
            Assert.NotEqual("securestring", definition.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        }
        // The JOBS_SINCE output comes back in as jobsSince on the next azd provision.
        Assert.Equal("${JOBS_SINCE}", file.RootElement.GetProperty("parameters").GetProperty("jobsSince").GetProperty("value").GetString());
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_to_the_app_the_template_tags()
    {
        var yaml = File.ReadAllText(Repository.PathOf("azure.yaml"));
        var service = ServiceBlock().Match(yaml);
        Assert.True(service.Success, "azure.yaml has no services entry");
        Assert.Equal("api", service.Groups["name"].Value);
        Assert.Matches(@"(?m)^\s+project:\s+\./src/Functions\s*$", service.Value);
        Assert.Matches(@"(?m)^\s+language:\s+dotnet\s*$", service.Value);
        Assert.Matches(@"(?m)^\s+host:\s+function\s*$", service.Value);
        Assert.True(Directory.Exists(Repository.PathOf("src", "Functions")));
        Assert.Equal(service.Groups["name"].Value, Site(variants.Flex).GetProperty("tags").GetProperty("azd-service-name").GetString());
    }

    private static JsonElement Site(Snapshot variant) => variant.Single("Microsoft.Web/sites");

    private static string IdentityId(Snapshot variant) =>
        variant.Single("Microsoft.ManagedIdentity/userAssignedIdentities").GetProperty("id").GetString()!;

    private static string HostAccountId(Snapshot variant) => Account(variant, "sth");

    private static string RecordsAccountId(Snapshot variant) => Account(variant, "std");

    private static string Account(Snapshot variant, string namePrefix) =>
        Assert.Single(variant.OfType("Microsoft.Storage/storageAccounts"),
            a => a.GetProperty("name").GetString()!.StartsWith(namePrefix, StringComparison.Ordinal)).GetProperty("id").GetString()!;

    private static string VaultName(Snapshot variant) => variant.Single("Microsoft.KeyVault/vaults").GetProperty("name").GetString()!;

    private static string Grant(string scope, string role, string principal) => $"{scope} | {role} | {principal}";

    private static IEnumerable<string> Grants(Snapshot variant) =>
        variant.OfType("Microsoft.Authorization/roleAssignments").Select(a =>
        {
            var id = a.GetProperty("id").GetString()!;
            var scope = id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)];
            var properties = a.GetProperty("properties");
            var role = properties.GetProperty("roleDefinitionId").GetString()!;
            return Grant(scope, role[(role.LastIndexOf('/') + 1)..], properties.GetProperty("principalId").GetString()!);
        });

    [GeneratedRegex(@"^[A-Za-z0-9_.]+$")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"(?ms)^services:\s*\n\s+(?<name>[a-z0-9-]+):\s*\n(?:\s{4,}.*\n?)+")]
    private static partial Regex ServiceBlock();
}
