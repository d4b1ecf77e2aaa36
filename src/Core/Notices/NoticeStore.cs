using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Jobs;
using Governance.Core.Paging;
using Governance.Core.Periods;
using Governance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Core.Notices;

/// <summary>
/// Notices table: PartitionKey = period, RowKey = kind code + "|" + recipient — the key is the
/// (kind, recipient, period) identity, so creating a notice twice is an Add that fails with 409
/// and writes nothing. NoticesByRecipient repeats each notice under PartitionKey = recipient,
/// RowKey = period + "|" + kind, so a unit's notices are one partition too. The Notices row holds
/// the delivery state; NoticesByRecipient mirrors it. NoticeDeliveries (PartitionKey "pending")
/// lists the notices still to be pushed, so a tick reads one partition to find them.
/// A notice meant for a moment older than <see cref="NoticeOptions.MaxAgeDays"/> is never created.
/// </summary>
public sealed class NoticeStore(GovernanceStorage storage, IOptions<NoticeOptions> options, IOptions<ScheduleOptions> schedule, TimeProvider clock)
{
    private const string PendingPartition = "pending";

    /// <summary>A notice due to be pushed: its period and key (kind|recipient).</summary>
    public sealed record PendingDelivery(string Period, string Key, DateTimeOffset NextAttemptAt);

    /// <summary>
    /// The moment a notice is meant for: the day its job falls due for its period (催报提醒 on the
    /// reminder day, 逾期通知 and 月调度 on the dispatch day, 季通报 on the bulletin day), else
    /// <see cref="Notice.MeantFor"/>, else when it is created.
    /// </summary>
    public static DateTimeOffset MomentOf(Notice notice, ScheduleOptions schedule) => notice.MeantFor ?? notice.Kind switch
    {
        NoticeKind.Reminder when MonthPeriod.TryParse(notice.Period, out _) => JobCalendar.DueAt(JobNames.Reminders, notice.Period, schedule),
        NoticeKind.Overdue or NoticeKind.Dispatch when MonthPeriod.TryParse(notice.Period, out _) => JobCalendar.DueAt(JobNames.Dispatch, notice.Period, schedule),
        NoticeKind.Bulletin when QuarterPeriod.TryParse(notice.Period, out _) => JobCalendar.DueAt(JobNames.Bulletin, notice.Period, schedule),
        _ => notice.CreatedAt,
    };

    /// <summary>Whether a notice meant for <paramref name="moment"/> is past <see cref="NoticeOptions.MaxAgeDays"/> at <paramref name="now"/>.</summary>
    public static bool IsTooOld(DateTimeOffset moment, DateTimeOffset now, NoticeOptions options) =>
        now - moment > TimeSpan.FromDays(options.MaxAgeDays);

