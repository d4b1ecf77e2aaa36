using System.Text;
using Governance.Core.Notices;

namespace Governance.Core.Tests.Notices;

public sealed class RobotMarkdownTests
{
    private static Notice With(string text) =>
        new(NoticeKind.Overdue, "兴胜街道办事处", "2026-10", "逾期通知：2026年10月月度进展未报", text, [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void Content_within_4096_bytes_is_sent_whole()
    {
        var notice = With("请尽快补报。");
        Assert.Equal(NoticeTexts.Markdown(notice), NoticeTexts.Markdown(notice, "（全文）"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Longer_content_is_cut_on_a_character_boundary_to_at_most_4096_bytes_and_says_where_the_full_text_is(int asciiShift)
    {
        // Shifting by ASCII characters moves the byte budget's edge across every byte of the 3- and 4-byte characters.
        var text = new string('a', asciiShift) + string.Concat(Enumerable.Repeat("社区🏠", 600));
        var content = NoticeTexts.Markdown(With(text), NoticeTexts.FullTextInApp(With(text)));

        var bytes = Encoding.UTF8.GetByteCount(content);
        Assert.InRange(bytes, 4096 - 4, 4096);
        Assert.EndsWith("内容较长，全文请登录系统，在“通知”中查阅（期间：2026-10，类别：逾期通知）。", content);
        var kept = content[..content.IndexOf("……", StringComparison.Ordinal)];
        Assert.StartsWith(kept, NoticeTexts.Markdown(With(text)));
        Assert.False(char.IsHighSurrogate(kept[^1]));
        Assert.Equal(content, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(content)));
    }

    [Fact]
    public void The_utf8_prefix_never_splits_a_surrogate_pair()
    {
        Assert.Equal("a", NoticeTexts.Utf8Prefix("a🏠", 4));
        Assert.Equal("a🏠", NoticeTexts.Utf8Prefix("a🏠", 5));
        Assert.Equal("", NoticeTexts.Utf8Prefix("社", 2));
    }
}
