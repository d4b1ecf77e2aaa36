using Governance.Core.Periods;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Core.Tests;

public sealed class PeriodTests
{
    [Fact]
    public void A_month_reads_and_writes_as_yyyy_mm()
    {
        Assert.True(MonthPeriod.TryParse("2026-10", out var month));
        Assert.Equal(new MonthPeriod(2026, 10), month);
        Assert.Equal("2026-10", month.ToString());
        Assert.Equal("2026年10月", month.ChineseName);
        Assert.Equal("2026-03", MonthPeriod.Parse("2026-03").ToString());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("26-10")]
    [InlineData("2026/10")]
    [InlineData(" 2026-10")]
    [InlineData("2026-Q4")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_months_are_refused(string? text)
    {
        Assert.False(MonthPeriod.TryParse(text, out _));
        Assert.Throws<FormatException>(() => MonthPeriod.Parse(text!));
    }

    [Fact]
    public void Months_step_across_the_year_end()
    {
        Assert.Equal(new MonthPeriod(2027, 1), new MonthPeriod(2026, 12).Next());
        Assert.Equal(new MonthPeriod(2025, 12), new MonthPeriod(2026, 1).Previous());
        Assert.Equal(new DateOnly(2028, 2, 29), new MonthPeriod(2028, 2).LastDay);
        Assert.Equal(new DateOnly(2026, 2, 1), new MonthPeriod(2026, 2).FirstDay);
        Assert.True(new MonthPeriod(2026, 12) < new MonthPeriod(2027, 1));
        Assert.True(new MonthPeriod(2026, 2) > new MonthPeriod(2025, 11));
        Assert.Equal(
            ["2025-12", "2026-01", "2026-10"],
            new[] { new MonthPeriod(2026, 10), new MonthPeriod(2025, 12), new MonthPeriod(2026, 1) }.Order().Select(m => m.ToString()));
    }

    [Fact]
    public void A_quarter_reads_and_writes_as_yyyy_qn()
    {
        var quarter = QuarterPeriod.Parse("2026-Q4");

        Assert.Equal("2026-Q4", quarter.ToString());
        Assert.Equal("2026年第四季度", quarter.ChineseName);
        Assert.Equal(["2026-10", "2026-11", "2026-12"], quarter.Months.Select(m => m.ToString()));
        Assert.Equal(new DateOnly(2026, 10, 1), quarter.FirstDay);
        Assert.Equal(new DateOnly(2026, 12, 31), quarter.LastDay);
        Assert.Equal(new QuarterPeriod(2027, 1), quarter.Next());
        Assert.Equal(new QuarterPeriod(2026, 3), quarter.Previous());
        Assert.Equal(new QuarterPeriod(2025, 4), new QuarterPeriod(2026, 1).Previous());
        Assert.True(quarter > new QuarterPeriod(2026, 3));
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("2026Q4")]
    [InlineData("2026-10")]
    [InlineData(null)]
    public void Malformed_quarters_are_refused(string? text)
    {
        Assert.False(QuarterPeriod.TryParse(text, out _));
    }

    [Theory]
    [InlineData(3, 31, "2026-Q1")]
    [InlineData(4, 1, "2026-Q2")]
    [InlineData(12, 31, "2026-Q4")]
    public void Days_and_months_belong_to_their_quarter(int month, int day, string quarter)
    {
        var date = new DateOnly(2026, month, day);
        Assert.Equal(quarter, QuarterPeriod.Of(date).ToString());
        Assert.Equal(quarter, MonthPeriod.Of(date).Quarter.ToString());
    }

    [Fact]
    public void Today_is_the_beijing_date_not_the_utc_date()
    {
        // 2026-12-31 16:30 UTC is already New Year's Day in Beijing.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2027, 1, 1), BeijingTime.Today(clock));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(8)), BeijingTime.Now(clock));
        Assert.Equal(TimeSpan.FromHours(8), BeijingTime.Now(clock).Offset);
        Assert.Equal(new MonthPeriod(2027, 1), MonthPeriod.Of(BeijingTime.Today(clock)));
    }

    [Fact]
    public void A_beijing_day_starts_at_midnight_plus_eight()
    {
        var start = BeijingTime.StartOfDay(new DateOnly(2027, 1, 6));

        Assert.Equal(TimeSpan.FromHours(8), start.Offset);
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 16, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(8), BeijingTime.ToBeijing(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)).Offset);
    }
}
