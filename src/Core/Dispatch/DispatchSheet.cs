using Governance.Core.Periods;
using Governance.Core.Standing;
using Governance.Core.Reports;

namespace Governance.Core.Dispatch;

/// <summary>One row of the dispatch: one assignment active in the month.</summary>
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
    int RequirementsMet,
    int RequirementsTotal,
    string Progress,
    string Problems,
    string NextPlan,
    string Timeliness);

public sealed record DispatchTotals(
    int Assignments,
    decimal Allocation,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    string ExecutionRateText,
    int OnTime,
    int Late,
    int Missing);

/// <summary>The monthly dispatch sheet (月调度表): one row per assignment, totals, and the units that did not report.</summary>
public sealed record DispatchSheet(
    string Period,
    string Title,
    string DueDay,
    DateTimeOffset CompiledAt,
    IReadOnlyList<DispatchRow> Rows,
    DispatchTotals Totals,
    IReadOnlyList<string> UnitsNotReported)
{
    public static DispatchSheet Compile(MonthPeriod month, IReadOnlyList<AssignmentStanding> progress, ScheduleOptions schedule, DateTimeOffset compiledAt)
    {
        var rows = progress.Select((p, i) =>
        {
            var report = p.ReportFor(month);
            var a = p.Assignment;
            return new DispatchRow(
                i + 1, a.Id, a.Unit, a.Community, Programme.ProgrammeNames.ChineseName(a.TaskType), a.AllocationYuan,
                p.CumulativeSpend, p.ExecutionRate, DispatchTexts.Percent(p.ExecutionRate) + (p.AboveAllocation ? DispatchTexts.Overspent : ""),
                p.AboveAllocation, p.Done, p.Total,
                report?.Current.Content.Summary ?? "", report?.Current.Content.Problems ?? "", report?.Current.Content.NextPlan ?? "",
                report?.FirstTimeliness ?? Timeliness.Missing);
        }).ToList();
        var allocation = rows.Sum(r => r.Allocation);
        var spent = rows.Sum(r => r.CumulativeSpend);
        var rate = allocation == 0 ? 0m : Math.Round(spent / allocation, 4, MidpointRounding.AwayFromZero);
        var totals = new DispatchTotals(rows.Count, allocation, spent, rate, DispatchTexts.Percent(rate),
            rows.Count(r => r.Timeliness == Timeliness.OnTime), rows.Count(r => r.Timeliness == Timeliness.Late), rows.Count(r => r.Timeliness == Timeliness.Missing));
        var missing = rows.Where(r => r.Timeliness == Timeliness.Missing).Select(r => r.Unit).Distinct(StringComparer.Ordinal).ToList();
        return new DispatchSheet(month.ToString(), DispatchTexts.Title(month),
            DueDates.ReportDueDay(month, schedule).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            BeijingTime.ToBeijing(compiledAt), rows, totals, missing);
    }
}
