using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Governance.Functions.Tests.BadInput;

/// <summary>
/// Everything one app instance has stored: every table and blob container whose name starts with
/// its prefix, listed through the service clients (not from the app's own list of names, so a
/// table or container that something created by accident shows up too). Each entity is its keys,
/// ETag and every property; each blob its name, size, Content-MD5 and ETag.
/// </summary>
internal sealed class StorageSnapshot
{
    private readonly SortedDictionary<string, string> _items;

    private StorageSnapshot(SortedDictionary<string, string> items) => _items = items;

    public int Count => _items.Count;

    public static async Task<StorageSnapshot> TakeAsync(string connectionString, string prefix)
    {
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tables = new TableServiceClient(connectionString);
        var blobs = new BlobServiceClient(connectionString, new BlobClientOptions(Governance.Core.GovernanceServices.BlobServiceVersion));

        var tableNames = new List<string>();
        await foreach (var t in tables.QueryAsync())
        {
            if (t.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                tableNames.Add(t.Name);
            }
        }
        var containerNames = new List<string>();
        await foreach (var c in blobs.GetBlobContainersAsync(prefix: prefix.ToLowerInvariant()))
        {
            containerNames.Add(c.Name);
        }

        var tableItems = await Task.WhenAll(tableNames.Select(async name =>
        {
            var list = new List<(string, string)> { ($"table {name}", "exists") };
            await foreach (var e in tables.GetTableClient(name).QueryAsync<TableEntity>())
            {
                var properties = e.Keys
                    .Where(k => k is not ("PartitionKey" or "RowKey" or "odata.etag"))
                    .OrderBy(k => k, StringComparer.Ordinal)
                    .Select(k => $"{k}={Show(e[k])}");
                list.Add(($"table {name} | {e.PartitionKey} | {e.RowKey}", $"etag {e.ETag} | {string.Join(" | ", properties)}"));
            }
            return list;
        }));
        var blobItems = await Task.WhenAll(containerNames.Select(async name =>
        {
            var list = new List<(string, string)> { ($"container {name}", "exists") };
            await foreach (var b in blobs.GetBlobContainerClient(name).GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, default))
            {
                var md5 = b.Properties.ContentHash is { } hash ? Convert.ToBase64String(hash) : "none";
                list.Add(($"blob {name}/{b.Name}", $"etag {b.Properties.ETag} | md5 {md5} | {b.Properties.ContentLength} bytes"));
            }
            return list;
        }));
        foreach (var (key, value) in tableItems.Concat(blobItems).SelectMany(l => l))
        {
            items[key] = value;
        }
        return new StorageSnapshot(items);
    }

    /// <summary>What changed from <paramref name="before"/> to this snapshot, one line per item; empty when nothing did.</summary>
    public IReadOnlyList<string> ChangesSince(StorageSnapshot before)
    {
        var changes = new List<string>();
        foreach (var (key, value) in _items)
        {
            if (!before._items.TryGetValue(key, out var old))
            {
                changes.Add($"added   {key}: {Cut(value)}");
            }
            else if (old != value)
            {
                changes.Add($"changed {key}: {Cut(old)} → {Cut(value)}");
            }
        }
        changes.AddRange(before._items.Keys.Where(k => !_items.ContainsKey(k)).Select(k => $"removed {k}"));
        return changes;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Cut(string s) => s.Length <= 160 ? s : s[..160] + "…";
}
