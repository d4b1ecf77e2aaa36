using Governance.Core.Allocations;
using Governance.Core.Auth;
using Governance.Core.Periods;
using Governance.Core.Rules;
using Microsoft.Extensions.Options;

namespace Governance.Core.Assignments;

/// <summary>Reads assignments for staff and units, each seeing what its role allows.</summary>
public sealed class AssignmentService(
    AssignmentStore store,
    IOptions<RuleThresholds> thresholds,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<AssignmentSummary>> ListAsync(Caller caller, string yearText, CancellationToken ct)
    {
        var year = AllocationImportService.ParseYear(yearText, clock);
        var list = await store.ListAsync(year, caller.IsStaff ? null : caller.Unit, ct);
        return list.Select(AssignmentSummary.Of).ToList();
    }

    public async Task<AssignmentView> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var assignment = await store.GetAsync(id, ct);
        caller.EnsureUnit(assignment.Unit);
        return View(assignment);
    }

    /// <summary>
    /// Until monthly reports exist there are no metrics: every requirement reads 数据不全 and each
    /// month whose due day has passed reads 未报.
    /// </summary>
    private AssignmentView View(Assignment a)
    {
        var verdicts = RuleEvaluator.EvaluateAll(a.TaskType, null, a.CommunityKind, thresholds.Value);
        var requirements = RequirementCatalogue.For(a.TaskType)
            .Zip(verdicts, RequirementView.Of)
            .ToList();
        var met = verdicts.Count(v => v.State is RequirementState.Met or RequirementState.ReviewPassed);
        const decimal spent = 0m;
        var rate = a.AllocationYuan == 0 ? 0m : Math.Round(spent / a.AllocationYuan, 4, MidpointRounding.AwayFromZero);
        return new AssignmentView(
            AssignmentSummary.Of(a), requirements, met, requirements.Count,
            spent, rate, (rate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", rate > 1m,
            Months(a));
    }

    private List<MonthState> Months(Assignment a)
    {
        var now = BeijingTime.Now(clock);
        var current = MonthPeriod.Of(BeijingTime.Today(clock));
        var months = new List<MonthState>();
        for (var m = ReportingPeriods.First(a); m <= ReportingPeriods.Last(a) && m <= current; m = m.Next())
        {
            var due = DueDates.ReportDueDay(m, schedule.Value);
            var state = now >= DueDates.ReportDueEnd(m, schedule.Value) ? "未报" : "待报";
            months.Add(new MonthState(m.ToString(), due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), state));
        }
        return months;
    }
}
