namespace Governance.Functions.Tests;

/// <summary>
/// The shared Azurite (<see cref="AzuriteProcess"/>, tests/Shared) started once for the test run
/// and stopped at its end.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    public const string AccountKey = AzuriteProcess.AccountKey;

    private AzuriteProcess? _process;

    private AzuriteProcess Process => _process ?? throw new InvalidOperationException("Azurite has not been started.");

    public int BlobPort => Process.BlobPort;

    public int TablePort => Process.TablePort;

    public string ConnectionString => Process.ConnectionString;

    public async Task InitializeAsync() => _process = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    public static int FreePort() => AzuriteProcess.FreePort();
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "azurite";
}
