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
    IOptions<Rules.RuleThresholds> thresholds,
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
        var now = clock.GetUtcNow();
        return AssignmentView.Of((await standing.InputsAsync(assignment, Earliest(assignment, now), ct)).Timeline(now, schedule.Value, thresholds.Value));
    }

    /// <summary>
    /// GET /programmes/{year}/standing: one page of the year's assignments, each as <see cref="GetAsync"/>
    /// answers it, read from the year's running summary (no request per assignment). Staff see all and
    /// may filter by <paramref name="unit"/>; a unit sees its own.
    /// </summary>
    public async Task<Page<AssignmentView>> StandingAsync(Caller caller, string yearText, string? unit, PageRequest page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var year = AllocationImportService.ParseYear(yearText, clock);
        var filter = caller.IsStaff ? (string.IsNullOrWhiteSpace(unit) ? null : unit.Trim()) : caller.Unit;
        var found = await store.PageAsync(year, filter, page, ct);
        var now = clock.GetUtcNow();
        var earliest = found.Items.Count == 0 ? now : found.Items.Min(a => Earliest(a, now));
        var inputs = await standing.InputsAsync(found.Items, earliest, ct);
        return new Page<AssignmentView>(inputs.Select(i => AssignmentView.Of(i.Timeline(now, schedule.Value, thresholds.Value))).ToList(), found.Continuation);
    }

    // The earliest moment a timeline computes a standing at: the end of the assignment's first month, or now.
    private static DateTimeOffset Earliest(Assignment a, DateTimeOffset now)
    {
        var end = BeijingTime.EndOfDay(ReportingPeriods.First(a).LastDay);
        return end < now ? end : now;
    }
}
