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
    private long _rows;

    public HttpPipelinePolicy Tables => new Policy(this, blob: false);

    public HttpPipelinePolicy Blobs => new Policy(this, blob: true);

    public void Reset()
    {
        _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Interlocked.Exchange(ref _rows, 0);
    }

    /// <summary>Table rows the answers carried since the last reset (each entity in a JSON answer has one "odata.etag").</summary>
    public long Rows => Interlocked.Read(ref _rows);

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

        public override void OnReceivedResponse(HttpMessage message)
        {
            if (!blob && message.Request.Method == RequestMethod.Get && message.Response.Status == 200 && message.Response.ContentStream is MemoryStream)
            {
                Interlocked.Add(ref counter._rows, CountRows(message.Response.Content.ToMemory().Span));
            }
        }
    }

    private static readonly byte[] EntityMarker = "\"odata.etag\""u8.ToArray();

    /// <summary>Entities in a table answer: occurrences of "odata.etag" (a string value never holds it unescaped).</summary>
    public static int CountRows(ReadOnlySpan<byte> body)
    {
        var n = 0;
        for (var at = body.IndexOf(EntityMarker); at >= 0; at = body.IndexOf(EntityMarker))
        {
            n++;
            body = body[(at + EntityMarker.Length)..];
        }
        return n;
    }
}
