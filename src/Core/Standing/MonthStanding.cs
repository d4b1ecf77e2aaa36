using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Rules;

namespace Governance.Core.Standing;

/// <summary>
/// How a month of an assignment's reporting stands (报送情况): 按时, 逾期补报, 未报, 待报 before the due day
/// has passed, or 退回待改 while the month's current version is returned for revision.
/// </summary>
public sealed record ReportingState(string Name, string Code, ReturnRecord? Returned)
{
    public const string OnTime = "on_time";
    public const string Late = "late";
    public const string Missing = "missing";
    public const string Pending = "pending";
    public const string ReturnedCode = "returned";

    /// <summary>
    /// The one rule for a month's state: <paramref name="report"/> is the month's current version (null when
    /// none); <paramref name="due"/> whether the month's due day has passed for the reader (the assignment
    /// view: now; the dispatch: always, it lists every month it covers as due).
    /// </summary>
    public static ReportingState Of(MonthlyReport? report, bool due) => report switch
    {
        { Current.Returned: { } returned } => new(Timeliness.Returned, ReturnedCode, returned),
        not null => new(report.FirstTimeliness, report.FirstTimeliness == Timeliness.OnTime ? OnTime : Late, null),
        null when due => new(Timeliness.Missing, Missing, null),
        _ => new(Timeliness.NotYetDue, Pending, null),
    };

    /// <summary>Whether the month's reporting is due at <paramref name="at"/>: its due day has ended in Beijing time.</summary>
    public static bool IsDue(MonthPeriod month, DateTimeOffset at, ScheduleOptions schedule) => at >= DueDates.ReportDueEnd(month, schedule);
}

/// <summary>
/// One month of an assignment as the views show it: its due day, its <see cref="ReportingState"/>, whether the
/// unit may report it now (the PUT's own rule, <see cref="ReportingPeriods.IsSubmittable"/>) and the
/// standing as at the month's end (null while the month has not ended).
/// </summary>
public sealed record MonthStanding(MonthPeriod Month, DateOnly DueDay, ReportingState State, bool Submittable, AssignmentStanding? AtEnd);

/// <summary>An assignment's standing now and month by month: what the assignment view, the year's standing list and the preview answer.</summary>
public sealed record AssignmentTimeline(AssignmentStanding Now, IReadOnlyList<MonthStanding> Months);

/// <summary>
/// What <see cref="Standings.Compute(Assignment, IEnumerable{MonthlyReport}, IReadOnlyDictionary{string, string}, IEnumerable{EvaluationRecord}, DateTimeOffset, RuleThresholds)"/>
/// needs of one assignment, as a reader found it: the months' current versions, each requirement's first
/// evidence month, and the evaluation versions that may be in force at the moments asked for.
/// </summary>
public sealed record StandingInputs(
    Assignment Assignment,
    IReadOnlyList<MonthlyReport> Reports,
    IReadOnlyDictionary<string, string> EvidenceSince,
    IReadOnlyList<EvaluationRecord> Evaluations)
{
    /// <summary>The same inputs with <paramref name="candidate"/> as its month's current version (the preview).</summary>
    public StandingInputs With(MonthlyReport candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return this with
        {
            Reports = Reports.Where(r => r.Period != candidate.Period).Append(candidate).OrderBy(r => r.Period, StringComparer.Ordinal).ToList(),
        };
    }

    public AssignmentStanding At(DateTimeOffset at, RuleThresholds thresholds) =>
        Standings.Compute(Assignment, Reports, EvidenceSince, Evaluations, at, thresholds);

    /// <summary>
    /// The standing at <paramref name="now"/> and each reporting month from the start month to the current
    /// one (Beijing time), with its state and, once ended, the standing at its last moment.
    /// </summary>
    public AssignmentTimeline Timeline(DateTimeOffset now, ScheduleOptions schedule, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var byPeriod = Reports.ToDictionary(r => r.Period, StringComparer.Ordinal);
        var current = MonthPeriod.Of(DateOnly.FromDateTime(BeijingTime.ToBeijing(now).DateTime));
        var months = new List<MonthStanding>();
        for (var m = ReportingPeriods.First(Assignment); m <= ReportingPeriods.Last(Assignment) && m <= current; m = m.Next())
        {
            var end = BeijingTime.EndOfDay(m.LastDay);
            months.Add(new MonthStanding(
                m,
                DueDates.ReportDueDay(m, schedule),
                ReportingState.Of(byPeriod.GetValueOrDefault(m.ToString()), ReportingState.IsDue(m, now, schedule)),
                ReportingPeriods.IsSubmittable(Assignment, m, now),
                end <= now ? At(end, thresholds) : null));
        }
        return new AssignmentTimeline(At(now, thresholds), months);
    }
}

/// <summary>
/// Programme totals of the assignments active in one month, as at the month's end (the dispatch's totals
/// and the trend's month): allocation, spend to date and execution rate, requirements done of all, and
/// how the month's reports stand. <see cref="Returned"/> counts reports also counted as on time or late.
/// </summary>
public sealed record MonthTotals(
    MonthPeriod Month,
    int Assignments,
    decimal Allocation,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    int RequirementsDone,
    int RequirementsTotal,
    decimal ProgressShare,
    int OnTime,
    int Late,
    int Missing,
    int Pending,
    int Returned)
{
    /// <summary>Reports on time over assignments active in the month, four decimals.</summary>
    public decimal OnTimeRate => Assignments == 0 ? 0m : Math.Round((decimal)OnTime / Assignments, 4, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Totals of <paramref name="standings"/> (each at the end of <paramref name="month"/>); <paramref name="due"/>
    /// whether the month's reports are due (else an absent report is 待报, not 未报).
    /// </summary>
    public static MonthTotals Of(MonthPeriod month, IReadOnlyList<AssignmentStanding> standings, bool due)
    {
        ArgumentNullException.ThrowIfNull(standings);
        var states = standings.Select(s => (s.ReportFor(month), State: ReportingState.Of(s.ReportFor(month), due))).ToList();
        var allocation = standings.Sum(s => s.Assignment.AllocationYuan);
        var spent = standings.Sum(s => s.CumulativeSpend);
        var done = standings.Sum(s => s.Done);
        var total = standings.Sum(s => s.Total);
        return new MonthTotals(
            month, standings.Count, allocation, spent, Standings.Rate(spent, allocation),
            done, total, total == 0 ? 0m : Math.Round((decimal)done / total, 4, MidpointRounding.AwayFromZero),
            states.Count(s => s.Item1?.FirstTimeliness == Timeliness.OnTime),
            states.Count(s => s.Item1?.FirstTimeliness == Timeliness.Late),
            states.Count(s => s.State.Code == ReportingState.Missing),
            states.Count(s => s.State.Code == ReportingState.Pending),
            states.Count(s => s.State.Code == ReportingState.ReturnedCode));
    }
}
