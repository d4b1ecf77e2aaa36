using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Storage;

namespace Governance.Core.Reports;

/// <summary>
/// Reports table: PartitionKey = assignment id; RowKey = period (the current version) or
/// period + ".v0001" (each version). A new version and the move of "current" go in one partition
/// transaction guarded by the current row's ETag, so parallel submissions never lose or mix one.
/// ReportsByMonth (PartitionKey = period, RowKey = assignment id) repeats the current version so a
/// month's dispatch reads one partition; it is written after the transaction and only ever moves
/// forward. The version's side effects are owed by a witness row (RowKey "~intent|period|vNNNN|nonce")
/// written in the same transaction and removed once they are done, so a lost write is redone
/// (<see cref="ReportSideEffects"/>).
/// </summary>
public sealed class ReportStore(GovernanceStorage storage, AfterAnswer afterAnswer)
{
    private const int Attempts = 5;

    public sealed record Stored(MonthlyReport Report, ETag ETag);

    /// <summary>A month as stored: its current row (null when none) and its versions, oldest first.</summary>
    public sealed record StoredMonth(Stored? Current, IReadOnlyList<ReportVersion> Versions);

    // Months (assignment id + period) this instance has read or written, so a submission knows a
    // month is not new without a read. Only a hint: a wrong guess costs a refused Add, never a wrong
    // write. Bounded: cleared when full.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private const int SeenCapacity = 50_000;

    /// <summary>True when this instance has seen the month stored (read or written it).</summary>
    public bool SeenStored(string assignmentId, string period) => _seen.ContainsKey(assignmentId + "|" + period);

    // The month as this instance last read or wrote it, with the current row's ETag: a clerk's next
    // version of the month is then written without a read. Only a guess: the transaction is guarded by
    // that ETag, so a month moved meanwhile anywhere (a version, a return) refuses it and the month is read.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StoredMonth> _months = new(StringComparer.Ordinal);
    private const int MonthsCapacity = 5_000;

    /// <summary>The month as this instance last read or wrote it (its current row's ETag included), or null.</summary>
    public StoredMonth? RecentMonth(string assignmentId, string period) => _months.GetValueOrDefault(assignmentId + "|" + period);

    private void RememberMonth(string assignmentId, string period, StoredMonth? month)
    {
        var key = assignmentId + "|" + period;
        if (month?.Current is null)
        {
            _months.TryRemove(key, out _);
            return;
        }
        if (_months.Count >= MonthsCapacity)
        {
            _months.Clear();
        }
        _months[key] = month;
    }

    private void RememberStored(string assignmentId, string period)
    {
        if (_seen.Count >= SeenCapacity)
        {
            _seen.Clear();
        }
        _seen.TryAdd(assignmentId + "|" + period, 0);
    }

