using Governance.Core.Periods;
using Governance.Core.Programme;

namespace Governance.Core.Tests;

public sealed class DueDateTests
{
    private static readonly ScheduleOptions Defaults = new();
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("2026-12", "2027-01-05")]
    [InlineData("2026-03", "2026-04-05")]
    [InlineData("2026-10", "2026-11-05")]
    public void A_report_is_due_on_day_5_of_the_next_month(string period, string due)
    {
        Assert.Equal(DateOnly.Parse(due), DueDates.ReportDueDay(MonthPeriod.Parse(period), Defaults));
    }

    [Fact]
    public void The_last_second_of_the_due_day_in_beijing_is_on_time_and_midnight_is_late()
    {
        var december = MonthPeriod.Parse("2026-12");

        Assert.True(DueDates.IsOnTime(december, new DateTimeOffset(2027, 1, 5, 23, 59, 59, Beijing), Defaults));
        Assert.False(DueDates.IsOnTime(december, new DateTimeOffset(2027, 1, 6, 0, 0, 0, Beijing), Defaults));
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 0, 0, 0, Beijing), DueDates.ReportDueEnd(december, Defaults));
    }

    [Fact]
    public void The_same_instants_given_in_utc_are_judged_alike()
    {
        var december = MonthPeriod.Parse("2026-12");

        Assert.True(DueDates.IsOnTime(december, new DateTimeOffset(2027, 1, 5, 15, 59, 59, TimeSpan.Zero), Defaults));
        Assert.False(DueDates.IsOnTime(december, new DateTimeOffset(2027, 1, 5, 16, 0, 0, TimeSpan.Zero), Defaults));
    }

    [Fact]
    public void A_due_day_of_31_is_clamped_to_the_end_of_february()
    {
        var options = new ScheduleOptions { ReportDueDay = 31 };

        Assert.Equal(new DateOnly(2026, 2, 28), DueDates.ReportDueDay(MonthPeriod.Parse("2026-01"), options));
        Assert.Equal(new DateOnly(2028, 2, 29), DueDates.ReportDueDay(MonthPeriod.Parse("2028-01"), options));
        Assert.Equal(new DateOnly(2026, 4, 30), DueDates.ReportDueDay(MonthPeriod.Parse("2026-03"), options));
    }

    [Fact]
    public void Dispatch_reminder_and_bulletin_days_follow_the_due_day()
    {
        var december = MonthPeriod.Parse("2026-12");

        Assert.Equal(new DateOnly(2027, 1, 6), DueDates.DispatchDay(december, Defaults));
        Assert.Equal(new DateOnly(2027, 1, 3), DueDates.ReminderDay(december, Defaults));
        Assert.Equal(new DateOnly(2027, 1, 10), DueDates.BulletinDay(QuarterPeriod.Parse("2026-Q4"), Defaults));
        Assert.Equal(new DateOnly(2026, 4, 10), DueDates.BulletinDay(QuarterPeriod.Parse("2026-Q1"), Defaults));
        Assert.Equal(new DateOnly(2026, 4, 7), DueDates.DispatchDay(MonthPeriod.Parse("2026-03"), new ScheduleOptions { DispatchDaysAfterDue = 2 }));
    }

    [Fact]
    public void The_2023_model_community_runs_one_year_from_the_plans_date()
    {
        var start = ProgrammeDates.DefaultStart(2023);

        Assert.Equal(new DateOnly(2023, 5, 19), start);
        Assert.Equal(new DateOnly(2024, 5, 18), ProgrammeDates.DefaultDeadline(TaskType.ModelCommunity, 2023, start));
    }

    [Fact]
    public void Service_capacity_is_evaluated_at_the_end_of_the_programme_year()
    {
        Assert.Equal(new DateOnly(2023, 12, 31), ProgrammeDates.DefaultDeadline(TaskType.ServiceCapacity, 2023, new DateOnly(2023, 5, 19)));
    }

    [Fact]
    public void A_year_from_a_leap_day_ends_on_the_last_day_of_february()
    {
        Assert.Equal(new DateOnly(2025, 2, 28), ProgrammeDates.DefaultDeadline(TaskType.ModelCommunity, 2024, new DateOnly(2024, 2, 29)));
        Assert.Equal(new DateOnly(2024, 2, 29), ProgrammeDates.DefaultDeadline(TaskType.ModelCommunity, 2023, new DateOnly(2023, 3, 1)));
    }

    [Fact]
    public void Other_years_start_on_1_january_unless_configured()
    {
        Assert.Equal(new DateOnly(2026, 1, 1), ProgrammeDates.DefaultStart(2026));
        var options = new ProgrammeOptions();
        options.StartDates[2026] = new DateOnly(2026, 3, 15);
        Assert.Equal(new DateOnly(2026, 3, 15), ProgrammeDates.DefaultStart(2026, options));
        Assert.Equal(new DateOnly(2023, 5, 19), ProgrammeDates.DefaultStart(2023, options));
    }
}
