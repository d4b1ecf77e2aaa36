using System.Globalization;

namespace Governance.Core.Periods;

/// <summary>A calendar month a monthly report covers (月度), written "2026-10".</summary>
public readonly record struct MonthPeriod(int Year, int Month) : IComparable<MonthPeriod>
{
    public int Year { get; } = Year is >= 1 and <= 9999 ? Year : throw new ArgumentOutOfRangeException(nameof(Year));
    public int Month { get; } = Month is >= 1 and <= 12 ? Month : throw new ArgumentOutOfRangeException(nameof(Month));

    /// <summary>Accepts exactly "YYYY-MM" with a month 01–12; "2026-1" and "2026-13" are refused.</summary>
    public static bool TryParse(string? text, out MonthPeriod period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !PeriodText.TryDigits(text.AsSpan(0, 4), out var year)
            || !PeriodText.TryDigits(text.AsSpan(5, 2), out var month)
            || year < 1 || month is < 1 or > 12)
        {
            return false;
        }
        period = new MonthPeriod(year, month);
        return true;
    }

    public static MonthPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"月份应写作 YYYY-MM（如 2026-10），收到“{text}”");

    public static MonthPeriod Of(DateOnly day) => new(day.Year, day.Month);

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    public QuarterPeriod Quarter => new(Year, (Month - 1) / 3 + 1);

    public string ChineseName => $"{Year}年{Month}月";

    public MonthPeriod Next() => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public MonthPeriod Previous() => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    public int CompareTo(MonthPeriod other) => (Year, Month).CompareTo((other.Year, other.Month));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static bool operator <(MonthPeriod left, MonthPeriod right) => left.CompareTo(right) < 0;
    public static bool operator >(MonthPeriod left, MonthPeriod right) => left.CompareTo(right) > 0;
    public static bool operator <=(MonthPeriod left, MonthPeriod right) => left.CompareTo(right) <= 0;
    public static bool operator >=(MonthPeriod left, MonthPeriod right) => left.CompareTo(right) >= 0;
}

internal static class PeriodText
{
    // ASCII digits only: int.Parse would also take signs, spaces and other scripts' digits.
    public static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return text.Length > 0;
    }
}
