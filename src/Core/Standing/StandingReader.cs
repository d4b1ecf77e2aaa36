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
/// (<see cref="JobOptions.ProgrammeYearsSpanned"/>), one ReportsByMonth partition per month from the
/// earliest start month to the month asked for, and each active assignment's Evidence partition and
/// current evaluation (its versions only when the current one is later than T).
/// </summary>
public sealed class StandingReader(
    AssignmentStore assignments,
    ReportStore reports,
    EvidenceStore evidence,
    EvaluationStore evaluations,
    Storage.Outbox outbox,
    IOptions<RuleThresholds> thresholds,
    IOptions<JobOptions> jobs)
{
    /// <summary>One assignment's standing at <paramref name="at"/>.</summary>
    public async Task<AssignmentStanding> OfAsync(Assignment assignment, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var monthly = reports.ListCurrentAsync(assignment.Id, ct);
        var files = evidence.ListAsync(assignment.Id, ct);
        var evaluated = EvaluationsAsync(assignment.Id, at, ct);
        return Standings.Compute(assignment, await monthly, await files, await evaluated, at, thresholds.Value);
    }

    /// <summary>
    /// The standing at <paramref name="at"/> of every assignment active in some month of
    /// [<paramref name="first"/>, <paramref name="last"/>], in the programme's order.
    /// </summary>
    public async Task<IReadOnlyList<AssignmentStanding>> ActiveAsync(MonthPeriod first, MonthPeriod last, DateTimeOffset at, CancellationToken ct)
    {
        var active = await ActiveAssignmentsAsync(first, last, ct);
        if (active.Count == 0)
        {
            return [];
        }
        // A report stored by a request that died before indexing it must count, not read as 未报.
        await outbox.DeliverPendingAsync(ReportSideEffects.IntentKind, ct);
        var months = new List<MonthPeriod>();
        for (var m = active.Min(ReportingPeriods.First); m <= last; m = m.Next())
        {
            months.Add(m);
        }
        var partitions = await Task.WhenAll(months.Select(m => reports.ListMonthAsync(m.ToString(), ct)));
        var byAssignment = partitions.SelectMany(p => p)
            .GroupBy(r => r.Current.AssignmentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rows = await Task.WhenAll(active.Select(async a =>
        {
            var files = evidence.ListAsync(a.Id, ct);
            var evaluated = EvaluationsAsync(a.Id, at, ct);
            return Standings.Compute(a, byAssignment.GetValueOrDefault(a.Id) ?? [], await files, await evaluated, at, thresholds.Value);
        }));
        return rows;
    }

    /// <summary>Assignments active in some month of the range, across the programme years that can reach it.</summary>
    public async Task<IReadOnlyList<Assignment>> ActiveAssignmentsAsync(MonthPeriod first, MonthPeriod last, CancellationToken ct)
    {
        var years = Enumerable.Range(last.Year - jobs.Value.ProgrammeYearsSpanned + 1, jobs.Value.ProgrammeYearsSpanned);
        var lists = await Task.WhenAll(years.Select(y => assignments.ListAsync(y, null, ct)));
        return lists.SelectMany(l => l)
            .Where(a => ReportingPeriods.First(a) <= last && ReportingPeriods.Last(a) >= first)
            .OrderBy(a => a.Year)
            .ThenBy(a => long.TryParse(a.SerialNumber, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(a => a.Unit, StringComparer.Ordinal)
            .ThenBy(a => a.Community, StringComparer.Ordinal)
            .ToList();
    }

    // The current evaluation is the one in force unless it was made after T; only then are the versions read.
    private async Task<IReadOnlyList<EvaluationRecord>> EvaluationsAsync(string assignmentId, DateTimeOffset at, CancellationToken ct)
    {
        var current = await evaluations.FindCurrentAsync(assignmentId, ct);
        if (current is null)
        {
            return [];
        }
        var day = DateOnly.FromDateTime(BeijingTime.ToBeijing(at).DateTime);
        return current.Record.EvaluatedOn <= day ? [current.Record] : await evaluations.ListVersionsAsync(assignmentId, ct);
    }
}
