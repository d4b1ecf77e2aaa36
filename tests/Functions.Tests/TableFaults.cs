using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Governance.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Functions.Tests;

/// <summary>
/// A real Azure SDK pipeline policy in the app's table client that fails or holds chosen writes to
/// the emulator, so a test can cut the app off between two writes the way a crash or an outage
/// would. Placed per call, before the SDK's retries, so an injected failure is final.
/// </summary>
public sealed class TableFaults : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private readonly List<Failure> _failures = [];
    private readonly List<Hold> _holds = [];

    private sealed record Failure(string Table, string? BodyContains, bool AfterSending);

    private sealed record Hold(string Table, string BodyContains, string ReleasedBy, TaskCompletionSource Released);

    /// <summary>Registers the policy with the app's table client (through <see cref="TestApp.StartAsync(AzuriteServer, IDictionary{string, string?}?, TimeProvider?, Action{IServiceCollection}?)"/>).</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton(new TablePipelinePolicy(this, HttpPipelinePosition.PerCall));

    /// <summary>
    /// The next write to <paramref name="table"/> (whose body holds <paramref name="bodyContains"/>)
    /// fails with 503; with <paramref name="afterSending"/> it reaches storage and only its answer is lost.
    /// </summary>
    public void FailNextWrite(string table, string? bodyContains = null, bool afterSending = false)
    {
        lock (_gate)
        {
            _failures.Add(new Failure(table, bodyContains, afterSending));
        }
    }

    /// <summary>Holds the write to <paramref name="table"/> whose body holds <paramref name="bodyContains"/> until one holding <paramref name="releasedBy"/> has been answered.</summary>
    public void HoldWrite(string table, string bodyContains, string releasedBy)
    {
        lock (_gate)
        {
            _holds.Add(new Hold(table, bodyContains, releasedBy, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
    }

    /// <summary>How many armed failures have not fired yet.</summary>
    public int Armed
    {
        get
        {
            lock (_gate)
            {
                return _failures.Count;
            }
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Method == RequestMethod.Get)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }
        var table = TableOf(message.Request.Uri.Path);
        var body = await BodyAsync(message.Request);
        Failure? failure;
        Hold? hold;
        lock (_gate)
        {
            failure = _failures.FirstOrDefault(f => Matches(table, body, f.Table, f.BodyContains));
            if (failure is not null)
            {
                _failures.Remove(failure);
            }
            hold = _holds.FirstOrDefault(h => Matches(table, body, h.Table, h.BodyContains));
        }
        if (failure is { AfterSending: false })
        {
            throw Injected(table);
        }
        if (hold is not null)
        {
            // A guard, not a sleep: the releasing write comes within milliseconds unless the app is broken.
            await hold.Released.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        await ProcessNextAsync(message, pipeline);
        lock (_gate)
        {
            foreach (var h in _holds.Where(h => Matches(table, body, h.Table, h.ReleasedBy)))
            {
                h.Released.TrySetResult();
            }
        }
        if (failure is { AfterSending: true })
        {
            throw Injected(table);
        }
    }

    private static RequestFailedException Injected(string table) => new(503, $"Injected fault: a write to {table}");

    private static bool Matches(string table, string body, string wanted, string? bodyContains) =>
        table.EndsWith(wanted, StringComparison.Ordinal) && (bodyContains is null || body.Contains(bodyContains, StringComparison.Ordinal));

    // "/devstoreaccount1/t0123ReportsByMonth(PartitionKey='2026-10',RowKey='…')" → "t0123ReportsByMonth";
    // a transaction posts to "/devstoreaccount1/$batch" and names its table in the body.
    private static string TableOf(string path)
    {
        var segment = Uri.UnescapeDataString(path.TrimEnd('/').Split('/')[^1]);
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? segment : segment[..paren];
    }

    private static async Task<string> BodyAsync(Request request)
    {
        if (request.Content is null)
        {
            return "";
        }
        using var buffer = new MemoryStream();
        await request.Content.WriteToAsync(buffer, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
