using Governance.Core.Periods;
using Governance.Core.Problems;

namespace Governance.Core.Assignments;

/// <summary>
/// Which months an assignment can be reported for: from its start month to its deadline month,
/// and never a month that has not begun in Beijing time.
/// </summary>
public static class ReportingPeriods
{
    public static MonthPeriod First(Assignment a) => MonthPeriod.Of(a.StartDate);

    public static MonthPeriod Last(Assignment a) => MonthPeriod.Of(a.Deadline);

    public static bool IsActiveIn(Assignment a, MonthPeriod month) => First(a) <= month && month <= Last(a);

    /// <summary>Parses and checks a period field; refusals name the field and say which months are open.</summary>
    public static MonthPeriod Validate(Assignment a, string? text, TimeProvider clock, string field = "period")
    {
        if (!MonthPeriod.TryParse(text, out var month))
        {
            throw Refuse(field, "invalid_period", "月份格式有误", $"月份应写成“2026-10”的形式，收到“{text}”。");
        }
        ArgumentNullException.ThrowIfNull(clock);
        if (Refusal(a, month, clock.GetUtcNow(), field) is { } refused)
        {
            throw refused;
        }
        return month;
    }

    /// <summary>
    /// Why a report for <paramref name="month"/> would be refused at <paramref name="now"/> (a month outside
    /// the assignment's term, or one that has not begun in Beijing time), or null when the PUT takes it:
    /// the one rule behind <see cref="Validate"/> and the months' <c>submittable</c>.
    /// </summary>
    public static ProblemException? Refusal(Assignment a, MonthPeriod month, DateTimeOffset now, string field = "period")
    {
        ArgumentNullException.ThrowIfNull(a);
        if (month < First(a) || month > Last(a))
        {
            return Refuse(field, "period_out_of_range", "月份不在项目期限内",
                $"{month.ChineseName}不在本项目的期限内（{First(a).ChineseName}至{Last(a).ChineseName}）。");
        }
        var current = MonthPeriod.Of(DateOnly.FromDateTime(BeijingTime.ToBeijing(now).DateTime));
        if (month > current)
        {
            return Refuse(field, "period_in_future", "不能填报未来月份", $"{month.ChineseName}尚未开始（北京时间当前为{current.ChineseName}）。");
        }
        return null;
    }

    /// <summary>True exactly when a report for <paramref name="month"/> sent at <paramref name="now"/> by the assignment's unit is taken.</summary>
    public static bool IsSubmittable(Assignment a, MonthPeriod month, DateTimeOffset now) => Refusal(a, month, now) is null;

    private static ProblemException Refuse(string field, string code, string title, string detail) =>
        new(400, code, title, detail, new Dictionary<string, string[]> { [field] = [detail] });
}
