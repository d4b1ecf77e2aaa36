namespace Governance.Core.Periods;

/// <summary>
/// Beijing time (北京时间, Asia/Shanghai): every period, due day and deadline of the programme is
/// counted in it, whatever zone the host's clock is in.
/// </summary>
public static class BeijingTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static TimeZoneInfo Zone { get; } = FindZone();

    public static DateTimeOffset Now(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return ToBeijing(clock.GetUtcNow());
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);

    public static DateTimeOffset ToBeijing(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>00:00 of the day in Beijing, as an instant carrying the +08:00 offset.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The last instant of the day in Beijing: what "as at the end of" a month or quarter means.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => StartOfDay(day.AddDays(1)).AddTicks(-1);

    // Slim containers ship without tzdata; China has kept UTC+8 without daylight saving since 1991,
    // so a fixed zone gives the same answers for every date the programme can meet.
    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", Offset, "北京时间", "北京时间");
        }
    }
}
