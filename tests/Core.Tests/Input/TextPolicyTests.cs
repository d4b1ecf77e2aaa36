using Governance.Core.Input;
using Governance.Core.Problems;

namespace Governance.Core.Tests.Input;

public sealed class TextPolicyTests
{
    [Theory]
    [InlineData("\u0001", "控制字符")]
    [InlineData("\u0000", "控制字符")]
    [InlineData("\u001B[31m", "控制字符")]
    [InlineData("\u007F", "控制字符")]
    [InlineData("\u0085", "控制字符")]
    [InlineData("\u009F", "控制字符")]
    [InlineData("\uFFFE", "不是有效字符")]
    [InlineData("\uFFFF", "不是有效字符")]
    [InlineData("\u202E", "改变文字方向")]
    [InlineData("\u202A", "改变文字方向")]
    [InlineData("\u2066", "改变文字方向")]
    [InlineData("\u2069", "改变文字方向")]
    [InlineData("\u200F", "改变文字方向")]
    [InlineData("\u061C", "改变文字方向")]
    public void Each_refused_class_is_named_in_chinese(string value, string expected)
    {
        var violation = TextPolicy.Violation("完成设计" + value);
        Assert.NotNull(violation);
        Assert.Contains(expected, violation);
        Assert.Contains("第5个字符", violation);
    }

    [Theory]
    [InlineData(0xD800, "")]
    [InlineData(0xDC00, "")]
    [InlineData(0xD83D, "x")]
    public void A_lone_surrogate_is_refused(int unit, string after)
    {
        // Built at run time: a lone surrogate does not survive an attribute's metadata.
        var violation = TextPolicy.Violation("完成设计" + (char)unit + after);
        Assert.NotNull(violation);
        Assert.Contains("第5个字符", violation);
        Assert.Contains("残缺的代理项", violation);
    }

    [Theory]
    [InlineData("完成服务设施改造设计")]
    [InlineData("第一行\n第二行\r\n第三行\t制表")]
    [InlineData("进展顺利😀👍🏽")]
    [InlineData("𠮷野家")]
    [InlineData("")]
    [InlineData(null)]
    public void Ordinary_text_with_tabs_line_breaks_and_surrogate_pairs_is_accepted(string? value)
    {
        Assert.Null(TextPolicy.Violation(value));
        var errors = new FieldErrors();
        Assert.True(TextPolicy.Check("summary", value, errors));
        Assert.False(errors.Any);
    }

    [Fact]
    public void Check_names_the_field()
    {
        var errors = new FieldErrors();
        Assert.False(TextPolicy.Check("progress[0].note", "设计\u0001完成", errors));
        var (field, messages) = Assert.Single(errors.ToDictionary());
        Assert.Equal("progress[0].note", field);
        Assert.Contains("U+0001", Assert.Single(messages));
    }

    [Fact]
    public void Clean_removes_refused_characters_keeps_pairs_and_replaces_lone_surrogates()
    {
        Assert.Equal("完成设计", TextPolicy.Clean("完成\u0001设\u202E计\uFFFF"));
        Assert.Equal("a\uFFFDb", TextPolicy.Clean("a\uD800b"));
        Assert.Equal("好😀\t\n", TextPolicy.Clean("好😀\t\n"));
        Assert.Equal("", TextPolicy.Clean(null));
        Assert.Null(TextPolicy.Violation(TextPolicy.Clean("\u0001\uD800\u202E\u0085x")));
    }
}
