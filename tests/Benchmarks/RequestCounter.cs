using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Governance.Benchmarks;

/// <summary>
/// Counts the storage requests the app's clients send, by kind ("GET ReportsByMonth query",
/// "POST Notices", "PUT blob"), so a run shows its read pattern, not only its time.
/// </summary>
public sealed class RequestCounter(string prefix)
{
    private ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public HttpPipelinePolicy Tables => new Policy(this, blob: false);

    public HttpPipelinePolicy Blobs => new Policy(this, blob: true);

    public void Reset() => _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    /// <summary>"GET ReportsByMonth query ×12, PUT blob ×3, ..." in key order.</summary>
    public string Describe() =>
        string.Join(", ", new SortedDictionary<string, int>(_counts, StringComparer.Ordinal).Select(kv => $"{kv.Key} ×{kv.Value}"));

    private void Count(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    private string TableKey(Request request)
    {
        // /{account}/{table}, /{account}/{table}() or /{account}/{table}(PartitionKey='..',RowKey='..'); $batch for transactions.
        var segments = Uri.UnescapeDataString(request.Uri.Path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : "";
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        var table = paren < 0 ? resource : resource[..paren];
        if (table.StartsWith(prefix, StringComparison.Ordinal))
        {
            table = table[prefix.Length..];
        }
        var kind = paren < 0 ? "" : resource.Length > paren + 2 ? " point" : " query";
        return $"{request.Method} {table}{kind}";
    }

    private static string BlobKey(Request request) =>
        request.Uri.Query.Contains("restype=container", StringComparison.OrdinalIgnoreCase)
            ? $"{request.Method} container"
            : $"{request.Method} blob";

    private sealed class Policy(RequestCounter counter, bool blob) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) =>
            counter.Count(blob ? BlobKey(message.Request) : counter.TableKey(message.Request));
    }
}
