using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Governance.Core.Storage;

/// <summary>
/// A side effect owed by a version write (发件箱意图): which assignment, which month (reports only),
/// which version, and a fingerprint of the attempt that owes it (the report's content hash, the
/// evaluation's dossier blob), so a delivery can tell its own committed version from a rival's.
/// </summary>
public sealed record OutboxIntent(
    string Kind,
    string AssignmentId,
    string Period,
    int Version,
    string Fingerprint,
    string? TokenId,
    DateTimeOffset CreatedAt,
    string Nonce)
{
    public string RowKey => string.Join('|', Kind, AssignmentId, Period, "v" + Version.ToString("D4", CultureInfo.InvariantCulture), Nonce);

    public static OutboxIntent Create(string kind, string assignmentId, string period, int version, string fingerprint, string? tokenId, DateTimeOffset createdAt) =>
        new(kind, assignmentId, period, version, fingerprint, tokenId, createdAt, Guid.NewGuid().ToString("N")[..8]);
}

/// <summary>What a delivery found: the version committed and its effects delivered, or no such version.</summary>
public enum OutboxDelivery
{
    Delivered,
    NotCommitted,
}

/// <summary>Re-delivers the side effects of one kind of intent from what is stored, idempotently.</summary>
public interface IOutboxHandler
{
    string Kind { get; }

    Task<OutboxDelivery> RedeliverAsync(OutboxIntent intent, CancellationToken ct);
}

/// <summary>
/// The Outbox table: PartitionKey "pending", RowKey kind|assignment|period|vNNNN|nonce. A writer
/// adds an intent before the version transaction and removes it once the side effects are done, so
/// a crash in between leaves the intent for the next tick or dispatch, which re-delivers it from
/// the stored version. Only writes in flight or cut short live here, so the one partition stays small.
/// </summary>
public sealed class Outbox(GovernanceStorage storage, IEnumerable<IOutboxHandler> handlers, AfterAnswer afterAnswer, TimeProvider clock, ILogger<Outbox> log)
{
    private const string PendingPartition = "pending";

    /// <summary>
    /// An intent whose version is not (yet) stored is kept this long, because its request may still
    /// be about to commit; after that the transaction never happened and the intent is dropped.
    /// Longer than any HTTP request may run (Azure Functions stops one at 230 s).
    /// </summary>
    public static readonly TimeSpan CommitGrace = TimeSpan.FromMinutes(5);

    public async Task AddAsync(OutboxIntent intent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var table = await storage.TableAsync(StorageNames.OutboxTable, ct);
        await table.AddEntityAsync(new TableEntity(PendingPartition, intent.RowKey)
        {
            ["Kind"] = intent.Kind,
            ["AssignmentId"] = intent.AssignmentId,
            ["Period"] = intent.Period,
            ["Version"] = intent.Version,
            ["Fingerprint"] = intent.Fingerprint,
            ["TokenId"] = intent.TokenId,
            ["CreatedAt"] = intent.CreatedAt,
            ["Nonce"] = intent.Nonce,
        }, ct);
    }

    /// <summary>Removes an intent whose effects are done or whose version lost its race.</summary>
    public async Task RemoveAsync(OutboxIntent intent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var table = await storage.TableAsync(StorageNames.OutboxTable, ct);
        try
        {
            await table.DeleteEntityAsync(PendingPartition, intent.RowKey, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Another delivery finished it first.
        }
    }

    /// <summary>
    /// Runs the side effects of a version just committed, then removes the intent. A failure is
    /// logged, not thrown: the version is stored, so the request succeeded, and the intent left
    /// behind has the next tick or dispatch deliver what is missing.
    /// </summary>
    public async Task DeliverAsync(OutboxIntent intent, Func<Task> effects, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(effects);
        try
        {
            await effects();
            await RemoveAsync(intent, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Side effects of {Intent} left for the next tick", intent.RowKey);
        }
    }

    /// <summary>
    /// <see cref="DeliverAsync"/> without the request waiting for it: the answer goes out once the
    /// version is committed, and the intent, written before the commit, still has a tick, a dispatch
    /// or another instance deliver the effects if this process stops first.
    /// </summary>
    public void DeliverAfterAnswer(OutboxIntent intent, Func<Task> effects) =>
        afterAnswer.Start(() => DeliverAsync(intent, effects, CancellationToken.None));

    /// <summary>
    /// Re-delivers every pending intent (of one kind when <paramref name="kind"/> is given): one
    /// partition, a key range for a kind. Returns how many were delivered. A failing intent is
    /// logged and kept, so one bad row never holds back the others.
    /// </summary>
    public async Task<int> DeliverPendingAsync(string? kind, CancellationToken ct)
    {
        // This instance's own deliveries in flight finish first, rather than race their re-delivery.
        await afterAnswer.SettledAsync();
        var table = await storage.TableAsync(StorageNames.OutboxTable, ct);
        var filter = kind is null
            ? $"PartitionKey eq '{PendingPartition}'"
            : $"PartitionKey eq '{PendingPartition}' and RowKey gt {EntityValues.Quote(kind + "|")} and RowKey lt {EntityValues.Quote(kind + "}")}";
        var pending = new List<OutboxIntent>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            pending.Add(new OutboxIntent(e.GetString("Kind") ?? "", e.GetString("AssignmentId") ?? "", e.GetString("Period") ?? "",
                e.GetInt32("Version") ?? 0, e.GetString("Fingerprint") ?? "", e.GetString("TokenId"), e.GetDateTimeOffset("CreatedAt") ?? default,
                e.GetString("Nonce") ?? ""));
        }
        var delivered = 0;
        foreach (var intent in pending)
        {
            try
            {
                var handler = handlers.FirstOrDefault(h => h.Kind == intent.Kind)
                    ?? throw new InvalidOperationException($"No outbox handler for {intent.Kind}");
                var outcome = await handler.RedeliverAsync(intent, ct);
                if (outcome == OutboxDelivery.Delivered)
                {
                    delivered++;
                    await RemoveAsync(intent, ct);
                }
                else if (clock.GetUtcNow() - intent.CreatedAt > CommitGrace)
                {
                    await RemoveAsync(intent, ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox intent {Intent} could not be delivered; kept for the next tick", intent.RowKey);
            }
        }
        return delivered;
    }
}
