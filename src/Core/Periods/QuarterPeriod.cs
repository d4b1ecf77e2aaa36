using System.Globalization;

namespace Governance.Core.Periods;

/// <summary>A calendar quarter a bulletin covers (季度), written "2026-Q4".</summary>
public readonly record struct QuarterPeriod(int Year, int Quarter) : IComparable<QuarterPeriod>
{
    private static readonly string[] ChineseNumerals = ["一", "二", "三", "四"];

    public int Year { get; } = Year is >= 1 and <= 9999 ? Year : throw new ArgumentOutOfRangeException(nameof(Year));
    public int Quarter { get; } = Quarter is >= 1 and <= 4 ? Quarter : throw new ArgumentOutOfRangeException(nameof(Quarter));

    /// <summary>Accepts exactly "YYYY-Qn" with n 1–4.</summary>
    public static bool TryParse(string? text, out QuarterPeriod period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-' || text[5] != 'Q'
            || !PeriodText.TryDigits(text.AsSpan(0, 4), out var year)
            || !PeriodText.TryDigits(text.AsSpan(6, 1), out var quarter)
            || year < 1 || quarter is < 1 or > 4)
        {
            return false;
        }
        period = new QuarterPeriod(year, quarter);
        return true;
    }

    public static QuarterPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"季度应写作 YYYY-Qn（如 2026-Q4），收到“{text}”");

    public static QuarterPeriod Of(DateOnly day) => new(day.Year, (day.Month - 1) / 3 + 1);

    public IReadOnlyList<MonthPeriod> Months
    {
        get
        {
            var first = (Quarter - 1) * 3 + 1;
            return [new(Year, first), new(Year, first + 1), new(Year, first + 2)];
        }
    }

    public DateOnly FirstDay => new(Year, (Quarter - 1) * 3 + 1, 1);

    public DateOnly LastDay => Months[2].LastDay;

    public string ChineseName => $"{Year}年第{ChineseNumerals[Quarter - 1]}季度";

    public QuarterPeriod Next() => Quarter == 4 ? new(Year + 1, 1) : new(Year, Quarter + 1);

    public QuarterPeriod Previous() => Quarter == 1 ? new(Year - 1, 4) : new(Year, Quarter - 1);

    public int CompareTo(QuarterPeriod other) => (Year, Quarter).CompareTo((other.Year, other.Quarter));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Quarter}");

    public static bool operator <(QuarterPeriod left, QuarterPeriod right) => left.CompareTo(right) < 0;
    public static bool operator >(QuarterPeriod left, QuarterPeriod right) => left.CompareTo(right) > 0;
    public static bool operator <=(QuarterPeriod left, QuarterPeriod right) => left.CompareTo(right) <= 0;
    public static bool operator >=(QuarterPeriod left, QuarterPeriod right) => left.CompareTo(right) >= 0;
}
