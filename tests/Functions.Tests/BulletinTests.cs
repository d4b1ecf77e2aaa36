using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BulletinTests(AzuriteServer azurite)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task The_2026_Q3_bulletin_opens_in_word_with_title_addressees_ranked_table_rules_and_date()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 3, 9, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, clock: clock);
        var (tianyuan, _) = await app.Import2026Async();
        var hantai = await app.IssueUnitTokenAsync("罕台镇");
        foreach (var month in new[] { 7, 8, 9 })
        {
            clock.SetUtcNow(new DateTimeOffset(2026, month + 1, 2, 9, 0, 0, Beijing));
            await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/reports/2026-{month:D2}", JsonContent.Create(DispatchTests.Report(20000m)), hantai, expect: 201);
        }
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 10, 9, 0, 0, Beijing));

        for (var run = 0; run < 2; run++)
        {
            await app.JsonAsync(HttpMethod.Post, "jobs/bulletin/run?period=2026-Q3");
        }

        var docx = await Documents.DownloadAsync(app, "bulletin/2026-Q3/bulletin-2026-Q3.docx");
        var schemaErrors = Documents.SchemaErrors(docx, word: true);
        Assert.True(schemaErrors.Count == 0, string.Join("\n", schemaErrors));
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal("关于2026年第三季度城乡社区治理“2121”工程推进情况的通报", paragraphs[0]);
        Assert.Equal("罕台镇、兴胜街道办事处：", paragraphs[1]);
        foreach (var section in new[] { "一、总体进展", "二、各项目进展", "三、表扬", "四、批评与问题", "五、下一步要求" })
        {
            Assert.Contains(section, paragraphs);
        }
        Assert.Contains(paragraphs, p => p.StartsWith("排名规则：依次按创建要求达标比例、资金执行率、按时报送", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains("进度滞后认定标准", StringComparison.Ordinal) && p.Contains("25个百分点", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains("暂停申报下一年度“2121”工程任务", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains("通报批评", StringComparison.Ordinal) && p.Contains("兴胜街道办事处新园社区", StringComparison.Ordinal) && p.Contains("3个月未报", StringComparison.Ordinal));
        Assert.Equal("东胜区民政局", paragraphs[^2]);
        Assert.Equal("2026年10月10日", paragraphs[^1]);

        var rows = body.Elements<Table>().Single().Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal("排名", rows[0][0]);
        Assert.Equal(["1", "罕台镇", "田园社区", "城乡社区服务能力提升"], rows[1].Take(4));
        Assert.Equal("40.0%", rows[1][7]); // 60,000 of 150,000
        Assert.Equal("3/3", rows[1][8]);
        Assert.Equal(["2", "兴胜街道办事处", "新园社区"], rows[2].Take(3));
        Assert.StartsWith("滞后", rows[2][9]);

        var view = await app.JsonAsync(HttpMethod.Get, "bulletins/2026-Q3", token: hantai);
        Assert.Equal(2, view.GetProperty("bulletin").GetProperty("entries").GetArrayLength());
        Assert.EndsWith(".docx", view.GetProperty("links").GetProperty("docx").GetProperty("fileName").GetString());
        var notices = (await app.JsonAsync(HttpMethod.Get, "notices?period=2026-Q3&kind=bulletin")).EnumerateArray().ToList();
        Assert.Equal(2, notices.Count);
        Assert.Contains("被通报批评", notices.Single(n => n.GetProperty("recipient").GetString() == "兴胜街道办事处").GetProperty("text").GetString());
    }
}
