using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Jobs;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Microsoft.Extensions.Options;

namespace Governance.Core.Standing;

/// <summary>
/// Reads what <see cref="Standings.Compute"/> needs, with bounded queries only: for one assignment
/// its Reports, Evidence and Evaluations partitions; for the dispatch and the bulletin the
/// Assignments partitions of the programme years that can be active
/// (<see cref="JobOptions.ProgrammeYearsSpanned"/>), the ReportsByMonth partitions of the months asked
/// for (their full texts), and the StandingSummaries partitions of those years (<see cref="StandingSummaryStore"/>:
/// earlier months, evidence and evaluation) — so what it reads does not grow with the months of history
/// and makes no request per assignment. An assignment whose summary part is missing (written before
/// summaries existed) or has unconfirmed evidence is read from its own partitions and its summary healed.
/// </summary>
public sealed class StandingReader(
    AssignmentStore assignments,
    ReportStore reports,
    EvidenceStore evidence,
    EvaluationStore evaluations,
    StandingSummaryStore summaries,
    Storage.Outbox outbox,
    IOptions<RuleThresholds> thresholds,
    IOptions<JobOptions> jobs)
{
    /// <summary>One assignment's standing at <paramref name="at"/>.</summary>
    public async Task<AssignmentStanding> OfAsync(Assignment assignment, DateTimeOffset at, CancellationToken ct) =>
        (await InputsAsync(assignment, at, ct)).At(at, thresholds.Value);

    /// <summary>
    /// What one assignment's standing is computed from, read from its own partitions (Reports current rows,
    /// Evidence, Evaluations): enough for any moment from <paramref name="earliest"/> on.
    /// </summary>
    public async Task<StandingInputs> InputsAsync(Assignment assignment, DateTimeOffset earliest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var monthly = reports.ListCurrentAsync(assignment.Id, ct);
        var files = evidence.ListAsync(assignment.Id, ct);
        var evaluated = EvaluationsAsync(assignment.Id, (await evaluations.FindCurrentAsync(assignment.Id, ct))?.Record, earliest, ct);
        return new StandingInputs(assignment, await monthly, Standings.EvidenceSince(await files), await evaluated);
    }

    /// <summary>
    /// The inputs of many assignments (a page of a year's list) with no request per assignment: the
    /// StandingSummaries partitions of their years, whole rows (every month as the summary keeps it).
    /// Enough for any moment from <paramref name="earliest"/> on.
    /// </summary>
    public async Task<IReadOnlyList<StandingInputs>> InputsAsync(IReadOnlyList<Assignment> page, DateTimeOffset earliest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Count == 0)
        {
            return [];
        }
        // A report or a return stored by a request that died before its side effects must count.
        await outbox.DeliverPendingAsync(null, ct);
        var stored = await summaries.ReadAsync(page.Select(a => StandingSummaryStore.PartitionOf(a.Id)), null, ct);
        return await Task.WhenAll(page.Select(async a =>
        {
            var summary = stored.GetValueOrDefault(a.Id);
            var history = summary is { HasReports: true, Reports: { } months } ? months : await HealReportsAsync(a.Id, ct);
            return await CompleteAsync(a, history, summary, earliest, ct);
        }));
    }

    // Evidence and the evaluations from the summary (healed when a part is missing or unconfirmed).
    private async Task<StandingInputs> CompleteAsync(Assignment a, IReadOnlyList<MonthlyReport> counted, StandingSummaryStore.Summary? summary, DateTimeOffset earliest, CancellationToken ct)
    {
        var since = await EvidenceSinceAsync(a.Id, summary?.Evidence, ct);
        var current = summary?.EvaluationVersion is null ? await HealEvaluationAsync(a.Id, ct) : summary.Evaluation;
        var evaluated = await EvaluationsAsync(a.Id, current, earliest, ct);
        return new StandingInputs(a, counted, since, evaluated);
    }

    /// <summary>
    /// The standing at <paramref name="at"/> of every assignment active in some month of
    /// [<paramref name="first"/>, <paramref name="last"/>], in the programme's order. Each standing's
    /// <see cref="AssignmentStanding.Reports"/> holds the months of the range as stored, preceded by at
    /// most one report standing for all earlier months together (<see cref="StandingSummaryStore.ToReport"/>:
    /// spend to date, latest figures and progress) — what the standing needs, not each earlier month.
    /// </summary>
    public async Task<IReadOnlyList<AssignmentStanding>> ActiveAsync(MonthPeriod first, MonthPeriod last, DateTimeOffset at, CancellationToken ct) =>
        (await ActiveInputsAsync(first, last, at, ct)).Select(i => i.At(at, thresholds.Value)).ToList();

    /// <summary>
    /// For each month of [<paramref name="first"/>, <paramref name="last"/>], the standing at the month's
    /// last moment of every assignment active in it (of every programme year that can be active, in the
    /// programme's order): what <see cref="ActiveAsync"/> answers month by month, read once.
    /// </summary>
    public async Task<IReadOnlyList<(MonthPeriod Month, IReadOnlyList<AssignmentStanding> Standings)>> MonthEndsAsync(MonthPeriod first, MonthPeriod last, CancellationToken ct)
    {
        var inputs = await ActiveInputsAsync(first, last, BeijingTime.EndOfDay(first.LastDay), ct);
        var months = new List<(MonthPeriod, IReadOnlyList<AssignmentStanding>)>();
        for (var m = first; m <= last; m = m.Next())
        {
            var end = BeijingTime.EndOfDay(m.LastDay);
            var month = m;
            months.Add((m, inputs.Where(i => ReportingPeriods.IsActiveIn(i.Assignment, month)).Select(i => i.At(end, thresholds.Value)).ToList()));
        }
        return months;
    }

    private async Task<IReadOnlyList<StandingInputs>> ActiveInputsAsync(MonthPeriod first, MonthPeriod last, DateTimeOffset earliest, CancellationToken ct)
    {
        // The assignments are read while the outbox is delivered; the months and the summaries after it.
        var reading = ActiveAssignmentsAsync(first, last, ct);
        // A report or evaluation stored by a request that died before its side effects (month index,
        // summary) must count, not read as 未报 or 未评估: every pending intent, one partition.
        await outbox.DeliverPendingAsync(null, ct);
        var months = new List<MonthPeriod>();
        for (var m = first; m <= last; m = m.Next())
        {
            months.Add(m);
        }
        // An assignment's id starts with its programme year, the summaries' partition.
        var read = summaries.ReadAsync(Years(last).Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)), first, ct);
        var monthly = Task.WhenAll(months.Select(m => reports.ListMonthAsync(m.ToString(), ct)));
        var active = await reading;
        if (active.Count == 0)
        {
            await Task.WhenAll(read, monthly);
            return [];
        }
        var partitions = await monthly;
        var stored = await read;
        // Per assignment, the months of the range in month order (the partitions come in that order).
        var inRange = new Dictionary<string, List<MonthlyReport>>(StringComparer.Ordinal);
        foreach (var partition in partitions)
        {
            foreach (var r in partition)
            {
                if (!inRange.TryGetValue(r.Current.AssignmentId, out var list))
                {
                    inRange[r.Current.AssignmentId] = list = new List<MonthlyReport>(months.Count);
                }
                list.Add(r);
            }
        }
        var firstPeriod = first.ToString();
        var day = DateOnly.FromDateTime(BeijingTime.ToBeijing(earliest).DateTime);
        // Almost every assignment has all it needs in its summary: those are put together here, without a
        // task each; the rest (a part to heal, a pending file to check, an evaluation made after the moment)
        // read what they lack, all at once.
        var inputs = new StandingInputs[active.Count];
        List<Task>? slow = null;
        for (var i = 0; i < active.Count; i++)
        {
            var a = active[i];
            var summary = stored.GetValueOrDefault(a.Id);
            var mine = inRange.GetValueOrDefault(a.Id);
            if (summary is { HasReports: true, EvaluationVersion: not null, Evidence: { Complete: true, Pending.Count: 0 } evidenceSummary }
                && (summary.Evaluation is null || summary.Evaluation.EvaluatedOn <= day))
            {
                var counted = new List<MonthlyReport>((mine?.Count ?? 0) + 1);
                if (summary.Earlier is { } earlier && string.CompareOrdinal(earlier.Period, firstPeriod) < 0)
                {
                    counted.Add(earlier);
                }
                if (mine is not null)
                {
                    counted.AddRange(mine);
                }
                inputs[i] = new StandingInputs(a, counted, evidenceSummary.Since, summary.Evaluation is { } current ? [current] : []);
                continue;
            }
            (slow ??= []).Add(FillAsync(i, a, summary, mine));
        }
        if (slow is not null)
        {
            await Task.WhenAll(slow);
        }
        return inputs;

        async Task FillAsync(int index, Assignment a, StandingSummaryStore.Summary? summary, List<MonthlyReport>? mine) =>
            inputs[index] = await ReadInputsAsync(a, summary, mine, firstPeriod, earliest, ct);
    }

    // One assignment whose summary lacks a part or needs a check: what it lacks read from its own partitions.
    private async Task<StandingInputs> ReadInputsAsync(Assignment a, StandingSummaryStore.Summary? summary, List<MonthlyReport>? inRange, string firstPeriod, DateTimeOffset earliest, CancellationToken ct)
    {
        // The months before the range from the summary, taken together as one report (its snapshot);
        // the months asked for with their texts from the month index.
        IReadOnlyList<MonthlyReport> history = summary is { HasReports: true }
            ? summary.Earlier is { } earlier ? [earlier] : []
            : await HealReportsAsync(a.Id, ct);
        var counted = history.Where(r => string.CompareOrdinal(r.Period, firstPeriod) < 0)
            .Concat(inRange ?? [])
            .ToList();
        return await CompleteAsync(a, counted, summary, earliest, ct);
    }

    /// <summary>Assignments active in some month of the range, across the programme years that can reach it.</summary>
    public async Task<IReadOnlyList<Assignment>> ActiveAssignmentsAsync(MonthPeriod first, MonthPeriod last, CancellationToken ct)
    {
        var lists = await Task.WhenAll(Years(last).Select(y => assignments.ListAsync(y, null, ct)));
        return lists.SelectMany(l => l)
            .Where(a => ReportingPeriods.First(a) <= last && ReportingPeriods.Last(a) >= first)
            .OrderBy(a => a.Year)
            .ThenBy(a => long.TryParse(a.SerialNumber, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(a => a.Unit, StringComparer.Ordinal)
            .ThenBy(a => a.Community, StringComparer.Ordinal)
            .ToList();
    }

    private IEnumerable<int> Years(MonthPeriod last) =>
        Enumerable.Range(last.Year - jobs.Value.ProgrammeYearsSpanned + 1, jobs.Value.ProgrammeYearsSpanned);

    // The current evaluation is the one in force unless it was made after T; only then are the versions read.
    private async Task<IReadOnlyList<EvaluationRecord>> EvaluationsAsync(string assignmentId, EvaluationRecord? current, DateTimeOffset at, CancellationToken ct)
    {
        if (current is null)
        {
            return [];
        }
        var day = DateOnly.FromDateTime(BeijingTime.ToBeijing(at).DateTime);
        return current.EvaluatedOn <= day ? [current] : await evaluations.ListVersionsAsync(assignmentId, ct);
    }

    private async Task<IReadOnlyList<MonthlyReport>> HealReportsAsync(string assignmentId, CancellationToken ct)
    {
        var current = await reports.ListCurrentAsync(assignmentId, ct);
        await BestEffort(summaries.WriteReportsAsync(assignmentId, current, ct));
        return current;
    }

    private async Task<EvaluationRecord?> HealEvaluationAsync(string assignmentId, CancellationToken ct)
    {
        var current = (await evaluations.FindCurrentAsync(assignmentId, ct))?.Record;
        await BestEffort(summaries.WriteEvaluationAsync(assignmentId, current, ct));
        return current;
    }

    // Confirmed evidence from the summary; a pending file counts only once its row is found. A part
    // never built, or started by an upload before it was built, is read from the Evidence partition.
    private async Task<IReadOnlyDictionary<string, string>> EvidenceSinceAsync(string assignmentId, StandingSummaryStore.EvidenceSummary? summary, CancellationToken ct)
    {
        if (summary is not { Complete: true })
        {
            var all = await evidence.ListAsync(assignmentId, ct);
            await BestEffort(summaries.HealEvidenceAsync(assignmentId, all, [], ct));
            return Standings.EvidenceSince(all);
        }
        if (summary.Pending.Count == 0)
        {
            return summary.Since;
        }
        var checkedFiles = await Task.WhenAll(summary.Pending.Select(async p => (p, Found: await evidence.FindAsync(assignmentId, p.Id, ct) is not null)));
        var committed = checkedFiles.Where(x => x.Found).Select(x => x.p).ToList();
        await BestEffort(summaries.HealEvidenceAsync(assignmentId, null, committed.Select(p => p.Id).ToList(), ct));
        var since = new Dictionary<string, string>(summary.Since, StringComparer.Ordinal);
        foreach (var p in committed)
        {
            if (!since.TryGetValue(p.Requirement, out var known) || string.CompareOrdinal(p.Period, known) < 0)
            {
                since[p.Requirement] = p.Period;
            }
        }
        return since;
    }

    // A heal that fails is only a missed shortcut: the answer was read from the source rows.
    private static async Task BestEffort(Task heal)
    {
        try
        {
            await heal;
        }
        catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException)
        {
        }
    }
}
