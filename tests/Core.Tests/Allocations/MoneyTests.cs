using Governance.Core.Allocations;

namespace Governance.Core.Tests.Allocations;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("15万元", "150000")]
    [InlineData("10万元", "100000")]
    [InlineData("15.5万元", "155000")]
    [InlineData("150000元", "150000")]
    [InlineData("150,000", "150000")]
    [InlineData("150000", "150000")]
    [InlineData("150,000元", "150000")]
    [InlineData("150000.50", "150000.50")]
    [InlineData("  15万元\t", "150000")]
    [InlineData("1,234,567.89元", "1234567.89")]
    [InlineData("15.123456万元", "151234.56")]
    public void Accepted_forms_are_read_to_the_exact_yuan(string text, string expected)
    {
        Assert.True(Money.TryParseYuan(text, out var yuan), text);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), yuan);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-150000")]
    [InlineData("-15万元")]
    [InlineData("十五万元")]
    [InlineData("十五万")]
    [InlineData("15万")]
    [InlineData("1,50,000")]
    [InlineData("15,0000")]
    [InlineData("150,00")]
    [InlineData("15万元整")]
    [InlineData("约15万元")]
    [InlineData("15.1234567万元")]
    [InlineData("150000.505")]
    [InlineData("150000.")]
    [InlineData(".5万元")]
    [InlineData("1.5e5")]
    [InlineData("abc")]
    [InlineData("１５万元")]
    public void Anything_not_exactly_readable_is_refused(string? text)
    {
        Assert.False(Money.TryParseYuan(text, out _), text);
    }

    [Fact]
    public void Yuan_are_formatted_with_thousands_separators_and_fen()
    {
        Assert.Equal("150,000.00", Money.FormatYuan(150000m));
        Assert.Equal("1,234,567.89", Money.FormatYuan(1234567.89m));
    }

    [Fact]
    public void Wan_are_formatted_as_the_plan_writes_funds()
    {
        Assert.Equal("15.00万元", Money.FormatWan(150000m));
        Assert.Equal("15.50万元", Money.FormatWan(155000m));
        Assert.Equal("10.00万元", Money.FormatWan(100000m));
    }
}
