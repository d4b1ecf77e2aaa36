using Governance.Core.Jobs;
using Governance.Core.Periods;

namespace Governance.Core.Tests;

public sealed class JobCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly ScheduleOptions Schedule = new();

    [Fact]
    public void After_years_down_warnings_are_caught_up_only_for_days_whose_deadline_can_still_be_ahead()
    {
        var now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, Beijing);

        var warningDays = JobCalendar.Due(now, new DateOnly(2023, 5, 19), Schedule)
            .Where(j => j.Job == JobNames.Warnings).Select(j => j.Period).ToList();

        // 60 days back (the longest warning) through today: 2026-09-21 … 2026-11-20.
        Assert.Equal(61, warningDays.Count);
        Assert.Equal("2026-09-21", warningDays[0]);
        Assert.Equal("2026-11-20", warningDays[^1]);
    }

    [Fact]
    public void Other_jobs_still_catch_up_every_missed_period_since_the_start()
    {
        var now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, Beijing);

        var due = JobCalendar.Due(now, new DateOnly(2023, 5, 19), Schedule);

        var dispatches = due.Where(j => j.Job == JobNames.Dispatch).Select(j => j.Period).ToList();
        Assert.Equal("2023-05", dispatches[0]);
        Assert.Equal("2026-10", dispatches[^1]);
        Assert.Equal(42, dispatches.Count);
        Assert.Equal(["2023-Q2", "2026-Q3"], new[] { due.First(j => j.Job == JobNames.Bulletin).Period, due.Last(j => j.Job == JobNames.Bulletin).Period });
    }

    [Fact]
    public void A_recent_start_is_kept_as_the_first_warning_day()
    {
        var now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, Beijing);
        Assert.Equal(new DateOnly(2026, 11, 1), JobCalendar.WarningsFrom(new DateOnly(2026, 11, 1), now, Schedule));
        Assert.Equal("2026-11-01", JobCalendar.FirstPeriod(JobNames.Warnings, new DateOnly(2026, 11, 1), now, Schedule));
    }

    [Fact]
    public void Each_job_falls_due_at_00_00_beijing_of_its_day_the_moment_its_notices_are_meant_for()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 0, 0, 0, Beijing), JobCalendar.DueAt(JobNames.Reminders, "2026-10", Schedule));
        Assert.Equal(new DateTimeOffset(2026, 11, 6, 0, 0, 0, Beijing), JobCalendar.DueAt(JobNames.Dispatch, "2026-10", Schedule));
        Assert.Equal(new DateTimeOffset(2026, 10, 10, 0, 0, 0, Beijing), JobCalendar.DueAt(JobNames.Bulletin, "2026-Q3", Schedule));
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 0, 0, 0, Beijing), JobCalendar.DueAt(JobNames.Warnings, "2026-10-31", Schedule));
        var now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, Beijing);
        Assert.Equal(JobCalendar.Due(now, new DateOnly(2026, 1, 1), Schedule).Select(j => j.DueAt), JobCalendar.Due(now, new DateOnly(2026, 1, 1), Schedule).Select(j => JobCalendar.DueAt(j.Job, j.Period, Schedule)));
    }
}
