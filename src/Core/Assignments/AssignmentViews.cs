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

/// <summary>One month of an assignment's reporting: 按时, 逾期补报, 未报, or 待报 before the due day has passed.</summary>
public sealed record MonthState(string Period, string DueDay, string State);

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
