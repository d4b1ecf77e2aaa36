using Governance.Core.Allocations;
using Governance.Core.Auth;
using Governance.Core.Paging;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Standing;
using Microsoft.Extensions.Options;

namespace Governance.Core.Assignments;

/// <summary>Reads assignments for staff and units, each seeing what its role allows.</summary>
public sealed class AssignmentService(
    AssignmentStore store,
    StandingReader standing,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    /// <summary>One page of the year's assignments: staff see all, a unit its own.</summary>
    public async Task<Page<AssignmentSummary>> ListAsync(Caller caller, string yearText, PageRequest page, CancellationToken ct)
    {
        var year = AllocationImportService.ParseYear(yearText, clock);
        var found = await store.PageAsync(year, caller.IsStaff ? null : caller.Unit, page, ct);
        return found.Select(AssignmentSummary.Of);
    }

    /// <summary>The assignment as it stands now: the same standing the dispatch and the bulletin use at their moments.</summary>
    public async Task<AssignmentView> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var assignment = await store.GetAsync(id, ct);
        caller.EnsureUnit(assignment.Unit);
        var now = await standing.OfAsync(assignment, clock.GetUtcNow(), ct);
        return AssignmentView.Of(now, Months(assignment, now.Reports));
    }

    private List<MonthState> Months(Assignment a, IReadOnlyList<MonthlyReport> monthly)
    {
        var now = BeijingTime.Now(clock);
        var byPeriod = monthly.ToDictionary(r => r.Period, StringComparer.Ordinal);
        var current = MonthPeriod.Of(BeijingTime.Today(clock));
        var months = new List<MonthState>();
        for (var m = ReportingPeriods.First(a); m <= ReportingPeriods.Last(a) && m <= current; m = m.Next())
        {
            var due = DueDates.ReportDueDay(m, schedule.Value);
            var state = byPeriod.TryGetValue(m.ToString(), out var report) ? report.FirstTimeliness
                : now >= DueDates.ReportDueEnd(m, schedule.Value) ? Timeliness.Missing
                : Timeliness.NotYetDue;
            months.Add(new MonthState(m.ToString(), due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), state));
        }
        return months;
    }
}
