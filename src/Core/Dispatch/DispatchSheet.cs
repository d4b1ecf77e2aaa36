using Governance.Core.Documents;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Standing;

namespace Governance.Core.Dispatch;

/// <summary>
/// One requirement of a dispatch row: what the unit reported about it in the month (进展 and 说明;
/// empty when the month's report does not mention it) and its state at the end of the month.
/// </summary>
public sealed record DispatchRequirement(
    string Id,
    string Name,
    string? ReportedStatus,
    string Reported,
    string Note,
    string State);

/// <summary>
/// One row of the dispatch: one assignment active in the month, every figure from its standing at the month's end.
/// <see cref="Timeliness"/> is how the month was first reported (按时, 逾期补报) or 未报; <see cref="State"/> the
/// month's state (<see cref="ReportingState"/>): the same, or 退回待改 while its current version is returned for
/// revision at the time the dispatch is compiled, with <see cref="ReturnReason"/>.
/// </summary>
public sealed record DispatchRow(
    int Number,
    string AssignmentId,
    string Unit,
    string Community,
    string Task,
    decimal Allocation,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    string ExecutionRateText,
    bool Overspent,
    int RequirementsDone,
    int RequirementsTotal,
    decimal ProgressShare,
    string ProgressShareText,
    string ProgressText,
    string Progress,
    string Problems,
    string NextPlan,
    string Timeliness,
    IReadOnlyList<DispatchRequirement> Requirements,
    string State,
    string? ReturnReason)
{
    /// <summary>The 报送情况 cell: the month's state, with the reason while it is returned for revision.</summary>
    public string StateText => DispatchTexts.StateCell(State ?? Timeliness, ReturnReason);
}

public sealed record DispatchTotals(
    int Assignments,
    decimal Allocation,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    string ExecutionRateText,
    int OnTime,
    int Late,
    int Missing,
    string Text)
{
    /// <summary>Rows whose month is returned for revision (also counted as on time or late).</summary>
    public int Returned { get; init; }
}

/// <summary>The monthly dispatch sheet (月调度表): one row per assignment, totals, and the units that did not report.</summary>
public sealed record DispatchSheet(
    string Period,
    string Title,
    string DueDay,
    DateTimeOffset CompiledAt,
    string CompiledBy,
    string? Contact,
    IReadOnlyList<DispatchRow> Rows,
    DispatchTotals Totals,
    IReadOnlyList<string> UnitsNotReported)
{
    public static DispatchSheet Compile(MonthPeriod month, IReadOnlyList<AssignmentStanding> standings, ScheduleOptions schedule, DispatchOptions options, DateTimeOffset compiledAt)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(options);
        var rows = standings.Select((s, i) =>
        {
            var report = s.ReportFor(month);
            var content = report?.Current.Content;
            // The dispatch lists every month it covers as due: an absent report is 未报.
            var state = ReportingState.Of(report, due: true);
            var a = s.Assignment;
            return new DispatchRow(
                i + 1, a.Id, a.Unit, a.Community, Programme.ProgrammeNames.ChineseName(a.TaskType), a.AllocationYuan,
                s.CumulativeSpend, s.ExecutionRate, OfficialWording.Percent(s.ExecutionRate), s.AboveAllocation,
                s.Done, s.Total, s.ProgressShare, OfficialWording.Percent(s.ProgressShare), OfficialWording.RequirementsDone(s.Done, s.Total),
                content?.Summary ?? "", content?.Problems ?? "", content?.NextPlan ?? "",
                report?.FirstTimeliness ?? Timeliness.Missing,
                s.Requirements.Select(r => Requirement(r, content)).ToList(),
                state.Name, state.Returned?.Reason);
        }).ToList();
        var allocation = rows.Sum(r => r.Allocation);
        var spent = rows.Sum(r => r.CumulativeSpend);
        var rate = Standings.Rate(spent, allocation);
        var onTime = rows.Count(r => r.Timeliness == Timeliness.OnTime);
        var late = rows.Count(r => r.Timeliness == Timeliness.Late);
        var missing = rows.Count(r => r.Timeliness == Timeliness.Missing);
        var totals = new DispatchTotals(rows.Count, allocation, spent, rate, OfficialWording.Percent(rate), onTime, late, missing,
            DispatchTexts.TotalsText(rows.Count, allocation, spent, rate))
        {
            Returned = rows.Count(r => r.ReturnReason is not null),
        };
        var notReported = rows.Where(r => r.Timeliness == Timeliness.Missing).Select(r => r.Unit).Distinct(StringComparer.Ordinal).ToList();
        return new DispatchSheet(month.ToString(), DispatchTexts.Title(month),
            DueDates.ReportDueDay(month, schedule).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            BeijingTime.ToBeijing(compiledAt), options.CompiledBy.Trim(), string.IsNullOrWhiteSpace(options.Contact) ? null : options.Contact.Trim(),
            rows, totals, notReported);
    }

    // What the unit said about the requirement in this month's report — not an earlier month's word.
    private static DispatchRequirement Requirement(RequirementStanding standing, MonthlyReportContent? content)
    {
        var reported = content?.Progress.FirstOrDefault(p => p.Requirement == standing.Requirement.Id);
        return new DispatchRequirement(
            standing.Requirement.Id, standing.Requirement.Name, reported?.Status,
            DispatchTexts.Status(reported?.Status, content is not null), reported?.Note ?? "", standing.State.ChineseName());
    }
}
