using Governance.Core.Assignments;
using Governance.Core.Jobs;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Microsoft.Extensions.Options;

namespace Governance.Core.Progress;

/// <summary>
/// Where one assignment stands at the end of a month (进展): its reports up to that month, spend,
/// execution rate and requirement verdicts computed from the latest reported metrics.
/// </summary>
public sealed record AssignmentProgress(
    Assignment Assignment,
    IReadOnlyList<MonthlyReport> Reports,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    IReadOnlyList<RequirementVerdict> Verdicts)
{
    public int RequirementsMet => Verdicts.Count(v => v.State is RequirementState.Met or RequirementState.ReviewPassed);

    public int RequirementsTotal => Verdicts.Count;

    public decimal MetShare => RequirementsTotal == 0 ? 0m : (decimal)RequirementsMet / RequirementsTotal;

    public bool Overspent => CumulativeSpend > Assignment.AllocationYuan;

    public MonthlyReport? ReportFor(MonthPeriod month) =>
        Reports.FirstOrDefault(r => r.Period == month.ToString());
}

/// <summary>
/// Reads the programme as it stood at the end of a month for the dispatch and the bulletin with
/// bounded queries only: the Assignments partitions of the programme years that can be active
/// (<see cref="JobOptions.ProgrammeYearsSpanned"/>), and one ReportsByMonth partition per month
/// from the earliest start month of those assignments to the month asked for.
/// </summary>
public sealed class ProgressReader(
    AssignmentStore assignments,
    ReportStore reports,
    Storage.Outbox outbox,
    IOptions<RuleThresholds> thresholds,
    IOptions<JobOptions> jobs)
{
    /// <summary>Assignments active in any month of [<paramref name="first"/>, <paramref name="last"/>], as at the end of <paramref name="last"/>.</summary>
    public async Task<IReadOnlyList<AssignmentProgress>> ReadAsync(MonthPeriod first, MonthPeriod last, CancellationToken ct)
    {
        var active = await ActiveAsync(first, last, ct);
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
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MonthlyReport>)g.OrderBy(r => r.Period, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return active.Select(a => Of(a, byAssignment.GetValueOrDefault(a.Id) ?? [], thresholds.Value)).ToList();
    }

    /// <summary>Assignments active in some month of the range, across the programme years that can reach it.</summary>
    public async Task<IReadOnlyList<Assignment>> ActiveAsync(MonthPeriod first, MonthPeriod last, CancellationToken ct)
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

    public static AssignmentProgress Of(Assignment a, IReadOnlyList<MonthlyReport> monthly, RuleThresholds thresholds)
    {
        var metrics = monthly.Count == 0 ? null : AssignmentService.LatestMetrics(monthly);
        var verdicts = RuleEvaluator.EvaluateAll(a.TaskType, metrics, a.CommunityKind, thresholds, _ => false);
        var spent = monthly.Sum(r => r.Current.Content.FundsSpent);
        var rate = a.AllocationYuan == 0 ? 0m : Math.Round(spent / a.AllocationYuan, 4, MidpointRounding.AwayFromZero);
        return new AssignmentProgress(a, monthly, spent, rate, verdicts);
    }
}