    /// <summary>
    /// Creates the notice unless one with its key exists. Returns true when this call created it.
    /// A recipient with a webhook gets the notice queued for pushing. A notice older than
    /// <see cref="NoticeOptions.MaxAgeDays"/> (see <see cref="MomentOf"/>) is withheld: nothing is
    /// written and false is returned, so a backlog of old periods never reaches anyone's group chat
    /// nor buries their current notices in the app.
    /// </summary>
    public async Task<bool> CreateOnceAsync(Notice notice, CancellationToken ct)
    {
        if (IsTooOld(MomentOf(notice, schedule.Value), clock.GetUtcNow(), options.Value))
        {
            return false;
        }
        var byPeriod = await storage.TableAsync(StorageNames.NoticesTable, ct);
        var push = options.Value.WebhookFor(notice.Recipient) is not null;
        var stored = notice with
        {
            Delivery = push ? new NoticeDelivery(NoticeDelivery.Pending, [], notice.CreatedAt) : NoticeDelivery.InAppOnly,
        };
        var created = true;
        try
        {
            await byPeriod.AddEntityAsync(ToEntity(stored, notice.Period, notice.Key), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            created = false;
            // The stored row is the truth: its delivery state must not be reset by a re-run.
            stored = FromEntity((await byPeriod.GetEntityAsync<TableEntity>(notice.Period, notice.Key, cancellationToken: ct)).Value);
        }
        // Written (again) whether or not this call created the notice, so an index or queue write
        // lost by a crash between the steps is restored by the next run of the job.
        await MirrorAsync(stored, ct);
        if (!stored.Delivery.IsFinal)
        {
            await QueueAsync(stored, ct);
        }
        return created;
    }

    /// <summary>
    /// <see cref="CreateOnceAsync"/> for a job's notices at once: per period, one query of the
    /// partition's existing keys, then the missing ones added in transactions of up to 100 (a 409 —
    /// another run created one of them in between — reads the partition again and retries, so each
    /// notice is still created once); the mirrors and queue entries are then written in transactions
    /// of up to 100 per partition. Returns how many this call created.
    /// </summary>
    public async Task<int> CreateManyOnceAsync(IReadOnlyList<Notice> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = clock.GetUtcNow();
        var wanted = batch.Where(n => !IsTooOld(MomentOf(n, schedule.Value), now, options.Value))
            .DistinctBy(n => (n.Period, n.Key)).ToList();
        if (wanted.Count == 0)
        {
            return 0;
        }
        var byPeriod = await storage.TableAsync(StorageNames.NoticesTable, ct);
        var created = 0;
        var stored = new List<Notice>();
        foreach (var period in wanted.GroupBy(n => n.Period, StringComparer.Ordinal))
        {
            for (var attempt = 0; ; attempt++)
            {
                var existing = new Dictionary<string, Notice>(StringComparer.Ordinal);
                await foreach (var e in byPeriod.QueryAsync<TableEntity>($"PartitionKey eq {EntityValues.Quote(period.Key)}", cancellationToken: ct))
                {
                    existing[e.RowKey] = FromEntity(e);
                }
                var fresh = period.Where(n => !existing.ContainsKey(n.Key)).Select(n => n with
                {
                    Delivery = options.Value.WebhookFor(n.Recipient) is not null ? new NoticeDelivery(NoticeDelivery.Pending, [], n.CreatedAt) : NoticeDelivery.InAppOnly,
                }).ToList();
                var added = 0;
                try
                {
                    foreach (var chunk in fresh.Chunk(100))
                    {
                        await byPeriod.SubmitTransactionAsync(chunk.Select(n => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(n, n.Period, n.Key))), ct);
                        added += chunk.Length;
                    }
                }
                catch (TableTransactionFailedException e) when (e.Status == 409 && attempt < 4)
                {
                    // Another run created one of these between the query and the Add: the chunks that
                    // landed are found by the next query, so nothing is created twice.
                    created += added;
                    continue;
                }
                created += added;
                stored.AddRange(period.Select(n => existing.GetValueOrDefault(n.Key) ?? fresh.First(f => f.Key == n.Key)));
                break;
            }
        }
        // Written (again) whether or not this call created the notices, as CreateOnceAsync does.
        var mirror = await storage.TableAsync(StorageNames.NoticesByRecipientTable, ct);
        foreach (var recipient in stored.GroupBy(n => n.Recipient, StringComparer.Ordinal))
        {
            foreach (var chunk in recipient.Chunk(100))
            {
                await mirror.SubmitTransactionAsync(chunk.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    ToEntity(n, n.Recipient, $"{n.Period}|{n.Kind.Code()}"))), ct);
            }
        }
        var queue = await storage.TableAsync(StorageNames.NoticeDeliveriesTable, ct);
        foreach (var chunk in stored.Where(n => !n.Delivery.IsFinal).Chunk(100))
        {
            await queue.SubmitTransactionAsync(chunk.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(PendingPartition, QueueKey(n.Period, n.Key))
            {
                ["Period"] = n.Period,
                ["Key"] = n.Key,
                ["NextAttemptAt"] = n.Delivery.NextAttemptAt ?? n.CreatedAt,
            })), ct);
        }
        return created;
    }

    public async Task<IReadOnlyList<Notice>> ListByPeriodAsync(string period, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticesTable, ct);
        return await ReadAsync(table.QueryAsync<TableEntity>(x => x.PartitionKey == period, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Notice>> ListByRecipientAsync(string recipient, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticesByRecipientTable, ct);
        return await ReadAsync(table.QueryAsync<TableEntity>(x => x.PartitionKey == recipient, cancellationToken: ct));
    }

    /// <summary>
    /// One page of notices, in storage key order: a recipient's (NoticesByRecipient, one partition)
    /// when <paramref name="recipient"/> is set, else a period's (Notices, one partition). The
    /// other filters go into the storage query, so a page is never filled with rows to drop.
    /// </summary>
    public async Task<Paging.Page<Notice>> PageAsync(string? recipient, string? period, NoticeKind? kind, PageRequest page, CancellationToken ct)
    {
        string filter;
        TableClient table;
        if (recipient is not null)
        {
            table = await storage.TableAsync(StorageNames.NoticesByRecipientTable, ct);
            filter = TableClient.CreateQueryFilter($"PartitionKey eq {recipient}");
            if (period is not null)
            {
                // RowKey = period|kind: the period's rows are one key range.
                filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {period + "|"} and RowKey lt {period + "}"}");
            }
        }
        else
        {
            table = await storage.TableAsync(StorageNames.NoticesTable, ct);
            filter = TableClient.CreateQueryFilter($"PartitionKey eq {period ?? throw new ArgumentNullException(nameof(period))}");
        }
        if (kind is { } k)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Kind eq {k.Code()}");
        }
        return await TablePaging.ReadAsync(table.QueryAsync<TableEntity>(filter, cancellationToken: ct), page, FromEntity, ct);
    }

    /// <summary>Notices whose next push attempt is due: one partition of NoticeDeliveries.</summary>
    public async Task<IReadOnlyList<PendingDelivery>> ListDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticeDeliveriesTable, ct);
        var list = new List<PendingDelivery>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and NextAttemptAt le {now}"), cancellationToken: ct))
        {
            list.Add(new PendingDelivery(e.GetString("Period")!, e.GetString("Key")!, e.GetDateTimeOffset("NextAttemptAt") ?? now));
        }
        return list.OrderBy(p => p.NextAttemptAt).ThenBy(p => p.Period, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
    }

    public async Task<(Notice Notice, ETag ETag)?> FindAsync(string period, string key, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticesTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(period, key, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? (FromEntity(e), e.ETag) : null;
    }

    /// <summary>
    /// Claims a notice for one push: the Notices row, as read with <paramref name="etag"/>, becomes
    /// <see cref="NoticeDelivery.Sending"/> until <paramref name="leaseUntil"/>. Returns the claimed
    /// notice and its new ETag, or null when another pusher changed the row first (it claimed or
    /// recorded it), so two ticks racing never both send.
    /// </summary>
    public async Task<(Notice Notice, ETag ETag)?> ClaimAsync(Notice notice, ETag etag, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticesTable, ct);
        var claimed = notice with { Delivery = new NoticeDelivery(NoticeDelivery.Sending, notice.Delivery.Attempts, leaseUntil) };
        Response response;
        try
        {
            response = await table.UpdateEntityAsync(ToEntity(claimed, notice.Period, notice.Key), etag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
        await MirrorAsync(claimed, ct);
        return (claimed, response.Headers.ETag ?? throw new InvalidOperationException("Table storage answered an update without an ETag."));
    }

    /// <summary>
    /// Records a push attempt and the state it leads to. The Notices row is replaced with the ETag
    /// of the claim, so a pusher whose lease ran out and was reclaimed cannot overwrite the newer
    /// record (false is returned); then the mirror and queue follow.
    /// </summary>
    public async Task<bool> RecordAttemptAsync(Notice notice, ETag etag, NoticeDelivery delivery, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticesTable, ct);
        var updated = notice with { Delivery = delivery };
        try
        {
            await table.UpdateEntityAsync(ToEntity(updated, notice.Period, notice.Key), etag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
        await MirrorAsync(updated, ct);
        if (delivery.IsFinal)
        {
            await DequeueAsync(notice, ct);
        }
        else
        {
            await QueueAsync(updated, ct);
        }
        return true;
    }

    /// <summary>Removes a queue entry whose notice needs no more pushing.</summary>
    public async Task DequeueAsync(Notice notice, CancellationToken ct)
    {
        var queue = await storage.TableAsync(StorageNames.NoticeDeliveriesTable, ct);
        try
        {
            await queue.DeleteEntityAsync(PendingPartition, QueueKey(notice.Period, notice.Key), cancellationToken: ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: a previous tick finished the job.
        }
    }

    private async Task QueueAsync(Notice notice, CancellationToken ct)
    {
        var queue = await storage.TableAsync(StorageNames.NoticeDeliveriesTable, ct);
        await queue.UpsertEntityAsync(new TableEntity(PendingPartition, QueueKey(notice.Period, notice.Key))
        {
            ["Period"] = notice.Period,
            ["Key"] = notice.Key,
            ["NextAttemptAt"] = notice.Delivery.NextAttemptAt ?? notice.CreatedAt,
        }, TableUpdateMode.Replace, ct);
    }

    private async Task MirrorAsync(Notice notice, CancellationToken ct)
    {
        var byRecipient = await storage.TableAsync(StorageNames.NoticesByRecipientTable, ct);
        await byRecipient.UpsertEntityAsync(ToEntity(notice, notice.Recipient, $"{notice.Period}|{notice.Kind.Code()}"), TableUpdateMode.Replace, ct);
    }

    private static string QueueKey(string period, string key) => $"{period}|{key}";

    private static async Task<IReadOnlyList<Notice>> ReadAsync(AsyncPageable<TableEntity> query)
    {
        var list = new List<Notice>();
        await foreach (var e in query)
        {
            list.Add(FromEntity(e));
        }
        return list.OrderBy(n => n.CreatedAt).ThenBy(n => n.Kind).ThenBy(n => n.Recipient, StringComparer.Ordinal).ToList();
    }

    private static Notice FromEntity(TableEntity e)
    {
        NoticeKinds.TryParse(e.GetString("Kind"), out var kind);
        var attempts = e.GetString("Attempts") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<List<DeliveryAttempt>>(json, Json.Options) ?? []
            : [];
        return new Notice(kind, e.GetString("Recipient")!, e.GetString("Period")!, e.GetString("Title") ?? "", e.GetString("Text") ?? "",
            (e.GetString("AssignmentIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), e.GetDateTimeOffset("CreatedAt") ?? default)
        {
            Delivery = new NoticeDelivery(e.GetString("DeliveryState") ?? NoticeDelivery.Stored, attempts, e.GetDateTimeOffset("NextAttemptAt")),
        };
    }

    private static TableEntity ToEntity(Notice n, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Kind"] = n.Kind.Code(),
        ["Recipient"] = n.Recipient,
        ["Period"] = n.Period,
        ["Title"] = n.Title,
        ["Text"] = n.Text,
        ["AssignmentIds"] = string.Join(',', n.AssignmentIds),
        ["CreatedAt"] = n.CreatedAt,
        ["DeliveryState"] = n.Delivery.State,
        ["Attempts"] = JsonSerializer.Serialize(n.Delivery.Attempts, Json.Options),
        ["NextAttemptAt"] = n.Delivery.NextAttemptAt,
    };
}
