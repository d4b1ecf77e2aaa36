using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Governance.Core.Storage;

/// <summary>
/// Hands out table and container clients, creating each table or container once per process on
/// first use, so a fresh storage account (or a fresh Azurite) needs no setup step.
/// </summary>
public sealed class GovernanceStorage(TableServiceClient tables, BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> _containers = new(StringComparer.Ordinal);
    private readonly string _prefix = options.Value.NamePrefix;

    public TableServiceClient TableService => tables;

    public BlobServiceClient BlobService => blobs;

    public Task<TableClient> TableAsync(string name, CancellationToken ct = default)
    {
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(async () =>
        {
            var client = tables.GetTableClient(_prefix + n);
            await client.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
            return client;
        }));
        return AwaitOrForget(_tables, name, lazy, ct);
    }

    public Task<BlobContainerClient> ContainerAsync(string name, CancellationToken ct = default)
    {
        var lazy = _containers.GetOrAdd(name, n => new Lazy<Task<BlobContainerClient>>(async () =>
        {
            var client = blobs.GetBlobContainerClient((_prefix + n).ToLowerInvariant());
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return client;
        }));
        return AwaitOrForget(_containers, name, lazy, ct);
    }

    // A failed creation (storage down) must not be cached, or the app would stay broken after storage returns.
    private static async Task<T> AwaitOrForget<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string key, Lazy<Task<T>> lazy, CancellationToken ct)
    {
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted)
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, lazy));
            throw;
        }
    }

    /// <summary>How long the health probe waits for table storage.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Answers whether table storage responds, for /api/health.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        // A probe answers within its own limit: storage that hangs is as unreachable as storage that refuses.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).ConfigureAwait(false))
            {
                break;
            }
            return true;
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e))
        {
            return false;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
