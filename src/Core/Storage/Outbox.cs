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
/// A handler whose writers keep the intent as a witness row inside their own version transaction
/// (见证行) instead of adding it to the Outbox first: the Outbox then only hears of it when the side
/// effects fail or the transaction's outcome is unknown. A process that stops between the commit and
/// its side effects leaves the witness alone, so the timer sweeps for witnesses (a scan of the writer's
/// table) and delivers them.
/// </summary>
public interface IWitnessedOutboxHandler : IOutboxHandler
{
    /// <summary>Delivers every witness left behind; returns how many.</summary>
    Task<int> SweepWitnessesAsync(CancellationToken ct);
}

/// <summary>
/// The Outbox table: PartitionKey "pending", RowKey kind|assignment|period|vNNNN|nonce. A writer
/// adds an intent before the version transaction and removes it once the side effects are done, so
/// a crash in between leaves the intent for the next tick or dispatch, which re-delivers it from
/// the stored version. Only writes in flight or cut short live here, so the one partition stays small.
/// The report PUT instead commits its intent with the version as a witness row
/// (<see cref="IWitnessedOutboxHandler"/>) and adds it here only when its side effects fail or the
/// transaction's outcome is unknown; the timer sweeps for witnesses a stopped process left.
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
        await table.AddEntityAsync(Row(intent, PendingPartition, intent.RowKey), ct);
    }

    /// <summary>An intent as a table row under the given keys: the Outbox's own, or a witness row in a writer's partition.</summary>
    public static TableEntity Row(OutboxIntent intent, string partitionKey, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return new TableEntity(partitionKey, rowKey)
        {
            ["Kind"] = intent.Kind,
            ["AssignmentId"] = intent.AssignmentId,
            ["Period"] = intent.Period,
            ["Version"] = intent.Version,
            ["Fingerprint"] = intent.Fingerprint,
            ["TokenId"] = intent.TokenId,
            ["CreatedAt"] = intent.CreatedAt,
            ["Nonce"] = intent.Nonce,
        };
    }

    /// <summary>The intent a row written by <see cref="Row"/> holds.</summary>
    public static OutboxIntent FromRow(TableEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new OutboxIntent(e.GetString("Kind") ?? "", e.GetString("AssignmentId") ?? "", e.GetString("Period") ?? "",
            e.GetInt32("Version") ?? 0, e.GetString("Fingerprint") ?? "", e.GetString("TokenId"), e.GetDateTimeOffset("CreatedAt") ?? default,
            e.GetString("Nonce") ?? "");
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
    /// After the answer, the side effects of a version whose intent was committed with it as a witness
    /// row (<see cref="IWitnessedOutboxHandler"/>): once they are done the witness is removed; when they
    /// fail the intent is added here, so the next tick, dispatch or reader delivers them (and if even
    /// that add fails, the timer's sweep finds the witness).
    /// </summary>
    public void DeliverWitnessedAfterAnswer(OutboxIntent intent, Func<Task> effects, Func<Task> removeWitness)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(effects);
        ArgumentNullException.ThrowIfNull(removeWitness);
        afterAnswer.Start(async () =>
        {
            try
            {
                await effects();
                await removeWitness();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Side effects of {Intent} left for the next tick", intent.RowKey);
                await TryAddAsync(intent);
            }
        });
    }

    /// <summary>
    /// Adds an intent when a write's outcome is unknown (its answer was lost), so the next tick or
    /// dispatch finds out whether it was stored. Never throws: the caller is already failing, and a
    /// witness committed with the write is still found by the timer's sweep.
    /// </summary>
    public async Task TryAddAsync(OutboxIntent intent)
    {
        try
        {
            await AddAsync(intent, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Outbox intent {Intent} could not be added; the timer's sweep will find its witness if its version was stored", intent.RowKey);
        }
    }

    /// <summary>
    /// The timer's sweep: every witness left behind by a process that stopped between a version's
    /// commit and its side effects, delivered. A scan of each witnessed writer's table, so it runs on
    /// the timer's tick and on staff runs of a job, not on every read.
    /// </summary>
    public async Task<int> SweepWitnessesAsync(CancellationToken ct)
    {
        await afterAnswer.SettledAsync();
        var delivered = 0;
        foreach (var handler in handlers.OfType<IWitnessedOutboxHandler>())
        {
            delivered += await handler.SweepWitnessesAsync(ct);
        }
        return delivered;
    }

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
            pending.Add(FromRow(e));
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
