using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Rules;

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

public sealed record RequirementView(
    string Id,
    string Name,
    string Rule,
    string State,
    string StateName,
    IReadOnlyList<FigureView> Figures,
    string Explanation)
{
    public static RequirementView Of(Requirement r, RequirementVerdict v) => new(
        r.Id, r.Name, r.RuleText, v.State.Code(), v.State.ChineseName(),
        v.Figures.Select(f => new FigureView(f.Label, f.Required, f.Actual, f.Met)).ToList(),
        v.Explanation);
}

/// <summary>One month of an assignment's reporting: 按时, 逾期补报, 未报, or 待报 before the due day has passed.</summary>
public sealed record MonthState(string Period, string DueDay, string State);

/// <summary>One assignment in full (GET /api/assignments/{id}).</summary>
public sealed record AssignmentView(
    AssignmentSummary Assignment,
    IReadOnlyList<RequirementView> Requirements,
    int RequirementsMet,
    int RequirementsTotal,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    string ExecutionRateText,
    bool Overspent,
    string SpendState,
    IReadOnlyList<MonthState> Months);
