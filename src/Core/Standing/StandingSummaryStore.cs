using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Storage;

namespace Governance.Core.Standing;

/// <summary>
/// The running summary per assignment (进展汇总) the dispatch and the bulletin read instead of every
/// month's reports and every assignment's Evidence and Evaluations partitions. StandingSummaries:
/// PartitionKey = the assignment's programme year (the id's prefix), RowKey = assignment id, so a job
/// reads a year's summaries as one partition, one row per assignment. The row has three parts, each
/// written by its own writer as a Merge guarded by the ETag it read (so no writer loses another's
/// part) and each only ever moving forward, so a re-delivery or a late writer never moves one back:
/// <list type="bullet">
/// <item>reports (<c>Revision</c>, <c>SpentToDate</c>, <c>Months</c>, <c>LatestPeriod</c>, the snapshots <c>C{yyyyMM}</c> and <c>CLatest</c>): each month's current version reduced to
/// what the standing needs (spend, figures, progress, timeliness, a return for revision), rebuilt from the Reports
/// partition's current rows after every version and every return, and written only when its <c>Revision</c>
/// (<see cref="Revision"/>, which every accepted version and every return raises) is higher than the stored one.
/// A write lost to a crash is redone by the report's Outbox intent, exactly as the month index is.</item>
/// <item>evaluation (<c>EvaluationVersion</c> and the evaluation's columns prefixed <c>Ev</c>): the evaluation
/// in force, forward only by version; written by the evaluation's side effects (Outbox-healed too);
/// version 0 means none.</item>
/// <item>evidence (<c>EvidenceComplete</c>, <c>EvidenceSince</c>, <c>EvidencePending</c>): for each requirement the
/// earliest month it has evidence (rows are never deleted, so the answer at any past month is exact).
/// An upload notes its files as pending before its rows are written and confirms them after; a reader
/// checks a pending file with a point read, so a crash between the two writes cannot make the summary
/// disagree.</item>
/// </list>
/// A part that is absent (written before summaries existed) is built by the reader from the source
/// partition and stored; an evidence part started by an upload's note before it was built is marked
/// incomplete and built the same way.
/// </summary>
public sealed class StandingSummaryStore(GovernanceStorage storage, AfterAnswer afterAnswer, TimeProvider clock)
{
    private const int Attempts = 8;
    private const string EvaluationPrefix = "Ev";

    // The latest reported month (yyyy-MM; "" when none), beside CLatest, its snapshot.
    private const string LatestColumn = "LatestPeriod";

    /// <summary>A pending file older than this whose row is absent never committed (an upload request runs far shorter).</summary>
    public static readonly TimeSpan PendingGrace = Outbox.CommitGrace;

    /// <summary>One month as the summary keeps it: the current version with the texts left out.</summary>
    public sealed record Month(
        string Period, int Version, DateTimeOffset ReceivedAt, string Timeliness, string ContentHash,
        DateTimeOffset FirstReceivedAt, string FirstTimeliness, decimal FundsSpent,
        IReadOnlyList<RequirementProgress> Progress, CommunityMetrics Metrics, ReturnRecord? Returned = null);

    /// <summary>
    /// The months up to and including one calendar month taken together: spend to date, each figure at
    /// its latest reported value, each requirement's latest reported progress, and the latest month
    /// reported (<see cref="Period"/>). Stored for every calendar month from the first reported month
    /// on (column <c>C{yyyyMM}</c>) and for all months (<c>CLatest</c>), so "as at the end of M" reads one column.
    /// </summary>
    public sealed record Snapshot(string Period, decimal SpentToDate, CommunityMetrics Metrics, IReadOnlyList<RequirementProgress> Progress);

    public sealed record PendingEvidence(string Id, string Requirement, string Period, DateTimeOffset At);

    public sealed record EvidenceSummary(bool Complete, IReadOnlyDictionary<string, string> Since, IReadOnlyList<PendingEvidence> Pending);

    /// <summary>
    /// What a year's partition holds for one assignment; a null part was never written.
    /// <see cref="Reports"/>: every month (when read without a month); <see cref="Earlier"/>: the months
    /// before the month asked for taken together, as one report (<see cref="ToReport"/>), or null when none.
    /// </summary>
    public sealed record Summary(bool HasReports, IReadOnlyList<MonthlyReport>? Reports, MonthlyReport? Earlier, int? EvaluationVersion, EvaluationRecord? Evaluation, EvidenceSummary? Evidence);

