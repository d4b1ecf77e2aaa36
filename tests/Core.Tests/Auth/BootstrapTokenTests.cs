using Governance.Core.Auth;
using Governance.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Governance.Core.Tests.Auth;

public sealed class BootstrapTokenTests
{
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Strong = "0123456789abcdef0123456789abcdef";

    private static string Emulator(string host) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};" +
        $"BlobEndpoint=http://{host}:10000/devstoreaccount1;TableEndpoint=http://{host}:10002/devstoreaccount1;";

    private static BootstrapToken.Decision Decide(string? token, string? connectionString, bool enabled = true, string? tableEndpoint = null) =>
        BootstrapToken.Decide(
            new AuthOptions { BootstrapStaffToken = token, BootstrapEnabled = enabled },
            Records(connectionString, tableEndpoint));

    // The connection as the app reads it: Storage:ConnectionString locally, or the Records service URIs (blob beside table).
    private static RecordsConnection Records(string? connectionString, string? tableEndpoint) =>
        RecordsConnection.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Records:tableServiceUri"] = tableEndpoint,
            ["Records:blobServiceUri"] = tableEndpoint?.Replace(".table.", ".blob.", StringComparison.Ordinal).Replace(":10002", ":10000", StringComparison.Ordinal),
        }).Build());

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("usedevelopmentstorage=TRUE;")]
    [InlineData("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://127.0.0.1")]
    public void The_local_value_works_over_use_development_storage(string connectionString)
    {
        Assert.True(Decide(BootstrapToken.LocalValue, connectionString).Usable);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public void The_local_value_works_over_the_well_known_emulator_account_on_a_loopback_endpoint(string host)
    {
        Assert.True(Decide(BootstrapToken.LocalValue, Emulator(host)).Usable);
    }

    [Fact]
    public void The_local_value_works_over_loopback_emulator_endpoints_without_a_connection_string()
    {
        Assert.True(Decide(BootstrapToken.LocalValue, null, tableEndpoint: "http://127.0.0.1:10002/devstoreaccount1").Usable);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=dsgovprod;AccountKey=" + AzuriteKey + ";EndpointSuffix=core.windows.net")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteKey)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteKey + ";BlobEndpoint=http://10.0.0.5:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1")]
    [InlineData("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://storage.example.com")]
    public void The_local_value_is_refused_when_the_storage_is_not_the_local_emulator(string connectionString)
    {
        var decision = Decide(BootstrapToken.LocalValue, connectionString);
        Assert.False(decision.Usable);
        Assert.Contains("not the local emulator", decision.Reason);
    }

    [Fact]
    public void The_local_value_is_refused_over_azure_endpoints_with_the_managed_identity()
    {
        Assert.False(Decide(BootstrapToken.LocalValue, null, tableEndpoint: "https://dsgov.table.core.windows.net").Usable);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("test-staff-token")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public void A_value_shorter_than_32_characters_is_refused_even_over_the_emulator(string token)
    {
        var decision = Decide(token, "UseDevelopmentStorage=true");
        Assert.False(decision.Usable);
        Assert.Contains("32", decision.Reason);
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://dsgov-kv.vault.azure.net/secrets/bootstrap-staff-token/)")]
    [InlineData("@Microsoft.KeyVault(VaultName=dsgov-kv;SecretName=bootstrap-staff-token)")]
    [InlineData("  @microsoft.keyvault(SecretUri=https://dsgov-kv.vault.azure.net/secrets/bootstrap-staff-token/)")]
    public void An_unresolved_key_vault_reference_is_refused(string token)
    {
        var decision = Decide(token, null, tableEndpoint: "https://dsgov.table.core.windows.net");
        Assert.False(decision.Usable);
        Assert.Contains("Key Vault", decision.Reason);
        Assert.DoesNotContain(token.Trim(), decision.Reason);
    }

    [Fact]
    public void A_long_secret_works_anywhere_and_is_never_in_the_reason()
    {
        var decision = Decide(Strong, null, tableEndpoint: "https://dsgov.table.core.windows.net");
        Assert.True(decision.Usable);
        Assert.DoesNotContain(Strong, decision.Reason);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(Strong, false)]
    [InlineData(BootstrapToken.LocalValue, false)]
    public void It_is_off_when_empty_or_switched_off(string? token, bool enabled)
    {
        Assert.False(Decide(token, "UseDevelopmentStorage=true", enabled).Usable);
    }
}
