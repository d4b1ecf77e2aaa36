using Governance.Core.Allocations;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Periods;
using Microsoft.Extensions.Options;

namespace Governance.Core.Standing;

/// <summary>
/// One month of the programme's trend (走势): the totals of the year's assignments active in the month, as at
/// the month's end (<see cref="MonthTotals"/>): execution rate, progress share (requirements done of all),
/// on-time rate (on time over <see cref="Due"/>, the assignments owing the month's report), and how the
/// month's reports stand. <see cref="Pending"/>: reports not yet due (the due day has not passed);
/// <see cref="Returned"/>: reports returned for revision, also counted as on time or late.
/// </summary>
public sealed record TrendMonth(
    string Period,
    decimal ExecutionRate,
    decimal ProgressShare,
    decimal OnTimeRate,
    int Due,
    int OnTime,
    int Late,
    int Missing,
    int Pending,
    int Returned)
{
    public static TrendMonth Of(MonthTotals t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Month.ToString(), t.ExecutionRate, t.ProgressShare, t.OnTimeRate, t.Assignments, t.OnTime, t.Late, t.Missing, t.Pending, t.Returned);
    }
}

/// <summary>GET /programmes/{year}/trend: the year's months that have ended, oldest first.</summary>
public sealed record TrendView(int Year, IReadOnlyList<TrendMonth> Months);

/// <summary>
/// The programme's month-by-month totals for the workbench's charts, from the same standings the dispatch
/// compiles (<see cref="StandingReader.MonthEndsAsync"/>), read once for the whole range.
/// </summary>
public sealed class TrendService(AssignmentStore assignments, StandingReader standing, IOptions<ScheduleOptions> schedule, TimeProvider clock)
{
    public async Task<TrendView> GetAsync(Caller caller, string yearText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureStaff();
        var year = AllocationImportService.ParseYear(yearText, clock);
        var all = await assignments.ListAsync(year, null, ct);
        if (all.Count == 0)
        {
            return new TrendView(year, []);
        }
        var now = clock.GetUtcNow();
        var first = all.Min(ReportingPeriods.First);
        // Up to the last month that has ended (Beijing time), and no later than the year's last deadline month.
        var ended = MonthPeriod.Of(BeijingTime.Today(clock)).Previous();
        var lastOfYear = all.Max(ReportingPeriods.Last);
        var last = ended < lastOfYear ? ended : lastOfYear;
        if (last < first)
        {
            return new TrendView(year, []);
        }
        var months = await standing.MonthEndsAsync(first, last, ct);
        return new TrendView(year, months.Select(m => TrendMonth.Of(MonthTotals.Of(
            m.Month, m.Standings.Where(s => s.Assignment.Year == year).ToList(), ReportingState.IsDue(m.Month, now, schedule.Value)))).ToList());
    }
}
