using NCrontab;

namespace Governance.LocalRunner;

/// <summary>
/// A timer trigger's NCRONTAB schedule, parsed by NCrontab.Signed as the Functions host parses it
/// (six fields with seconds, or five without; names such as MON and JAN; ranges, steps and lists),
/// and evaluated in the host's time zone: UTC unless WEBSITE_TIME_ZONE or TZ names another.
/// </summary>
public sealed class CronSchedule
{
    private readonly CrontabSchedule _schedule;

    private CronSchedule(CrontabSchedule schedule, TimeZoneInfo zone)
    {
        _schedule = schedule;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses a schedule evaluated in UTC, the host's zone when no time zone setting is given.</summary>
    public static CronSchedule Parse(string expression) => Parse(expression, TimeZoneInfo.Utc);

    public static CronSchedule Parse(string expression, TimeZoneInfo zone)
    {
        // The host counts fields the same way: anything but five fields is read with seconds.
        var withSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5;
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = withSeconds })
                       ?? throw new FormatException($"Timer schedule '{expression}' is not an NCRONTAB expression (the host would also take a TimeSpan such as 00:05:00; the runner does not, see docs/runner.md).");
        return new CronSchedule(schedule, zone);
    }

    /// <summary>The first instant strictly after <paramref name="after"/> at which the schedule fires.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, Zone).DateTime;
        var next = _schedule.GetNextOccurrence(local);
        // A wall-clock time skipped by a daylight-saving jump does not exist; the host moves it forward
        // by the jump, which is what reading it with the standard offset does.
        var offset = Zone.IsInvalidTime(next) ? Zone.BaseUtcOffset : Zone.GetUtcOffset(next);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }
}
