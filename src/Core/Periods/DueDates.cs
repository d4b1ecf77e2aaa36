namespace Governance.Core.Periods;

/// <summary>The days a month's report and a quarter's bulletin fall on, in Beijing time.</summary>
public static class DueDates
{
    /// <summary>The configured day of the month after the period, clamped so day 31 still falls in February.</summary>
    public static DateOnly ReportDueDay(MonthPeriod period, ScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DayOf(period.Next(), options.ReportDueDay);
    }

    /// <summary>
    /// The first instant that is late: 00:00 Beijing after the due day. Comparing "before this"
    /// keeps 23:59:59.999 on time without pretending a second has no fractions.
    /// </summary>
    public static DateTimeOffset ReportDueEnd(MonthPeriod period, ScheduleOptions options) =>
        BeijingTime.StartOfDay(ReportDueDay(period, options).AddDays(1));

    /// <summary>按时 when received before <see cref="ReportDueEnd"/>, whatever offset the instant carries.</summary>
    public static bool IsOnTime(MonthPeriod period, DateTimeOffset receivedAt, ScheduleOptions options) =>
        receivedAt < ReportDueEnd(period, options);

    public static DateOnly DispatchDay(MonthPeriod period, ScheduleOptions options) =>
        ReportDueDay(period, options).AddDays(options.DispatchDaysAfterDue);

    public static DateOnly BulletinDay(QuarterPeriod quarter, ScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DayOf(quarter.Months[2].Next(), options.BulletinDay);
    }

    public static DateOnly ReminderDay(MonthPeriod period, ScheduleOptions options) =>
        ReportDueDay(period, options).AddDays(-options.ReminderDaysBefore);

    private static DateOnly DayOf(MonthPeriod month, int day) =>
        new(month.Year, month.Month, Math.Clamp(day, 1, DateTime.DaysInMonth(month.Year, month.Month)));
}
