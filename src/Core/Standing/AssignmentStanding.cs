using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Rules;

namespace Governance.Core.Standing;

/// <summary>
/// One requirement of an assignment as it stood at a moment: the verdict computed from the figures
/// and evidence (<see cref="Computed"/>), the verdict after the staff judgement in force
/// (<see cref="Verdict"/>), and what the unit last reported about it.
/// </summary>
public sealed record RequirementStanding(
    Requirement Requirement,
    RequirementVerdict Computed,
    RequirementVerdict Verdict,
    RequirementProgress? LastReported,
    bool Done)
{
    public RequirementState State => Verdict.State;
}

/// <summary>
/// The standing of an assignment at a moment T (进展情况): every requirement's state from the reports,
/// evidence and evaluation as they stood at T, spend to date, and the progress share. The one
/// judgement every reader uses — the assignment view (T = now), the dispatch (the end of its month),
/// the bulletin (the end of its quarter), deadline warnings (the day they are sent), evaluation.
/// </summary>
public sealed record AssignmentStanding(
    Assignment Assignment,
    DateTimeOffset At,
    IReadOnlyList<MonthlyReport> Reports,
    IReadOnlyList<RequirementStanding> Requirements,
    EvaluationRecord? Evaluation,
    CommunityMetrics? Metrics,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    decimal TimeShare)
{
    /// <summary>T's day in Beijing time.</summary>
    public DateOnly Day => DateOnly.FromDateTime(BeijingTime.ToBeijing(At).DateTime);

    /// <summary>T's month: reports and evidence of later months do not count.</summary>
    public MonthPeriod Month => MonthPeriod.Of(Day);

    /// <summary>An evaluation in force at T that passed every requirement (全部通过).</summary>
    public bool EvaluatedAllPassed => Evaluation is { AllPassed: true };

    public int Total => Requirements.Count;

    /// <summary>Requirements counted as done for the progress share.</summary>
    public int Done => EvaluatedAllPassed ? Total : Requirements.Count(r => r.Done);

    /// <summary>Requirements 达标 or 已审核通过.</summary>
    public int Met => Requirements.Count(r => r.State is RequirementState.Met or RequirementState.ReviewPassed);

    /// <summary>The progress share (完成比例), four decimals; 100% once evaluated all passed.</summary>
    public decimal ProgressShare => EvaluatedAllPassed ? 1m
        : Total == 0 ? 0m
        : Math.Round((decimal)Done / Total, 4, MidpointRounding.AwayFromZero);

    /// <summary>Spend to date above the allocation (超支): flagged, never refused — the allocation is a subsidy.</summary>
    public bool AboveAllocation => CumulativeSpend > Assignment.AllocationYuan;

    public MonthlyReport? ReportFor(MonthPeriod month) => Reports.FirstOrDefault(r => r.Period == month.ToString());

    public IReadOnlyList<RequirementVerdict> Verdicts => Requirements.Select(r => r.Verdict).ToList();
}

/// <summary>
/// Computes <see cref="AssignmentStanding"/> from what is stored. Pure: the readers fetch, this decides.
/// </summary>
public static class Standings
{
    /// <summary>The progress status a unit reports when it considers a requirement finished.</summary>
    public const string DoneStatus = "done";

    /// <summary>
    /// The standing at <paramref name="at"/>. <paramref name="reports"/> are the current versions of
    /// the months (later months are ignored here); <paramref name="evidence"/> the assignment's files;
    /// <paramref name="evaluations"/> any evaluation versions known (the one in force is the highest
    /// version whose evaluation day is on or before T's day).
    /// </summary>
    public static AssignmentStanding Compute(
        Assignment assignment,
        IEnumerable<MonthlyReport> reports,
        IEnumerable<EvidenceRecord> evidence,
        IEnumerable<EvaluationRecord> evaluations,
        DateTimeOffset at,
        RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return Compute(assignment, reports, EvidenceSince(evidence), evaluations, at, thresholds);
    }

    /// <summary>
    /// As above, with the evidence given as the earliest month each requirement has a file
    /// (<paramref name="evidenceSince"/>: requirement id → <c>yyyy-MM</c>), as the running summary keeps it.
    /// </summary>
    public static AssignmentStanding Compute(
        Assignment assignment,
        IEnumerable<MonthlyReport> reports,
        IReadOnlyDictionary<string, string> evidenceSince,
        IEnumerable<EvaluationRecord> evaluations,
        DateTimeOffset at,
        RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(evidenceSince);
        ArgumentNullException.ThrowIfNull(thresholds);
        var day = DateOnly.FromDateTime(BeijingTime.ToBeijing(at).DateTime);
        var month = MonthPeriod.Of(day).ToString();
        // Run for every assignment of a dispatch or bulletin: loops rather than LINQ, no per-call sets.
        var counted = Counted(reports, month);
        var evaluation = InForce(evaluations, day);
        var metrics = counted.Count == 0 ? null : LatestOf(counted);

        var catalogue = RequirementCatalogue.For(assignment.TaskType);
        var requirements = new RequirementStanding[catalogue.Count];
        for (var i = 0; i < requirements.Length; i++)
        {
            var r = catalogue[i];
            var hasEvidence = evidenceSince.TryGetValue(r.Id, out var since) && string.CompareOrdinal(since, month) <= 0;
            var computed = RuleEvaluator.Evaluate(r, metrics, assignment.CommunityKind, thresholds, hasEvidence);
            var verdict = evaluation?.Apply(computed) ?? computed;
            var reported = LastReported(counted, r.Id);
            var done = verdict.State is RequirementState.Met or RequirementState.ReviewPassed
                || (verdict.State == RequirementState.AwaitingReview && reported?.Status == DoneStatus);
            requirements[i] = new RequirementStanding(r, computed, verdict, reported, done);
        }

        var spent = 0m;
        foreach (var r in counted)
        {
            spent += r.Current.Content.FundsSpent;
        }
        return new AssignmentStanding(
            assignment, at, counted, requirements, evaluation, metrics,
            spent, Rate(spent, assignment.AllocationYuan), TimeShare(assignment, day));
    }

