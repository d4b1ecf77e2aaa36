using System.Globalization;

namespace Governance.LocalRunner;

/// <summary>
/// The six-field NCRONTAB expressions timer triggers use ("sec min hour day month weekday"),
/// evaluated in UTC as the Functions host does by default.
/// </summary>
public sealed class CronSchedule
{
    private readonly bool[] _seconds, _minutes, _hours, _days, _months, _weekdays;

    private CronSchedule(bool[] seconds, bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays)
    {
        (_seconds, _minutes, _hours, _days, _months, _weekdays) = (seconds, minutes, hours, days, months, weekdays);
    }

    public static CronSchedule Parse(string expression)
    {
        var f = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 6)
        {
            throw new FormatException($"Timer schedule '{expression}' must have six fields.");
        }
        return new CronSchedule(Field(f[0], 0, 59), Field(f[1], 0, 59), Field(f[2], 0, 23), Field(f[3], 1, 31), Field(f[4], 1, 12), Field(f[5], 0, 6));
    }

    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTime(after.UtcDateTime.Ticks - after.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month]) { t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1); continue; }
            if (!_days[t.Day] || !_weekdays[(int)t.DayOfWeek]) { t = t.Date.AddDays(1); continue; }
            if (!_hours[t.Hour]) { t = t.Date.AddHours(t.Hour + 1); continue; }
            if (!_minutes[t.Minute]) { t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1); continue; }
            if (!_seconds[t.Second]) { t = t.AddSeconds(1); continue; }
            return new DateTimeOffset(t);
        }
        throw new InvalidOperationException("Timer schedule never fires.");
    }

    private static bool[] Field(string text, int min, int max)
    {
        var set = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            var (range, step) = part.Split('/') is [var r, var s] ? (r, int.Parse(s, CultureInfo.InvariantCulture)) : (part, 1);
            int lo, hi;
            if (range == "*")
            {
                (lo, hi) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (lo, hi) = (int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture));
            }
            else
            {
                lo = int.Parse(range, CultureInfo.InvariantCulture);
                hi = part.Contains('/') ? max : lo;
            }
            if (lo < min || hi > max || lo > hi || step < 1)
            {
                throw new FormatException($"Cron field '{text}' is out of range {min}-{max}.");
            }
            for (var v = lo; v <= hi; v += step)
            {
                set[v] = true;
            }
        }
        return set;
    }
}
