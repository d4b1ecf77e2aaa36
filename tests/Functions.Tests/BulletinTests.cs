using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.Core.Documents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BulletinTests(AzuriteServer azurite)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private const string Consequences =
        "提前完成工作任务的镇、街道办事处，优先争取下年度工作任务，并推荐承接国家级试点实验任务，推广实验成果。规定期限未完成工作任务的镇、街道办事处，将暂停申报下一年度“2121”工程创建任务。";

    private const string Experience = "以居民议事会推动服务设施改造，“老小困残”服务一站办理";

    private sealed record Docx(List<string> Paragraphs, List<List<string>> Rows, byte[] Bytes);

    private static Docx Read(byte[] bytes)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        return new Docx(
            body.Elements().SelectMany(e => e is Table t && t.GetFirstChild<TableProperties>()?.TablePositionProperties is not null
                    ? t.Descendants<Paragraph>()
                    : e is Paragraph p && p.InnerText.Length > 0 ? [p] : []).Select(p => p.InnerText).ToList(),
            body.Elements<Table>().First().Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList(),
            bytes);
    }

    private static List<string> Section(Docx d, string heading)
    {
        var start = d.Paragraphs.IndexOf(heading);
        Assert.True(start >= 0, $"no section {heading}");
        return d.Paragraphs.Skip(start + 1).TakeWhile(p => !System.Text.RegularExpressions.Regex.IsMatch(p, "^[一二三四五六七八九十]、")).ToList();
    }

    /// <summary>
    /// The 2023 programme: 罕台镇's 田园社区 is evaluated all passed (complete 2023-10-16, evaluated
    /// 2023-10-20, with its 典型经验) and then reports only October, spending little; 兴胜街道办事处's
    /// 新园社区 reports every month with a problem, but with one of seven requirements done at 62% of its
    /// year it is far behind.
    /// </summary>
    private static async Task<(TestApp App, FakeTimeProvider Clock)> Programme2023Async(AzuriteServer azurite)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 10, 20, 10, 0, 0, Beijing));
        var app = await TestApp.StartAsync(azurite, clock: clock);
        var imported = await app.ImportSeed2023Async();
        var ids = imported.GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("assignment").GetProperty("unit").GetString()!, a => a.GetProperty("assignment").GetProperty("id").GetString()!);
        var hantai = await app.IssueUnitTokenAsync("罕台镇");
        var xingsheng = await app.IssueUnitTokenAsync("兴胜街道办事处");
        await app.JsonAsync(HttpMethod.Put, $"assignments/{ids["罕台镇"]}/evaluation", JsonContent.Create(new
        {
            completedOn = "2023-10-16",
            evaluatedOn = "2023-10-20",
            evaluator = "区民政局 李明",
            experience = Experience,
            results = new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => new { requirement = r, passed = true, note = "现场查验" }),
        }), expect: 201);
        clock.SetUtcNow(new DateTimeOffset(2023, 11, 2, 9, 0, 0, Beijing));
        await app.JsonAsync(HttpMethod.Put, $"assignments/{ids["罕台镇"]}/reports/2023-10", JsonContent.Create(new
        {
            summary = "服务设施改造完成", problems = "无", nextPlan = "巩固提升", fundsSpent = 10000m,
            metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
        }), hantai, expect: 201);
        foreach (var (month, problem) in new[] { (10, "社会组织引入进展较慢"), (11, "社会组织引入进展较慢"), (12, "社工人才不足") })
        {
            clock.SetUtcNow(new DateTimeOffset(2023, month, 1, 9, 0, 0, Beijing).AddMonths(1).AddDays(1));
            await app.JsonAsync(HttpMethod.Put, $"assignments/{ids["兴胜街道办事处"]}/reports/2023-{month:D2}", JsonContent.Create(new
            {
                summary = $"新园社区{month}月进展", problems = problem, nextPlan = "继续推进", fundsSpent = 5000m,
                metrics = new { households = 1000, urbanPopulation = 9800, centreArea = 450m, activityArea = 300m, facilityOwner = "居民委员会" },
            }), xingsheng, expect: 201);
        }
        clock.SetUtcNow(new DateTimeOffset(2024, 1, 10, 9, 0, 0, Beijing));
        return (app, clock);
    }

    [Fact]
    public async Task The_2023_Q4_bulletin_commends_hantai_evaluated_all_passed_and_never_criticises_it_and_criticises_xingsheng_for_the_gap()
    {
        var (app, clock) = await Programme2023Async(azurite);
        await using var _ = app;
        for (var run = 0; run < 2; run++)
        {
            await app.JsonAsync(HttpMethod.Post, "jobs/bulletin/run?period=2023-Q4");
        }
        var docx = await Documents.DownloadAsync(app, "bulletin/2023-Q4/bulletin-2023-Q4.docx");
        var schemaErrors = Documents.SchemaErrors(docx, word: true);
        Assert.True(schemaErrors.Count == 0, string.Join("\n", schemaErrors));
        var d = Read(docx);

        Assert.Equal("鄂尔多斯市东胜区民政局文件", d.Paragraphs[0]);
        Assert.Equal("东民发〔2024〕1号", d.Paragraphs[1]);
        Assert.Equal("鄂尔多斯市东胜区民政局关于2023年第四季度城乡社区治理“2121”工程推进情况的通报", d.Paragraphs[2]);
        Assert.Equal("罕台镇、兴胜街道办事处：", d.Paragraphs[3]);

        // The ranked table: 罕台镇 first at 100% as evaluated all passed, counts in words.
        Assert.Equal(["排名", "责任单位", "承接项目社区", "任务", "完成情况", "完成比例", "期限已过", "资金执行率", "按时报送", "评价"], d.Rows[0]);
        Assert.Equal(["1", "罕台镇", "田园社区", "城乡社区服务能力提升", "5项全部通过验收", "100.0%", "100.0%", "6.7%", "3个月中按时1个月", "表扬"], d.Rows[1]);
        Assert.Equal(["2", "兴胜街道办事处", "新园社区", "北疆示范社区创建"], d.Rows[2].Take(4));
        Assert.Equal("7项中已完成1项", d.Rows[2][4]);
        Assert.Equal(["14.3%", "62.0%", "15.0%", "3个月中按时3个月", "批评"], d.Rows[2].Skip(5));
        Assert.Contains(d.Paragraphs, p => p.StartsWith("下表依次按完成比例、资金执行率、按时报送月度进展的月数从高到低排名", StringComparison.Ordinal));

        var praise = Section(d, "三、通报表扬");
        Assert.Contains(praise, p => p.StartsWith("罕台镇（田园社区）：城乡社区服务能力提升项目于2023年10月16日完成，经2023年10月20日评估验收，5项创建要求全部通过，提前完成工作任务。", StringComparison.Ordinal)
            && p.Contains($"其典型经验是：{Experience}。", StringComparison.Ordinal));
        var criticism = Section(d, "四、通报批评");
        Assert.DoesNotContain(criticism, p => p.Contains("罕台镇", StringComparison.Ordinal));
        Assert.Contains(criticism, p => p.StartsWith("兴胜街道办事处（新园社区）：北疆示范社区创建项目完成比例14.3%，比期限已过比例（62.0%）低47.7个百分点", StringComparison.Ordinal));

        // The units' own 存在问题 (a repeated one said once with its months), and slow spending — of the
        // commended unit too: money is a problem to watch, never a ground for criticism.
        var problems = Section(d, "五、存在问题");
        Assert.Contains("兴胜街道办事处（新园社区）报告：10月、11月，社会组织引入进展较慢；12月，社工人才不足。", problems);
        Assert.DoesNotContain(problems, p => p.Contains("罕台镇（田园社区）报告", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("罕台镇（田园社区）：支持资金15万元，累计使用1万元，资金执行率6.7%", StringComparison.Ordinal) && p.EndsWith("资金使用进度偏慢。", StringComparison.Ordinal));

        var next = Section(d, "六、下一步工作要求");
        Assert.Contains(next, p => p.Contains("于2024年2月9日前完成整改", StringComparison.Ordinal));
        Assert.Contains(next, p => p.Contains("于每月5日前报送上月工作进展", StringComparison.Ordinal));
        Assert.Contains(next, p => p.EndsWith(Consequences, StringComparison.Ordinal));
        Assert.DoesNotContain(d.Paragraphs, p => p.Contains("贵单位", StringComparison.Ordinal) || p.Contains("本单位", StringComparison.Ordinal) || p.Contains(".00万元", StringComparison.Ordinal));

        // 落款, 成文日期 and the 版记.
        Assert.Equal(["鄂尔多斯市东胜区民政局", "2024年1月10日", "抄送：鄂尔多斯市民政局。", "鄂尔多斯市东胜区民政局办公室2024年1月10日印发"], d.Paragraphs[^4..]);

        var view = await app.JsonAsync(HttpMethod.Get, "bulletins/2023-Q4");
        var entries = view.GetProperty("bulletin").GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("提前完成", entries[0].GetProperty("outcome").GetString());
        Assert.Equal(1m, entries[0].GetProperty("progressShare").GetDecimal());
        Assert.Equal(2, entries[0].GetProperty("missingReports").GetInt32());
        Assert.Empty(entries[0].GetProperty("criticismReasons").EnumerateArray());
        Assert.Equal("东民发〔2024〕1号", view.GetProperty("bulletin").GetProperty("documentNumber").GetString());
        Assert.Equal("鄂尔多斯市东胜区民政局关于2023年第四季度城乡社区治理“2121”工程推进情况的通报.docx", view.GetProperty("links").GetProperty("docx").GetProperty("fileName").GetString());
        var notices = (await app.ItemsAsync("notices?period=2023-Q4&kind=bulletin")).EnumerateArray().ToList();
        Assert.DoesNotContain("通报批评", notices.Single(n => n.GetProperty("recipient").GetString() == "罕台镇").GetProperty("text").GetString());

        // The next bulletin of the year gets the next number; the first keeps its own on a re-run after it.
        clock.SetUtcNow(new DateTimeOffset(2024, 4, 10, 9, 0, 0, Beijing));
        await app.JsonAsync(HttpMethod.Post, "jobs/bulletin/run?period=2024-Q1");
        Assert.Equal("东民发〔2024〕2号", Read(await Documents.DownloadAsync(app, "bulletin/2024-Q1/bulletin-2024-Q1.docx")).Paragraphs[1]);
        await app.JsonAsync(HttpMethod.Post, "jobs/bulletin/run?period=2023-Q4");
        Assert.Equal("东民发〔2024〕1号", Read(await Documents.DownloadAsync(app, "bulletin/2023-Q4/bulletin-2023-Q4.docx")).Paragraphs[1]);

        var html = System.Text.Encoding.UTF8.GetString(await Documents.DownloadAsync(app, "bulletin/2023-Q4/bulletin-2023-Q4.html"));
        foreach (var text in new[] { "鄂尔多斯市东胜区民政局文件", "东民发〔2024〕1号", "罕台镇（田园社区）：城乡社区服务能力提升项目", Experience, "2024年2月9日", Consequences, "抄送：鄂尔多斯市民政局。", "2024年1月10日印发" })
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(text), html);
        }
    }

    [Fact]
    public async Task The_2023_Q4_bulletin_opened_in_libreoffice_has_masthead_number_title_page_numbers_and_imprint_and_the_table_stays_in_the_type_area()
    {
        var (app, _) = await Programme2023Async(azurite);
        await using var __ = app;
        await app.JsonAsync(HttpMethod.Post, "jobs/bulletin/run?period=2023-Q4");
        var docx = await Documents.DownloadAsync(app, "bulletin/2023-Q4/bulletin-2023-Q4.docx");
        var pdf = await OfficeSuite.ToPdfAsync(docx, "docx");
        if (Environment.GetEnvironmentVariable("GOVERNANCE_RENDER_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(Path.Combine(dir, "bulletin-2023-Q4.pdf"), pdf);
            await File.WriteAllBytesAsync(Path.Combine(dir, "bulletin-2023-Q4.docx"), docx);
        }

        var pages = OfficeSuite.PageCount(pdf);
        Assert.Equal(ExpectedPages, pages);
        var size = OfficeSuite.PageSize(pdf);
        Assert.Equal(595, size.Width, 1.0);
        Assert.Equal(842, size.Height, 1.0);

        static string Squeezed(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
        var first = Squeezed(OfficeSuite.PageText(pdf, 1));
        Assert.Contains("鄂尔多斯市东胜区民政局文件", first);
        Assert.Contains("东民发〔2024〕1号", first);
        Assert.Contains("鄂尔多斯市东胜区民政局关于2023年第四季度城乡社区治理“2121”工程推进情况的通报", first);
        Assert.Contains("—1—", first);
        var last = Squeezed(OfficeSuite.PageText(pdf, pages));
        Assert.Contains("抄送：鄂尔多斯市民政局。", last);
        Assert.Contains("鄂尔多斯市东胜区民政局办公室2024年1月10日印发", last);
        Assert.Contains($"—{pages}—", last);

        // Every word of the table inside the type area: 28 mm from the left, 26 mm from the right.
        // (Body text may hang a closing comma past the edge: LibreOffice's hanging punctuation.)
        var words = OfficeSuite.Words(pdf);
        var top = words.Single(w => w.Text == "排名");
        var bottom = words.Single(w => w.Text == "15.0%");
        Assert.Equal(top.Page, bottom.Page);
        var table = words.Where(w => w.Page == top.Page && w.YMin >= top.YMin - 1 && w.YMax <= bottom.YMax + 12).ToList();
        Assert.True(table.Count >= 30, string.Join(" ", table.Select(w => w.Text)));
        const double left = 28 / 25.4 * 72, right = 595.28 - 26 / 25.4 * 72;
        var outside = table.Where(w => w.XMin < left - 2 || w.XMax > right + 2).ToList();
        Assert.True(outside.Count == 0, "outside the type area: " + string.Join("; ", outside.Select(w => $"p{w.Page} {w.Text} {w.XMin:0.0}–{w.XMax:0.0}")));
        // No text in the table under 9 pt; the last row is whole on the table's page.
        Assert.All(table, w => Assert.True(w.Height >= 9, $"{w.Text} is {w.Height:0.0} pt"));
        Assert.Contains(table, w => w.Text == "14.3%");
        Assert.Contains(table, w => w.Text == "62.0%");
    }

    // 2023-Q4 as LibreOffice lays it out with the fonts .ci/run installs: page 1 carries the letterhead
    // and the opening, page 2 the overall progress and the table, page 3 praise, criticism and problems,
    // page 4 the next steps, 落款 and 版记.
    private const int ExpectedPages = 4;

    [Fact]
    public async Task A_unit_missing_every_report_is_criticised_a_low_execution_rate_is_only_a_problem_and_every_name_is_a_setting()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 3, 9, 0, 0, Beijing));
        var settings = new Dictionary<string, string?>
        {
            ["Schedule:ReportDueDay"] = "7",
            ["Bulletin:Issuer"] = "某某区民政局",
            ["Bulletin:Masthead"] = "某某区民政局文件",
            ["Bulletin:NumberPrefix"] = "某民发",
            ["Bulletin:CopyTo"] = "某某市民政局，区委办公室",
            ["Bulletin:PrintedBy"] = "某某区民政局综合股",
            ["Bulletin:RectificationDays"] = "15",
        };
        await using var app = await TestApp.StartAsync(azurite, settings, clock);
        var (tianyuan, _) = await app.Import2026Async();
        var hantai = await app.IssueUnitTokenAsync("罕台镇");
        foreach (var month in new[] { 4, 5, 6 })
        {
            clock.SetUtcNow(new DateTimeOffset(2026, month + 1, 2, 9, 0, 0, Beijing));
            await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/reports/2026-{month:D2}", JsonContent.Create(DispatchTests.Report(1000m)), hantai, expect: 201);
        }
        clock.SetUtcNow(new DateTimeOffset(2026, 7, 10, 9, 0, 0, Beijing));
        await app.JsonAsync(HttpMethod.Post, "jobs/bulletin/run?period=2026-Q2");

        var docx = await Documents.DownloadAsync(app, "bulletin/2026-Q2/bulletin-2026-Q2.docx");
        Assert.Empty(Documents.SchemaErrors(docx, word: true));
        var d = Read(docx);
        Assert.Equal(["某某区民政局文件", "某民发〔2026〕1号", "某某区民政局关于2026年第二季度城乡社区治理“2121”工程推进情况的通报"], d.Paragraphs.Take(3));
        // 田园社区 at 40% of its requirements (FW-2, FW-3) with 49.6% of its year gone: within 25 points,
        // not ahead; 3,000 of 150,000 spent.
        Assert.Equal(["1", "罕台镇", "田园社区", "城乡社区服务能力提升", "5项中已完成2项", "40.0%", "49.6%", "2.0%", "3个月中按时3个月", "—"], d.Rows[1]);
        Assert.Equal(["2", "兴胜街道办事处", "新园社区"], d.Rows[2].Take(3));
        Assert.Equal("批评", d.Rows[2][9]);

        var criticism = Section(d, "四、通报批评");
        Assert.Contains(criticism, p => p.StartsWith("兴胜街道办事处（新园社区）：北疆示范社区创建项目本季度4月、5月、6月的月度进展未报", StringComparison.Ordinal));
        Assert.DoesNotContain(criticism, p => p.Contains("罕台镇", StringComparison.Ordinal) || p.Contains("执行率", StringComparison.Ordinal));
        Assert.DoesNotContain(Section(d, "三、通报表扬"), p => p.Contains("罕台镇", StringComparison.Ordinal));
        var problems = Section(d, "五、存在问题");
        Assert.Contains("罕台镇（田园社区）报告：4月、5月、6月，施工队伍尚未确定。", problems);
        Assert.Contains(problems, p => p.StartsWith("罕台镇（田园社区）：支持资金15万元，累计使用0.3万元，资金执行率2.0%，期限已过49.6%", StringComparison.Ordinal));
        var next = Section(d, "六、下一步工作要求");
        Assert.Contains(next, p => p.Contains("于2026年7月25日前完成整改，并将整改情况书面报送某某区民政局", StringComparison.Ordinal));
        Assert.Contains(next, p => p.Contains("于每月7日前报送上月工作进展", StringComparison.Ordinal));
        Assert.Equal(["某某区民政局", "2026年7月10日", "抄送：某某市民政局，区委办公室。", "某某区民政局综合股2026年7月10日印发"], d.Paragraphs[^4..]);

        var notices = (await app.ItemsAsync("notices?period=2026-Q2&kind=bulletin")).EnumerateArray().ToList();
        Assert.Equal(2, notices.Count);
        Assert.Contains("被通报批评", notices.Single(n => n.GetProperty("recipient").GetString() == "兴胜街道办事处").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Document_numbers_racing_for_one_year_are_all_different_and_a_document_keeps_its_own()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var numbers = app.Services.GetRequiredService<DocumentNumbers>();
        var keys = Enumerable.Range(1, 6).Select(i => $"bulletin|test-{i}").ToList();
        var given = await Task.WhenAll(keys.Concat(keys).Select(k => numbers.NumberAsync(2030, k, CancellationToken.None)));
        var byKey = keys.Select((k, i) => (First: given[i], Second: given[i + keys.Count])).ToList();
        Assert.All(byKey, pair => Assert.Equal(pair.First, pair.Second));
        Assert.Equal(Enumerable.Range(1, 6), byKey.Select(p => p.First).Order());
        Assert.Equal(1, await numbers.NumberAsync(2031, "bulletin|test-1", CancellationToken.None));
        Assert.Equal("东民发〔2024〕3号", DocumentNumbers.Format("东民发", 2024, 3));
    }
}
