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
/// PartitionKey = the assignment's programme year (the id's prefix), RowKey = assignment id + "|" +
/// part, so a job reads a year's summaries as one partition. Three parts, each written by its own
/// writer and each only ever moving forward, so a re-delivery or a late writer never moves one back:
/// <list type="bullet">
/// <item><c>reports</c>: each month's current version reduced to what the standing needs (spend, figures,
/// progress, timeliness), rebuilt from the Reports partition's current rows after every version and
/// written only when its <c>Revision</c> (the sum of the months' version numbers, which every accepted
/// version raises by exactly one) is higher than the stored one. A write lost to a crash is redone by
/// the report's Outbox intent, exactly as the month index is.</item>
/// <item><c>evaluation</c>: the evaluation in force, forward only by version; written by the evaluation's
/// side effects (Outbox-healed too); <c>Version</c> 0 means none.</item>
/// <item><c>evidence</c>: for each requirement the earliest month it has evidence (rows are never deleted,
/// so the earliest month only moves back and the answer at any past month is exact). An upload notes its
/// files as <c>Pending</c> before its rows are written and confirms them after; a reader verifies a pending
/// file with a point read, so a crash between the two writes cannot make the summary disagree.</item>
/// </list>
/// A part that is absent (written before summaries existed) is built by the reader from the source
/// partition and stored; <c>evidence</c> created by an upload note before it was built is marked
/// incomplete and built the same way.
/// </summary>
public sealed class StandingSummaryStore(GovernanceStorage storage, TimeProvider clock)
{
    public const string ReportsPart = "reports";
    public const string EvaluationPart = "evaluation";
    public const string EvidencePart = "evidence";
    private const int Attempts = 8;

    /// <summary>A pending file older than this whose row is absent never committed (an upload request runs far shorter).</summary>
    public static readonly TimeSpan PendingGrace = Outbox.CommitGrace;

    /// <summary>One month as the summary keeps it: the current version with the texts left out.</summary>
    public sealed record Month(
        string Period, int Version, DateTimeOffset ReceivedAt, string Timeliness, string ContentHash,
        DateTimeOffset FirstReceivedAt, string FirstTimeliness, decimal FundsSpent,
        IReadOnlyList<RequirementProgress> Progress, CommunityMetrics Metrics);

    public sealed record PendingEvidence(string Id, string Requirement, string Period, DateTimeOffset At);

    public sealed record EvidenceSummary(bool Complete, IReadOnlyDictionary<string, string> Since, IReadOnlyList<PendingEvidence> Pending);

    /// <summary>What a year's partition holds for one assignment; a null part was never written.</summary>
    public sealed record Summary(IReadOnlyList<MonthlyReport>? Reports, int? EvaluationVersion, EvaluationRecord? Evaluation, EvidenceSummary? Evidence);

