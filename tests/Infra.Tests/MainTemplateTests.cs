using System.Text.Json;

namespace Governance.Infra.Tests;

/// <summary>
/// infra/main.bicep compiles, and what it deploys is what the app needs: a broken or weakened
/// template fails here instead of in a deployment to the bureau's subscription.
/// </summary>
public sealed class MainTemplateTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public void Template_compiles_without_errors_or_warnings()
    {
        Assert.True(template.Build.ExitCode == 0, $"bicep build exited {template.Build.ExitCode}:\n{template.Build.StandardError}");
        Assert.True(string.IsNullOrWhiteSpace(template.Build.StandardError), $"bicep build reported:\n{template.Build.StandardError}");
        Assert.Equal(JsonValueKind.Object, template.Root.ValueKind);
    }

    [Fact]
    public void Storage_account_is_https_only_private_and_keyless()
    {
        var storage = Assert.Single(template.OfType("Microsoft.Storage/storageAccounts"));
        Assert.Equal("StorageV2", storage.GetProperty("kind").GetString());
        var properties = storage.GetProperty("properties");
        Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/blobServices"));
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/tableServices"));
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_linux_flex_consumption_with_its_own_identity()
    {
        var plan = Assert.Single(template.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());

        var site = Assert.Single(template.OfType("Microsoft.Web/sites"));
        var kind = site.GetProperty("kind").GetString()!;
        Assert.Contains("functionapp", kind, StringComparison.Ordinal);
        Assert.Contains("linux", kind, StringComparison.Ordinal);
        Assert.Equal("SystemAssigned", site.GetProperty("identity").GetProperty("type").GetString());

        var properties = site.GetProperty("properties");
        Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("Disabled", properties.GetProperty("siteConfig").GetProperty("ftpsState").GetString());
        var runtime = properties.GetProperty("functionAppConfig").GetProperty("runtime");
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        var deployment = properties.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");
        Assert.Equal("SystemAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public void Key_vault_uses_rbac_and_holds_the_bootstrap_token_from_a_secure_parameter()
    {
        var vault = Assert.Single(template.OfType("Microsoft.KeyVault/vaults"));
        Assert.True(vault.GetProperty("properties").GetProperty("enableRbacAuthorization").GetBoolean());

        var secret = Assert.Single(template.OfType("Microsoft.KeyVault/vaults/secrets"));
        Assert.Equal("[parameters('bootstrapStaffToken')]", secret.GetProperty("properties").GetProperty("value").GetString());
        var parameter = template.Root.GetProperty("parameters").GetProperty("bootstrapStaffToken");
        Assert.Equal("securestring", parameter.GetProperty("type").GetString(), ignoreCase: true);
        Assert.False(parameter.TryGetProperty("defaultValue", out _), "the bootstrap token must have no default");
    }

    [Fact]
    public void App_identity_is_granted_blob_owner_table_queue_and_secret_reader_roles()
    {
        var assignments = template.OfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.True(assignments.Count >= 4, $"expected at least 4 role assignments, found {assignments.Count}");

        var granted = assignments
            .Select(a => a.GetProperty("properties"))
            .Where(p => p.GetProperty("principalId").GetString()!.Contains("Microsoft.Web/sites", StringComparison.Ordinal)
                        && p.GetProperty("principalType").GetString() == "ServicePrincipal")
            .Select(p => template.ExpandVariables(p.GetProperty("roleDefinitionId").GetString()!))
            .ToList();
        Assert.Contains(granted, r => r.Contains(StorageBlobDataOwner, StringComparison.Ordinal));
        Assert.Contains(granted, r => r.Contains(StorageTableDataContributor, StringComparison.Ordinal));
        Assert.Contains(granted, r => r.Contains(StorageQueueDataContributor, StringComparison.Ordinal));
        Assert.Contains(granted, r => r.Contains(KeyVaultSecretsUser, StringComparison.Ordinal));
    }

    [Fact]
    public void Bootstrap_staff_token_setting_is_a_key_vault_reference_to_the_secret()
    {
        var value = template.AppSettings["Auth__BootstrapStaffToken"];
        Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", CompiledTemplate.LiteralPrefix(value), StringComparison.Ordinal);
        Assert.Contains("Microsoft.KeyVault/vaults/secrets", value, StringComparison.Ordinal);
    }

    [Fact]
    public void App_settings_reach_storage_by_identity_and_tick_hourly()
    {
        var settings = template.AppSettings;
        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.Contains("Storage__AccountName", settings.Keys);
        Assert.Contains("primaryEndpoints.table", settings["Storage__TableEndpoint"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", settings["Storage__BlobEndpoint"], StringComparison.Ordinal);
        Assert.Equal("0 0 * * * *", settings["TickSchedule"]);

        // A connection string or account key would bypass the managed identity, and would
        // stop working anyway with shared-key access disabled.
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("listKeys", template.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", template.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
        // Periods are computed in Asia/Shanghai in code; a host time zone would shift CRON too.
        Assert.DoesNotContain("WEBSITE_TIME_ZONE", settings.Keys);
    }

    [Fact]
    public void Outputs_name_the_function_app_and_its_host()
    {
        var outputs = template.Root.GetProperty("outputs");
        var site = Assert.Single(template.OfType("Microsoft.Web/sites"));
        Assert.Equal(site.GetProperty("name").GetString(), outputs.GetProperty("functionAppName").GetProperty("value").GetString());
        Assert.Contains("defaultHostName", outputs.GetProperty("functionAppHostName").GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Example_parameters_file_sets_only_declared_parameters_and_no_secret()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("infra", "main.parameters.json")));
        var declared = template.Root.GetProperty("parameters");
        foreach (var parameter in file.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(parameter.Name, out var definition), $"main.bicep has no parameter '{parameter.Name}'");
            Assert.NotEqual("securestring", definition.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        }
    }
}
