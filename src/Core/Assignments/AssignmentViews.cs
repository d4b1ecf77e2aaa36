using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Documents;
using Governance.Core.Rules;
using Governance.Core.Standing;

namespace Governance.Core.Assignments;

/// <summary>An assignment as listed: who, where, what, how much, when.</summary>
public sealed record AssignmentSummary(
    string Id,
    int Year,
    string? SerialNumber,
    string Unit,
    string Community,
    string CommunityKind,
    string CommunityKindName,
    string TaskType,
    string TaskTypeName,
    decimal Allocation,
    string StartDate,
    string Deadline)
{
    public static AssignmentSummary Of(Assignment a) => new(
        a.Id, a.Year, a.SerialNumber, a.Unit, a.Community,
        a.CommunityKind.Code(), a.CommunityKind.ChineseName(),
        a.TaskType.Code(), a.TaskType.ChineseName(),
        a.AllocationYuan,
        a.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        a.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}

public sealed record FigureView(string Label, string Required, string Actual, bool? Met);

/// <summary>
/// One requirement as it stands: its state with the figures behind it, what the unit last reported
/// (<paramref name="ReportedStatus"/>: not_started, in_progress, done), and whether it counts as done
/// for the progress share.
/// </summary>
public sealed record RequirementView(
    string Id,
    string Name,
    string Rule,
    string State,
    string StateName,
    IReadOnlyList<FigureView> Figures,
    string Explanation,
    string? ReportedStatus,
    bool Done)
{
    public static RequirementView Of(RequirementStanding r) => new(
        r.Requirement.Id, r.Requirement.Name, r.Requirement.RuleText, r.State.Code(), r.State.ChineseName(),
        r.Verdict.Figures.Select(f => new FigureView(f.Label, f.Required, f.Actual, f.Met)).ToList(),
        r.Verdict.Explanation, r.LastReported?.Status, r.Done);
}

/// <summary>
/// One month of an assignment's reporting: <paramref name="State"/> 按时, 逾期补报, 未报, 待报 before the due day
/// has passed, or 退回待改 (<paramref name="StateCode"/> on_time, late, missing, pending, returned);
/// <paramref name="Submittable"/> exactly when the unit's PUT for the month would be taken now;
/// <paramref name="ReturnReason"/> while the month is returned for revision; the execution rate and the
/// progress share as at the month's end (null until the month has ended).
/// </summary>
public sealed record MonthState(
    string Period,
    string DueDay,
    string State,
    string StateCode,
    bool Submittable,
    string? ReturnReason,
    decimal? ExecutionRate,
    decimal? ProgressShare)
{
    public static MonthState Of(MonthStanding m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Month.ToString(), m.DueDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            m.State.Name, m.State.Code, m.Submittable, m.State.Returned?.Reason, m.AtEnd?.ExecutionRate, m.AtEnd?.ProgressShare);
    }
}

/// <summary>
/// One assignment in full (GET /api/assignments/{id}): its standing now — the same computation the
/// dispatch and the bulletin use at the end of their month or quarter.
/// </summary>
public sealed record AssignmentView(
    AssignmentSummary Assignment,
    IReadOnlyList<RequirementView> Requirements,
    int RequirementsMet,
    int RequirementsDone,
    int RequirementsTotal,
    decimal ProgressShare,
    string ProgressShareText,
    string ProgressText,
    decimal TimeShare,
    string TimeShareText,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    string ExecutionRateText,
    bool Overspent,
    string SpendState,
    IReadOnlyList<MonthState> Months)
{
    public static AssignmentView Of(AssignmentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return Of(timeline.Now, timeline.Months.Select(MonthState.Of).ToList());
    }

    public static AssignmentView Of(AssignmentStanding s, IReadOnlyList<MonthState> months) => new(
        AssignmentSummary.Of(s.Assignment),
        s.Requirements.Select(RequirementView.Of).ToList(),
        s.Met, s.Done, s.Total,
        s.ProgressShare, OfficialWording.Percent(s.ProgressShare), OfficialWording.RequirementsDone(s.Done, s.Total),
        s.TimeShare, OfficialWording.Percent(s.TimeShare),
        s.CumulativeSpend, s.ExecutionRate, OfficialWording.Percent(s.ExecutionRate),
        s.AboveAllocation, s.AboveAllocation ? "超支" : "正常",
        months);
}
