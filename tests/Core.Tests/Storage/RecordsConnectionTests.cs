using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using Azure.Identity;
using Azure.Storage.Blobs;
using Governance.Core.Documents;
using Governance.Core.Evidence;
using Governance.Core.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Core.Tests.Storage;

/// <summary>
/// The records' storage clients as the app's registration builds them from each shape of settings:
/// Azure's identity-based connection (the names the Functions host uses), a connection string, and
/// the local Storage:ConnectionString. Nothing here sends a request.
/// </summary>
public sealed class RecordsConnectionTests
{
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteKey + ";" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddGovernance(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Azure_settings_give_clients_on_the_service_uris_with_the_user_assigned_managed_identity()
    {
        using var sp = Build(new()
        {
            // Exactly as App Service passes them: "__" is the section separator.
            ["Records:tableServiceUri"] = "https://stdsgovrecords.table.core.windows.net",
            ["Records:blobServiceUri"] = "https://stdsgovrecords.blob.core.windows.net",
            ["Records:credential"] = "managedidentity",
            ["Records:clientId"] = "6a1c3c1e-0d0b-4a4e-9f39-3c2b0c8d7e11",
        });

        var tables = sp.GetRequiredService<TableServiceClient>();
        var blobs = sp.GetRequiredService<BlobServiceClient>();
        Assert.Equal("https://stdsgovrecords.table.core.windows.net/", tables.Uri.AbsoluteUri);
        Assert.Equal("stdsgovrecords", tables.AccountName);
        Assert.Equal("https://stdsgovrecords.blob.core.windows.net/", blobs.Uri.AbsoluteUri);
        Assert.Equal("stdsgovrecords", blobs.AccountName);

        var records = sp.GetRequiredService<RecordsConnection>();
        Assert.Null(records.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(records.Credential(sp.GetRequiredService<AzureComponentFactory>()));
        // No key anywhere: download links must be user-delegation SAS, and the table client cannot sign.
        Assert.False(blobs.CanGenerateAccountSasUri);
        Assert.Equal(SasKind.UserDelegation, DownloadLinks.KindFor(blobs));
        Assert.ThrowsAny<InvalidOperationException>(() => tables.GenerateSasUri(TableAccountSasPermissions.Read, TableAccountSasResourceTypes.Service, Governance.Testing.StorageClock.Now.AddMinutes(5)));
        // The registration goes through Microsoft.Extensions.Azure's client factory.
        Assert.Same(tables, sp.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient("Default"));
    }

    [Fact]
    public void Service_uris_without_a_credential_setting_use_the_default_credential_chain_of_an_administrator()
    {
        using var sp = Build(new()
        {
            ["Records:tableServiceUri"] = "https://stdsgovrecords.table.core.windows.net",
            ["Records:blobServiceUri"] = "https://stdsgovrecords.blob.core.windows.net",
        });

        Assert.IsType<DefaultAzureCredential>(sp.GetRequiredService<RecordsConnection>().Credential(sp.GetRequiredService<AzureComponentFactory>()));
        Assert.Equal(SasKind.UserDelegation, DownloadLinks.KindFor(sp.GetRequiredService<BlobServiceClient>()));
    }

    [Theory]
    [InlineData("Records")]
    [InlineData("Storage:ConnectionString")]
    public void A_connection_string_gives_shared_key_clients_on_its_endpoints(string setting)
    {
        using var sp = Build(new() { [setting] = Azurite });

        var tables = sp.GetRequiredService<TableServiceClient>();
        var blobs = sp.GetRequiredService<BlobServiceClient>();
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", tables.Uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", blobs.Uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal(SasKind.Service, DownloadLinks.KindFor(blobs));
        Assert.NotNull(tables.GenerateSasUri(TableAccountSasPermissions.Read, TableAccountSasResourceTypes.Service, Governance.Testing.StorageClock.Now.AddMinutes(5)));
        Assert.Null(sp.GetRequiredService<RecordsConnection>().Credential(sp.GetRequiredService<AzureComponentFactory>()));
    }

    [Fact]
    public void The_records_connection_wins_over_the_local_connection_string()
    {
        using var sp = Build(new()
        {
            ["Storage:ConnectionString"] = Azurite,
            ["Records:tableServiceUri"] = "https://stdsgovrecords.table.core.windows.net",
            ["Records:blobServiceUri"] = "https://stdsgovrecords.blob.core.windows.net",
        });

        Assert.Equal("stdsgovrecords", sp.GetRequiredService<TableServiceClient>().AccountName);
    }

    [Theory]
    [InlineData("Records:tableServiceUri", "https://stdsgovrecords.table.core.windows.net", "blobServiceUri")]
    [InlineData("Records:blobServiceUri", "http://stdsgovrecords.blob.core.windows.net", "blobServiceUri")]
    [InlineData("Records:clientId", "6a1c3c1e-0d0b-4a4e-9f39-3c2b0c8d7e11", "Storage__ConnectionString")]
    public void Incomplete_settings_fail_at_first_use_naming_the_setting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key == "Records:blobServiceUri")
        {
            settings["Records:tableServiceUri"] = "https://stdsgovrecords.table.core.windows.net";
        }
        using var sp = Build(settings);

        var e = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<TableServiceClient>());
        Assert.Contains(named, e.Message);
    }
}