    public static string PartitionOf(string assignmentId)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        var dash = assignmentId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? assignmentId[..dash] : assignmentId;
    }

    public static string RowKeyOf(string assignmentId, string part) => assignmentId + "|" + part;

    /// <summary>The revision of a set of current months: the sum of their versions, raised by one by every accepted version.</summary>
    public static long Revision(IEnumerable<MonthlyReport> current) => current.Sum(r => (long)r.Current.Version);

    /// <summary>Every summary of the given programme years: one partition query each.</summary>
    public async Task<IReadOnlyDictionary<string, Summary>> ReadAsync(IEnumerable<string> partitions, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.StandingSummariesTable, ct);
        var pages = await Task.WhenAll(partitions.Distinct(StringComparer.Ordinal).Select(async p =>
        {
            var list = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {EntityValues.Quote(p)}", cancellationToken: ct))
            {
                list.Add(e);
            }
            return list;
        }));
        var parts = new Dictionary<string, (List<MonthlyReport>? R, int? V, EvaluationRecord? E, EvidenceSummary? F)>(StringComparer.Ordinal);
        foreach (var e in pages.SelectMany(p => p))
        {
            var bar = e.RowKey.LastIndexOf('|');
            if (bar <= 0)
            {
                continue;
            }
            var id = e.RowKey[..bar];
            var s = parts.GetValueOrDefault(id);
            switch (e.RowKey[(bar + 1)..])
            {
                case ReportsPart:
                    s.R = ToReports(id, e);
                    break;
                case EvaluationPart:
                    s.V = e.GetInt32("Version") ?? 0;
                    s.E = s.V > 0 ? EvaluationStore.FromEntity(e) : null;
                    break;
                case EvidencePart:
                    s.F = ToEvidence(e);
                    break;
            }
            parts[id] = s;
        }
        return parts.ToDictionary(kv => kv.Key, kv => new Summary(kv.Value.R, kv.Value.V, kv.Value.E, kv.Value.F), StringComparer.Ordinal);
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
    /// The rows of a fresh summary — the reports part of <paramref name="current"/>, an empty, complete
    /// evidence part and a "none" evaluation part — for writers that load many assignments at once in
    /// batch transactions (the benchmark's seeder).
    /// </summary>
    public static IReadOnlyList<TableEntity> FreshEntities(string assignmentId, IReadOnlyList<MonthlyReport> current) =>
    [
        ReportsEntity(assignmentId, current),
        new TableEntity(PartitionOf(assignmentId), RowKeyOf(assignmentId, EvidencePart)) { ["Complete"] = true, ["Since"] = "{}", ["Pending"] = "[]" },
        new TableEntity(PartitionOf(assignmentId), RowKeyOf(assignmentId, EvaluationPart)) { ["Version"] = 0 },
    ];

    private static TableEntity ReportsEntity(string assignmentId, IReadOnlyList<MonthlyReport> current)
    {
        var months = current.OrderBy(r => r.Period, StringComparer.Ordinal).Select(r => new Month(
            r.Period, r.Current.Version, r.Current.ReceivedAt, r.Current.Timeliness, r.Current.ContentHash,
            r.FirstReceivedAt, r.FirstTimeliness, r.Current.Content.FundsSpent, r.Current.Content.Progress, r.Current.Content.Metrics)).ToList();
        return new TableEntity(PartitionOf(assignmentId), RowKeyOf(assignmentId, ReportsPart))
        {
            ["Revision"] = Revision(current),
            ["SpentToDate"] = EntityValues.Money(months.Sum(m => m.FundsSpent)),
            ["Months"] = JsonSerializer.Serialize(months, Json.Options),
        };
    }

    /// <summary>Stores the evaluation in force (null: none) unless a later version is stored.</summary>
    public Task WriteEvaluationAsync(string assignmentId, EvaluationRecord? current, CancellationToken ct)
    {
        var entity = current is null
            ? new TableEntity(PartitionOf(assignmentId), RowKeyOf(assignmentId, EvaluationPart)) { ["Version"] = 0 }
            : EvaluationStore.ToEntity(current, RowKeyOf(assignmentId, EvaluationPart));
        entity.PartitionKey = PartitionOf(assignmentId);
        return WriteForwardAsync(entity, "Version", current?.Version ?? 0, ct);
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

    // Read, change, write back with the ETag; a concurrent writer's change is never lost, it is re-read.
    private async Task UpdateEvidenceAsync(string assignmentId, Action<Dictionary<string, string>, List<PendingEvidence>> change, bool complete, bool createIncomplete, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.StandingSummariesTable, ct);
        var pk = PartitionOf(assignmentId);
        var rk = RowKeyOf(assignmentId, EvidencePart);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
            var stored = found.HasValue ? found.Value : null;
            if (stored is null && !createIncomplete && !complete)
            {
                return;
            }
            var summary = stored is null ? new EvidenceSummary(false, new Dictionary<string, string>(), []) : ToEvidence(stored);
            var since = new Dictionary<string, string>(summary.Since, StringComparer.Ordinal);
            var pending = summary.Pending.ToList();
            change(since, pending);
            var entity = new TableEntity(pk, rk)
            {
                ["Complete"] = summary.Complete || complete,
                ["Since"] = JsonSerializer.Serialize(since, Json.Options),
                ["Pending"] = JsonSerializer.Serialize(pending, Json.Options),
            };
            try
            {
                if (stored is null)
                {
                    await table.AddEntityAsync(entity, ct);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, ct);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer changed the part between the read and this write: read again.
            }
        }
        throw new InvalidOperationException($"The evidence summary of {assignmentId} kept moving.");
    }

    // Add when absent, else replace with the ETag read, and only when the stored revision is lower:
    // racing writers leave the newest, in whatever order they arrive.
    private async Task WriteForwardAsync(TableEntity entity, string revisionColumn, long revision, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.StandingSummariesTable, ct);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, [revisionColumn], ct);
            var stored = found.HasValue ? found.Value : null;
            if (stored is not null && Number(stored, revisionColumn) >= revision)
            {
                return;
            }
            try
            {
                if (stored is null)
                {
                    await table.AddEntityAsync(entity, ct);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, ct);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer landed between the read and this write: read again.
            }
        }
        throw new InvalidOperationException($"The summary {entity.RowKey} kept moving; left to the outbox.");
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
                new MonthlyReportContent("", null, null, m.FundsSpent, m.Progress, m.Metrics)),
            m.FirstReceivedAt, m.FirstTimeliness)).ToList();
    }

    private static EvidenceSummary ToEvidence(TableEntity e) => new(
        e.GetBoolean("Complete") ?? false,
        JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Since") ?? "{}", Json.Options) ?? [],
        JsonSerializer.Deserialize<List<PendingEvidence>>(e.GetString("Pending") ?? "[]", Json.Options) ?? []);
}