    /// <summary>
    /// The month's current row and all its versions in one range read of the partition (RowKey
    /// from the period to period + ".w": "2026-10" then "2026-10.v0001"...).
    /// </summary>
    public async Task<StoredMonth> FindMonthAsync(string assignmentId, string period, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var filter = $"PartitionKey eq {EntityValues.Quote(assignmentId)} and RowKey ge {EntityValues.Quote(period)} and RowKey lt {EntityValues.Quote(period + ".w")}";
        Stored? current = null;
        var versions = new List<ReportVersion>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (e.RowKey == period)
            {
                current = new Stored(ToReport(e), e.ETag);
            }
            else if (e.GetString("Kind") == "version")
            {
                versions.Add(ToVersion(e));
            }
        }
        var month = new StoredMonth(current, versions.OrderBy(v => v.Version).ToList());
        if (current is not null)
        {
            RememberStored(assignmentId, period);
        }
        RememberMonth(assignmentId, period, month);
        return month;
    }

    public async Task<Stored?> FindCurrentAsync(string assignmentId, string period, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(assignmentId, period, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? new Stored(ToReport(e), e.ETag) : null;
    }

    /// <summary>Every month's current version of one assignment: one partition, current rows only.</summary>
    public async Task<IReadOnlyList<MonthlyReport>> ListCurrentAsync(string assignmentId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var list = new List<MonthlyReport>();
        var filter = $"PartitionKey eq {EntityValues.Quote(assignmentId)} and Kind eq 'current'";
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToReport(e));
        }
        return list.OrderBy(r => r.Period, StringComparer.Ordinal).ToList();
    }

    /// <summary>All versions of one month, oldest first: a key range within the assignment's partition.</summary>
    public async Task<IReadOnlyList<ReportVersion>> ListVersionsAsync(string assignmentId, string period, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var filter = $"PartitionKey eq {EntityValues.Quote(assignmentId)} and RowKey gt {EntityValues.Quote(period + ".v")} and RowKey lt {EntityValues.Quote(period + ".w")}";
        var list = new List<ReportVersion>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToVersion(e));
        }
        return list.OrderBy(v => v.Version).ToList();
    }

    /// <summary>Every version of every month of one assignment, by month then version: one partition, version rows only.</summary>
    public async Task<IReadOnlyList<ReportVersion>> ListAllVersionsAsync(string assignmentId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var filter = $"PartitionKey eq {EntityValues.Quote(assignmentId)} and Kind eq 'version'";
        var list = new List<ReportVersion>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToVersion(e));
        }
        return list.OrderBy(v => v.Period, StringComparer.Ordinal).ThenBy(v => v.Version).ToList();
    }

    /// <summary>
    /// Adds version <paramref name="report"/>.Current.Version, makes it current and writes the witness
    /// of its side effects, atomically. <paramref name="before"/> is the month as read (or remembered)
    /// before, null for a month's first version. Returns false when another submission moved "current"
    /// first (the caller re-reads and retries).
    /// </summary>
    public async Task<bool> TryAddVersionAsync(MonthlyReport report, StoredMonth? before, OutboxIntent witness, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(witness);
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var v = report.Current;
        var version = ToEntity(report, v.AssignmentId, VersionKey(v.Period, v.Version), "version");
        var current = ToEntity(report, v.AssignmentId, v.Period, "current");
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, version),
            before?.Current?.ETag is { } etag
                ? new(TableTransactionActionType.UpdateReplace, current, etag)
                : new(TableTransactionActionType.Add, current),
            new(TableTransactionActionType.Add, Outbox.Row(witness, v.AssignmentId, WitnessKey(witness))),
        };
        try
        {
            var answer = await table.SubmitTransactionAsync(actions, ct);
            RememberStored(v.AssignmentId, v.Period);
            // The current row's new ETag (the transaction's second answer) lets this instance write the
            // month's next version without reading it first.
            var written = answer.Value.Count > 1 ? answer.Value[1].Headers.ETag : null;
            RememberMonth(v.AssignmentId, v.Period, written is { } e
                ? new StoredMonth(new Stored(report, e), [.. before?.Versions ?? [], v])
                : null);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            // 409: the month (or this version) exists; 412: "current" moved. Either way it is stored.
            RememberStored(v.AssignmentId, v.Period);
            RememberMonth(v.AssignmentId, v.Period, null);
            return false;
        }
        catch
        {
            RememberMonth(v.AssignmentId, v.Period, null);
            throw;
        }
    }

    private static string WitnessKey(OutboxIntent intent) =>
        string.Join('|', WitnessPrefix, intent.Period, "v" + intent.Version.ToString("D4", CultureInfo.InvariantCulture), intent.Nonce);

    // After every period ("2026-10") and version ("2026-10.v0001") key: '~' sorts after digits.
    private const string WitnessPrefix = "~intent";

    /// <summary>Removes the witness of a version's side effects once they are done (absent already is fine).</summary>
    public async Task RemoveWitnessAsync(OutboxIntent intent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        try
        {
            await table.DeleteEntityAsync(intent.AssignmentId, WitnessKey(intent), ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Another delivery removed it first.
        }
    }

    /// <summary>
    /// Every witness left in the table: a scan of all partitions for the witness key range, which
    /// only the timer's sweep makes (witnesses live only while a version's side effects are in flight).
    /// </summary>
    public async Task<IReadOnlyList<OutboxIntent>> ListWitnessesAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var filter = $"RowKey gt {EntityValues.Quote(WitnessPrefix + "|")} and RowKey lt {EntityValues.Quote(WitnessPrefix + "}")}";
        var list = new List<OutboxIntent>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(Outbox.FromRow(e));
        }
        return list;
    }

    /// <summary>One stored version, or null when it was never committed: a point read.</summary>
    public async Task<ReportVersion?> FindVersionAsync(string assignmentId, string period, int version, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(assignmentId, VersionKey(period, version), cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? ToVersion(e) : null;
    }

    /// <summary>
    /// Points the month index at <paramref name="report"/> unless it already holds that version or a
    /// newer one, so racing or re-delivered writes can only move it forward: an Add when absent, else
    /// a Replace guarded by the ETag of the row read, re-read on 409/412. With <paramref name="likelyAbsent"/>
    /// (a month's first version, just stored) it tries the Add without reading: one request.
    /// </summary>
    public async Task IndexAsync(MonthlyReport report, string unit, bool likelyAbsent, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ReportsByMonthTable, ct);
        var entity = ToEntity(report, report.Period, report.Current.AssignmentId, "current");
        entity["Unit"] = unit;
        var read = !likelyAbsent;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            TableEntity? indexed = null;
            if (read)
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(report.Period, report.Current.AssignmentId, ["Version", "ReturnedAt"], ct);
                indexed = found.HasValue ? found.Value : null;
            }
            read = true;
            if (indexed is not null && IndexOrder(indexed.GetInt32("Version") ?? 0, indexed.GetDateTimeOffset("ReturnedAt") is not null) >= IndexOrder(report.Current.Version, report.IsReturned))
            {
                return;
            }
            if (await ConditionalWrites.TryWriteAsync(table, entity, indexed, TableUpdateMode.Replace, ct))
            {
                return;
            }
            // Another version's index write landed between the read and this write: read again.
        }
        throw new InvalidOperationException($"The month index of {report.Current.AssignmentId} {report.Period} kept moving; left to the outbox.");
    }

    // A version moves forward, and so does a return of the same version (a version is returned at most
    // once and never un-returned): version 2 < version 2 returned < version 3.
    private static long IndexOrder(int version, bool returned) => (long)version * 2 + (returned ? 1 : 0);

    /// <summary>
    /// Marks the month's current version returned for revision (退回修改), on both its current row and its
    /// version row, in one partition transaction guarded by the current row's ETag: a new version that
    /// lands first makes this fail (false), so a return never lands on a version that is no longer current.
    /// </summary>
    public async Task<bool> TryReturnAsync(Stored current, ReturnRecord returned, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(returned);
        var table = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var v = current.Report.Current;
        TableEntity Columns(string rowKey) => new(v.AssignmentId, rowKey)
        {
            ["ReturnedReason"] = returned.Reason,
            ["ReturnedAt"] = returned.ReturnedAt,
            ["ReturnedBy"] = returned.ReturnedBy,
        };
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, Columns(v.Period), current.ETag),
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, Columns(VersionKey(v.Period, v.Version)), ETag.All),
            ], ct);
            RememberMonth(v.AssignmentId, v.Period, null);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            RememberMonth(v.AssignmentId, v.Period, null);
            return false;
        }
    }

    /// <summary>A month's current reports across assignments: one partition of ReportsByMonth.</summary>
    public async Task<IReadOnlyList<MonthlyReport>> ListMonthAsync(string period, CancellationToken ct)
    {
        // A report answered a moment ago on this instance has its index row written after the answer.
        await afterAnswer.SettledAsync();
        var table = await storage.TableAsync(StorageNames.ReportsByMonthTable, ct);
        var list = new List<MonthlyReport>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == period, cancellationToken: ct))
        {
            list.Add(ToReport(e));
        }
        return list;
    }

    /// <summary>
    /// The rows one submission of <paramref name="report"/> writes — its version row and the month's
    /// current row (Reports), and the month index row (ReportsByMonth) — for writers that load many at
    /// once in batch transactions (the benchmark's seeder), so they store exactly what a submission stores.
    /// </summary>
    public static (TableEntity Version, TableEntity Current, TableEntity Index) Entities(MonthlyReport report, string unit)
    {
        ArgumentNullException.ThrowIfNull(report);
        var v = report.Current;
        var index = ToEntity(report, report.Period, v.AssignmentId, "current");
        index["Unit"] = unit;
        return (ToEntity(report, v.AssignmentId, VersionKey(v.Period, v.Version), "version"), ToEntity(report, v.AssignmentId, v.Period, "current"), index);
    }

    private static string VersionKey(string period, int version) => $"{period}.v{version.ToString("D4", CultureInfo.InvariantCulture)}";

    private static TableEntity ToEntity(MonthlyReport report, string partitionKey, string rowKey, string kind)
    {
        var v = report.Current;
        return new TableEntity(partitionKey, rowKey)
        {
            ["Kind"] = kind,
            ["AssignmentId"] = v.AssignmentId,
            ["Period"] = v.Period,
            ["Version"] = v.Version,
            ["ReceivedAt"] = v.ReceivedAt,
            ["Timeliness"] = v.Timeliness,
            ["SubmittedBy"] = v.SubmittedBy,
            ["ContentHash"] = v.ContentHash,
            ["Content"] = v.Content.ToJson(),
            ["FundsSpent"] = EntityValues.Money(v.Content.FundsSpent),
            ["FirstReceivedAt"] = report.FirstReceivedAt,
            ["FirstTimeliness"] = report.FirstTimeliness,
            ["ReturnedReason"] = v.Returned?.Reason,
            ["ReturnedAt"] = v.Returned?.ReturnedAt,
            ["ReturnedBy"] = v.Returned?.ReturnedBy,
        };
    }

    private static ReturnRecord? ToReturn(TableEntity e) =>
        e.GetDateTimeOffset("ReturnedAt") is { } at ? new ReturnRecord(e.GetString("ReturnedReason") ?? "", at, e.GetString("ReturnedBy") ?? "") : null;

    private static ReportVersion ToVersion(TableEntity e) => new(
        e.GetString("AssignmentId")!,
        e.GetString("Period")!,
        e.GetInt32("Version") ?? 0,
        e.GetDateTimeOffset("ReceivedAt") ?? default,
        e.GetString("Timeliness")!,
        e.GetString("SubmittedBy") ?? "",
        e.GetString("ContentHash")!,
        MonthlyReportContent.FromJson(e.GetString("Content")!),
        ToReturn(e));

    private static MonthlyReport ToReport(TableEntity e) =>
        new(ToVersion(e), e.GetDateTimeOffset("FirstReceivedAt") ?? default, e.GetString("FirstTimeliness")!);
}