    // The reports of months up to and including the month, ordered by period (stable, as OrderBy).
    private static List<MonthlyReport> Counted(IEnumerable<MonthlyReport> reports, string month)
    {
        var counted = new List<MonthlyReport>(reports is IReadOnlyCollection<MonthlyReport> c ? c.Count : 4);
        var ordered = true;
        foreach (var r in reports)
        {
            if (string.CompareOrdinal(r.Period, month) <= 0)
            {
                ordered &= counted.Count == 0 || string.CompareOrdinal(counted[^1].Period, r.Period) <= 0;
                counted.Add(r);
            }
        }
        return ordered ? counted : counted.OrderBy(r => r.Period, StringComparer.Ordinal).ToList();
    }

    // LatestMetrics of reports already ordered by period: the newest first, as its OrderByDescending
    // takes them (a tie keeps the earlier one first, so such a list goes through LatestMetrics itself).
    private static CommunityMetrics LatestOf(List<MonthlyReport> ordered)
    {
        for (var i = 1; i < ordered.Count; i++)
        {
            if (string.CompareOrdinal(ordered[i - 1].Period, ordered[i].Period) == 0)
            {
                return LatestMetrics(ordered);
            }
        }
        CommunityMetrics? merged = null;
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            merged = Merge(merged, ordered[i].Current.Content.Metrics);
        }
        return merged ?? new CommunityMetrics(null, null, null, null, null, null, null, null, null, null);
    }

    /// <summary>For each requirement with evidence, the earliest month one of its files is for.</summary>
    public static IReadOnlyDictionary<string, string> EvidenceSince(IEnumerable<EvidenceRecord> evidence) =>
        evidence.Where(e => e.Requirement is not null)
            .GroupBy(e => e.Requirement!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Period).Min(StringComparer.Ordinal)!, StringComparer.Ordinal);

    /// <summary>The evaluation in force on <paramref name="day"/>: the highest version evaluated on or before it.</summary>
    public static EvaluationRecord? InForce(IEnumerable<EvaluationRecord> evaluations, DateOnly day) =>
        evaluations.Where(e => e.EvaluatedOn <= day).MaxBy(e => e.Version);

    /// <summary>Spend over allocation, four decimals; 0 for an allocation of 0.</summary>
    public static decimal Rate(decimal spent, decimal allocation) =>
        allocation == 0 ? 0m : Math.Round(spent / allocation, 4, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The share of the assignment's period elapsed by the end of <paramref name="day"/> (期限已过比例):
    /// days from the start date to the day, both counted, over the days from start to deadline.
    /// </summary>
    public static decimal TimeShare(Assignment assignment, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var span = assignment.Deadline.DayNumber - assignment.StartDate.DayNumber + 1;
        if (span <= 0)
        {
            return 1m;
        }
        var elapsed = Math.Clamp(Math.Min(day.DayNumber, assignment.Deadline.DayNumber) - assignment.StartDate.DayNumber + 1, 0, span);
        return Math.Round((decimal)elapsed / span, 4, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The latest figures win per metric: a clerk may report only what changed this month, so a
    /// figure missing from the newest report is taken from the newest report that has it.
    /// </summary>
    public static CommunityMetrics LatestMetrics(IEnumerable<MonthlyReport> monthly)
    {
        CommunityMetrics? merged = null;
        foreach (var m in monthly.OrderByDescending(r => r.Period, StringComparer.Ordinal).Select(r => r.Current.Content.Metrics))
        {
            merged = Merge(merged, m);
        }
        return merged ?? new CommunityMetrics(null, null, null, null, null, null, null, null, null, null);
    }

    // The newer figures (merged so far) win; an older report only fills what they lack.
    private static CommunityMetrics Merge(CommunityMetrics? merged, CommunityMetrics m) =>
        merged is null ? m : new CommunityMetrics(
            merged.Households ?? m.Households,
            merged.UrbanPopulation ?? m.UrbanPopulation,
            merged.CentreArea ?? m.CentreArea,
            merged.ActivityArea ?? m.ActivityArea,
            merged.FacilityOwner ?? m.FacilityOwner,
            merged.CommunityWorkers ?? m.CommunityWorkers,
            merged.VolunteerTeam ?? m.VolunteerTeam,
            merged.ConsultationProjects ?? m.ConsultationProjects,
            merged.ElderlyCareStation ?? m.ElderlyCareStation,
            merged.SocialWorkRoom ?? m.SocialWorkRoom);

    // The unit's latest word on a requirement: the newest month whose report mentions it.
    private static RequirementProgress? LastReported(IReadOnlyList<MonthlyReport> ordered, string requirementId)
    {
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            foreach (var p in ordered[i].Current.Content.Progress)
            {
                if (p.Requirement == requirementId)
                {
                    return p;
                }
            }
        }
        return null;
    }
}