    public static string PartitionOf(string assignmentId)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        var dash = assignmentId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? assignmentId[..dash] : assignmentId;
    }

    /// <summary>
    /// The revision of a set of current months: twice the sum of their versions plus one per month whose
    /// current version is returned for revision (退回修改), so every accepted version and every return raises it
    /// (a return by one, the next version of that month by one more, as it clears the return).
    /// </summary>
    public static long Revision(IEnumerable<MonthlyReport> current) => current.Sum(r => 2L * r.Current.Version + (r.IsReturned ? 1 : 0));

    /// <summary>
    /// Every summary of the given programme years: one partition query each. With <paramref name="before"/>,
    /// only the columns the standing at a month from <paramref name="before"/> on needs (the snapshot of the
    /// months before it, evidence, evaluation), so what is read does not grow with the months of history.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Summary>> ReadAsync(IEnumerable<string> partitions, Periods.MonthPeriod? before, CancellationToken ct)
    {
        // A report answered a moment ago on this instance has its summary written after the answer.
        await afterAnswer.SettledAsync();
        var table = await storage.TableAsync(StorageNames.StandingSummariesTable, ct);
        var previous = before is { } b ? SnapshotColumn(b.Previous().ToString()) : null;
        // Not CLatest: a snapshot is a third of what a row answers, and it is needed only when the latest
        // report is older than the month before (LatestPeriod says so); those rows read it afterwards.
        IEnumerable<string>? select = previous is null ? null :
            [.. new[] { "RowKey", "Revision", LatestColumn, previous, "EvaluationVersion", "EvidenceComplete", "EvidenceSince", "EvidencePending" }, .. EvaluationColumns];
        var pages = await Task.WhenAll(partitions.Distinct(StringComparer.Ordinal).Select(async p =>
        {
            var list = new List<(string, Summary, bool)>();
            await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {EntityValues.Quote(p)}", select: select, cancellationToken: ct))
            {
                var summary = ToSummary(e, before, previous, out var needsLatest);
                list.Add((e.RowKey, summary, needsLatest));
            }
            return list;
        }));
        var all = new Dictionary<string, Summary>(StringComparer.Ordinal);
        List<string>? older = null;
        foreach (var (id, summary, needsLatest) in pages.SelectMany(p => p))
        {
            all[id] = summary;
            if (needsLatest)
            {
                (older ??= []).Add(id);
            }
        }
        if (older is not null && before is { } month)
        {
            foreach (var (id, latest) in await LatestSnapshotsAsync(table, older, ct))
            {
                all[id] = all[id] with { Earlier = Earlier(id, latest, month) };
            }
        }
        return all;
    }

    // The latest snapshot of assignments whose summary lacks the month asked for (assignments that stopped
    // reporting): a point read each when few, else queries naming up to 40 rows of a partition each.
    private static async Task<IReadOnlyList<(string Id, string? Latest)>> LatestSnapshotsAsync(TableClient table, List<string> ids, CancellationToken ct)
    {
        const int PointReads = 8;
        const int PerQuery = 40;
        string[] select = ["RowKey", "CLatest"];
        if (ids.Count <= PointReads)
        {
            return await Task.WhenAll(ids.Select(async id =>
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(id), id, select, ct);
                return (id, found.HasValue ? found.Value!.GetString("CLatest") : null);
            }));
        }
        var rows = await Task.WhenAll(ids.GroupBy(PartitionOf, StringComparer.Ordinal).SelectMany(g => g.Chunk(PerQuery).Select(async chunk =>
        {
            var filter = $"PartitionKey eq {EntityValues.Quote(g.Key)} and ({string.Join(" or ", chunk.Select(id => $"RowKey eq {EntityValues.Quote(id)}"))})";
            var list = new List<(string, string?)>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: ct))
            {
                list.Add((e.RowKey, e.GetString("CLatest")));
            }
            return list;
        })));
        return rows.SelectMany(r => r).ToList();
    }

    // The latest snapshot stands for the months before the one asked for only when it is older than that month.
    private static MonthlyReport? Earlier(string assignmentId, string? latest, Periods.MonthPeriod before) =>
        Deserialize(latest) is { } l && string.CompareOrdinal(l.Period, before.ToString()) < 0 ? ToReport(assignmentId, l) : null;

    // The evaluation's columns as EvaluationStore writes them, prefixed: read from a sample so a column it adds is carried too.
    private static readonly string[] EvaluationColumns = EvaluationStore.ToEntity(
            new EvaluationRecord("", 0, default, default, "", [], [], default, "", new DossierInfo("", "", "", 0), ""), "current")
        .Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp"))
        .Select(k => EvaluationPrefix + k).ToArray();

    private static string SnapshotColumn(string period) => "C" + period.Replace("-", "", StringComparison.Ordinal);

    private static Summary ToSummary(TableEntity e, Periods.MonthPeriod? before, string? previous, out bool needsLatest)
    {
        needsLatest = false;
        var hasReports = e.ContainsKey("Revision") && e["Revision"] is not null;
        var reports = hasReports && before is null ? ToReports(e.RowKey, e) : null;
        MonthlyReport? earlier = null;
        if (hasReports && before is { } first)
        {
            // The snapshot of the month before: absent when it precedes the first report, or when it is
            // after the latest (then the latest snapshot covers every month before the one asked for).
            if (SnapshotJson.Read(previous is not null ? e.GetString(previous) : null) is { } snapshot)
            {
                earlier = ToReport(e.RowKey, snapshot);
            }
            else
            {
                // No latest period: a row written before the column existed, its latest snapshot decides.
                var latest = e.GetString(LatestColumn);
                needsLatest = latest is null || (latest.Length > 0 && string.CompareOrdinal(latest, first.ToString()) < 0);
            }
        }
        var version = e.GetInt32("EvaluationVersion");
        EvaluationRecord? evaluation = null;
        if (version > 0)
        {
            var columns = new TableEntity(e.RowKey, "current");
            foreach (var (key, value) in e.Where(kv => kv.Key.StartsWith(EvaluationPrefix, StringComparison.Ordinal) && kv.Key != "EvaluationVersion"))
            {
                columns[key[EvaluationPrefix.Length..]] = value;
            }
            evaluation = EvaluationStore.FromEntity(columns);
        }
        var evidence = e.ContainsKey("EvidenceComplete") && e["EvidenceComplete"] is not null ? ToEvidence(e) : null;
        return new Summary(hasReports, reports, earlier, version, evaluation, evidence);
    }

    private static Snapshot? Deserialize(string? json) => SnapshotJson.Read(json);

    /// <summary>
    /// A snapshot as one report of its latest month, for <see cref="Standings.Compute"/>: its spend is the
    /// spend to date, its figures and progress the latest of each, so taken with later months it gives
    /// exactly what those months taken one by one give.
    /// </summary>
    public static MonthlyReport ToReport(string assignmentId, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new MonthlyReport(new ReportVersion(assignmentId, snapshot.Period, 0, default, "", "", "",
            new MonthlyReportContent("", null, null, snapshot.SpentToDate, snapshot.Progress, snapshot.Metrics)), default, "");
    }

    /// <summary>
    /// Stores the months of <paramref name="current"/> (an assignment's current rows, read after its
    /// latest version committed) unless the stored summary is as new or newer.
    /// </summary>
    public Task WriteReportsAsync(string assignmentId, IReadOnlyList<MonthlyReport> current, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(current);
        return WriteForwardAsync(ReportsEntity(assignmentId, current), "Revision", Revision(current), ct);
    }

    /// <summary>
    /// The row of a fresh summary — the reports part of <paramref name="current"/>, an empty, complete
    /// evidence part and a "none" evaluation part — for writers that load many assignments at once in
    /// batch transactions (the benchmark's seeder).
    /// </summary>
    public static TableEntity FreshEntity(string assignmentId, IReadOnlyList<MonthlyReport> current)
    {
        var entity = ReportsEntity(assignmentId, current);
        entity["EvidenceComplete"] = true;
        entity["EvidenceSince"] = "{}";
        entity["EvidencePending"] = "[]";
        entity["EvaluationVersion"] = 0;
        return entity;
    }

    private static TableEntity ReportsEntity(string assignmentId, IReadOnlyList<MonthlyReport> current)
    {
        var ordered = current.OrderBy(r => r.Period, StringComparer.Ordinal).ToList();
        var months = ordered.Select(r => new Month(
            r.Period, r.Current.Version, r.Current.ReceivedAt, r.Current.Timeliness, r.Current.ContentHash,
            r.FirstReceivedAt, r.FirstTimeliness, r.Current.Content.FundsSpent, r.Current.Content.Progress, r.Current.Content.Metrics,
            r.Current.Returned)).ToList();
        var entity = new TableEntity(PartitionOf(assignmentId), assignmentId)
        {
            ["Revision"] = Revision(current),
            ["SpentToDate"] = EntityValues.Money(months.Sum(m => m.FundsSpent)),
            ["Months"] = JsonSerializer.Serialize(months, Json.Options),
            [LatestColumn] = ordered.Count == 0 ? "" : ordered[^1].Period,
        };
        if (ordered.Count == 0)
        {
            return entity;
        }
        // One snapshot per calendar month from the first reported to the latest, each month's figures
        // overriding earlier ones where given (the newest figure wins, as in Standings.LatestMetrics).
        var byPeriod = ordered.ToDictionary(r => r.Period, StringComparer.Ordinal);
        var spent = 0m;
        CommunityMetrics? metrics = null;
        var progress = new Dictionary<string, RequirementProgress>(StringComparer.Ordinal);
        string? json = null;
        var last = Periods.MonthPeriod.Parse(ordered[^1].Period);
        for (var m = Periods.MonthPeriod.Parse(ordered[0].Period); m <= last; m = m.Next())
        {
            if (byPeriod.TryGetValue(m.ToString(), out var r))
            {
                var c = r.Current.Content;
                spent += c.FundsSpent;
                metrics = metrics is null ? c.Metrics : Standings.LatestMetrics([r, ToReport(assignmentId, new Snapshot("", 0, metrics, []))]);
                foreach (var p in c.Progress)
                {
                    progress[p.Requirement] = p;
                }
                json = JsonSerializer.Serialize(new Snapshot(r.Period, spent, metrics, progress.Values.ToList()), Json.Options);
            }
            entity[SnapshotColumn(m.ToString())] = json;
        }
        entity["CLatest"] = json;
        return entity;
    }

    /// <summary>Stores the evaluation in force (null: none) unless a later version is stored.</summary>
    public Task WriteEvaluationAsync(string assignmentId, EvaluationRecord? current, CancellationToken ct)
    {
        var entity = new TableEntity(PartitionOf(assignmentId), assignmentId) { ["EvaluationVersion"] = current?.Version ?? 0 };
        if (current is not null)
        {
            foreach (var (key, value) in EvaluationStore.ToEntity(current, "current").Where(kv => kv.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
            {
                entity[EvaluationPrefix + key] = value;
            }
        }
        return WriteForwardAsync(entity, "EvaluationVersion", current?.Version ?? 0, ct);
    }

    /// <summary>
    /// Before an upload writes its rows: notes the files that answer a requirement as pending, so a
    /// reader checks them until <see cref="ConfirmEvidenceAsync"/> runs. Files without a requirement
    /// do not change any standing and are not noted.
    /// </summary>
    public Task NoteEvidenceAsync(IReadOnlyList<EvidenceRecord> records, CancellationToken ct) =>
        UpdateEvidenceAsync(records, (since, pending) =>
        {
            pending.AddRange(records.Where(r => r.Requirement is not null).Select(r => new PendingEvidence(r.Id, r.Requirement!, r.Period, clock.GetUtcNow())));
        }, createIncomplete: true, ct);

    /// <summary>After an upload's rows are written: the files count from now on without a check.</summary>
    public Task ConfirmEvidenceAsync(IReadOnlyList<EvidenceRecord> records, CancellationToken ct) =>
        UpdateEvidenceAsync(records, (since, pending) =>
        {
            foreach (var r in records.Where(r => r.Requirement is not null))
            {
                Merge(since, r.Requirement!, r.Period);
            }
            var ids = records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            pending.RemoveAll(p => ids.Contains(p.Id));
        }, createIncomplete: true, ct);

    /// <summary>
    /// What a reader found: <paramref name="all"/> the assignment's whole Evidence partition (null when
    /// only the pending files were checked), <paramref name="committed"/> the pending files whose rows
    /// exist. Makes the part complete, confirms what exists and drops pending files past the grace.
    /// </summary>
    public Task HealEvidenceAsync(string assignmentId, IReadOnlyList<EvidenceRecord>? all, IReadOnlyCollection<string> committed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var now = clock.GetUtcNow();
        return UpdateEvidenceAsync(assignmentId, (since, pending) =>
        {
            foreach (var r in all ?? [])
            {
                if (r.Requirement is not null)
                {
                    Merge(since, r.Requirement, r.Period);
                }
            }
            var present = (all ?? []).Select(r => r.Id).Concat(committed).ToHashSet(StringComparer.Ordinal);
            foreach (var p in pending.Where(p => present.Contains(p.Id)))
            {
                Merge(since, p.Requirement, p.Period);
            }
            pending.RemoveAll(p => present.Contains(p.Id) || now - p.At > PendingGrace);
        }, complete: all is not null, createIncomplete: false, ct);
    }

    private static void Merge(Dictionary<string, string> since, string requirement, string period)
    {
        if (!since.TryGetValue(requirement, out var known) || string.CompareOrdinal(period, known) < 0)
        {
            since[requirement] = period;
        }
    }

    private Task UpdateEvidenceAsync(IReadOnlyList<EvidenceRecord> records, Action<Dictionary<string, string>, List<PendingEvidence>> change, bool createIncomplete, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        var relevant = records.Where(r => r.Requirement is not null).ToList();
        if (relevant.Count == 0)
        {
            return Task.CompletedTask;
        }
        return Task.WhenAll(relevant.GroupBy(r => r.AssignmentId, StringComparer.Ordinal)
            .Select(g => UpdateEvidenceAsync(g.Key, change, complete: false, createIncomplete, ct)));
    }

    // Read, change, merge back with the ETag; a concurrent writer's change is never lost, it is re-read.
    private async Task UpdateEvidenceAsync(string assignmentId, Action<Dictionary<string, string>, List<PendingEvidence>> change, bool complete, bool createIncomplete, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.StandingSummariesTable, ct);
        var pk = PartitionOf(assignmentId);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(pk, assignmentId, ["EvidenceComplete", "EvidenceSince", "EvidencePending"], ct);
            var stored = found.HasValue ? found.Value : null;
            var part = stored is not null && stored.ContainsKey("EvidenceComplete") ? ToEvidence(stored) : null;
            if (part is null && !createIncomplete && !complete)
            {
                return;
            }
            part ??= new EvidenceSummary(false, new Dictionary<string, string>(), []);
            var since = new Dictionary<string, string>(part.Since, StringComparer.Ordinal);
            var pending = part.Pending.ToList();
            change(since, pending);
            var entity = new TableEntity(pk, assignmentId)
            {
                ["EvidenceComplete"] = part.Complete || complete,
                ["EvidenceSince"] = JsonSerializer.Serialize(since, Json.Options),
                ["EvidencePending"] = JsonSerializer.Serialize(pending, Json.Options),
            };
            if (await ConditionalWrites.TryWriteAsync(table, entity, stored, TableUpdateMode.Merge, ct))
            {
                return;
            }
            // Another writer changed the row between the read and this write: read again.
        }
        throw new InvalidOperationException($"The evidence summary of {assignmentId} kept moving.");
    }

    // Add when absent, else merge this part with the ETag read, and only when the stored revision is
    // lower: racing writers leave the newest, in whatever order they arrive, and never touch another part.
    private async Task WriteForwardAsync(TableEntity entity, string revisionColumn, long revision, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.StandingSummariesTable, ct);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, [revisionColumn], ct);
            var stored = found.HasValue ? found.Value : null;
            if (stored is not null && stored.ContainsKey(revisionColumn) && stored[revisionColumn] is not null && Number(stored, revisionColumn) >= revision)
            {
                return;
            }
            if (await ConditionalWrites.TryWriteAsync(table, entity, stored, TableUpdateMode.Merge, ct))
            {
                return;
            }
            // Another writer landed between the read and this write: read again.
        }
        throw new InvalidOperationException($"The summary of {entity.RowKey} ({revisionColumn}) kept moving; left to the outbox.");
    }

    private static long Number(TableEntity e, string column) => e[column] switch
    {
        long l => l,
        int i => i,
        _ => 0,
    };

    private static List<MonthlyReport> ToReports(string assignmentId, TableEntity e)
    {
        var months = JsonSerializer.Deserialize<List<Month>>(e.GetString("Months") ?? "[]", Json.Options) ?? [];
        return months.Select(m => new MonthlyReport(
            new ReportVersion(assignmentId, m.Period, m.Version, m.ReceivedAt, m.Timeliness, "", m.ContentHash,
                new MonthlyReportContent("", null, null, m.FundsSpent, m.Progress, m.Metrics), m.Returned),
            m.FirstReceivedAt, m.FirstTimeliness)).ToList();
    }

    // Most assignments have no pending file and many no evidence yet: those skip the JSON parser.
    private static EvidenceSummary ToEvidence(TableEntity e) => new(
        e.GetBoolean("EvidenceComplete") ?? false,
        e.GetString("EvidenceSince") is { Length: > 2 } since
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(since, Json.Options) ?? []
            : new Dictionary<string, string>(StringComparer.Ordinal),
        e.GetString("EvidencePending") is { Length: > 2 } pending
            ? JsonSerializer.Deserialize<List<PendingEvidence>>(pending, Json.Options) ?? []
            : []);
}
