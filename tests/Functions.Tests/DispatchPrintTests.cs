using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// The 2023-12 dispatch of the real 2023 programme as the bureau opens it: LibreOffice converts the
/// .xlsx to PDF and the pages are read back (size, words, their boxes).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DispatchPrintTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2023, 12, 20, 9, 0, 0, Beijing));
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
    {
        ["Dispatch:CompiledBy"] = "东胜区民政局基层政权建设和社区治理股",
        ["Dispatch:Contact"] = "王芳 0477-8321234",
    }, _clock);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // What a clerk writes at length: the texts that make rows tall.
    private const string LongSummary =
        "本月完成社区综合服务设施改造工程主体施工，新增居民活动室两间、议事协商室一间，养老服务站完成适老化改造并投入试运行；" +
        "组织社区志愿者开展“邻里守望”入户走访三次，覆盖独居老人四十六户；召开居民议事会两次，就停车位划分和楼道照明达成共识。";

    private const string LongProblems = "部分改造资金拨付滞后，施工进度受冬季低温影响；社区工作者中持证社工人数偏少。";

    private const string LongPlan = "完成室内装修和设备采购验收，开展社工职业资格考前培训，整理创建工作台账和影像资料，迎接评估验收。";

    [Fact]
    public async Task The_dispatch_opened_in_LibreOffice_prints_on_A4_landscape_with_every_header_on_page_one_and_no_text_under_9_pt()
    {
        var imported = await _app.ImportSeed2023Async();
        var ids = imported.GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("assignment").GetProperty("community").GetString()!, a => a.GetProperty("assignment").GetProperty("id").GetString()!);
        var hantai = await _app.IssueUnitTokenAsync("罕台镇");
        _clock.SetUtcNow(new DateTimeOffset(2024, 1, 3, 10, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{ids["田园社区"]}/reports/2023-12", JsonContent.Create(new
        {
            summary = LongSummary,
            problems = LongProblems,
            nextPlan = LongPlan,
            fundsSpent = 162000.5m,
            progress = new[]
            {
                new { requirement = "FW-2", status = "done", note = "综合服务设施面积达到420平方米，已完成改造。" },
                new { requirement = "FW-5", status = "in_progress", note = "养老服务站试运行，待设备验收。" },
            },
            metrics = new { households = 800, centreArea = 420m, facilityOwner = "基层政府", elderlyCareStation = true },
        }), hantai, expect: 201);
        _clock.SetUtcNow(new DateTimeOffset(2024, 1, 6, 9, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2023-12");
        var xlsx = await Documents.DownloadAsync(_app, "dispatch/2023-12/dispatch-2023-12.xlsx");
        Assert.Empty(Documents.SchemaErrors(xlsx, word: false));
        var cells = Documents.Cells(xlsx, out _, out _);
        var title = "东胜区城乡社区治理“2121”工程2023年12月调度表";

        // The settings: who compiled it and whom to ask.
        Assert.Equal("编制单位：东胜区民政局基层政权建设和社区治理股　联系人：王芳 0477-8321234　报送截止：2024年1月5日　编制时间：2024年1月6日09:00", cells[2][0]);

        // One unit of money: 元 in every money header and cell, 万元 in the totals text, the same sums.
        Assert.All(new[] { cells[4][4], cells[4][5] }, h => Assert.EndsWith("（元）", h));
        var totalsText = System.Text.RegularExpressions.Regex.Match(cells[3][0], @"分配资金合计([\d.]+)万元，累计支出([\d.]+)万元");
        Assert.True(totalsText.Success, cells[3][0]);
        var rows = new[] { cells[5], cells[6] };
        Assert.Equal(rows.Sum(r => Number(r[4])), Number(totalsText.Groups[1].Value) * 10000m);
        Assert.Equal(rows.Sum(r => Number(r[5])), Number(totalsText.Groups[2].Value) * 10000m);
        Assert.Equal((Number(cells[7][4]), Number(cells[7][5])), (250000m, 162000.50m));
        Assert.DoesNotContain(cells.Values.SelectMany(r => r), c => c.Contains("金额单位：元", StringComparison.Ordinal));
        Assert.Equal(1.0800m, Number(cells[5][6])); // above the allocation: flagged 超支 by its format, still a number

        // The progress share and 完成情况 are the assignment view's.
        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{ids["田园社区"]}");
        Assert.Equal(view.GetProperty("progressShare").GetDecimal(), Number(cells[5][7]));
        Assert.Equal(view.GetProperty("progressText").GetString(), cells[5][8]);
        Assert.Equal($"{view.GetProperty("requirementsTotal").GetInt32()}项创建要求中已完成{view.GetProperty("requirementsDone").GetInt32()}项", cells[5][8]);

        // A long text shows its start on the dispatch and reads in full on 填报内容.
        Assert.StartsWith(LongSummary[..50], cells[5][9]);
        Assert.EndsWith("……（全文见“填报内容”表）", cells[5][9]);
        var texts = Documents.Cells(xlsx, "填报内容", out _, out _);
        Assert.Equal(LongSummary, string.Concat(texts.Values.Where(r => r.Count == 5 && r[1] == "罕台镇" && r[3].StartsWith("本月进展", StringComparison.Ordinal)).Select(r => r[4])));
        Assert.Contains(texts.Values, r => r.Count == 5 && r[3] == "存在问题" && r[4] == LongProblems);

        // Each requirement's progress as the unit reported it this month, beside its state.
        var requirements = Documents.Cells(xlsx, "创建要求进展", out _, out _);
        Assert.Equal(["序号", "责任单位", "承接项目社区", "创建要求", "本月填报进展", "说明", "当前状态"], requirements[2]);
        var stateNames = view.GetProperty("requirements").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("stateName").GetString()!);
        var fw2 = requirements.Values.Single(r => r.Count == 7 && r[3].StartsWith("FW-2 ", StringComparison.Ordinal));
        Assert.Equal(["1", "罕台镇", "田园社区", "FW-2 综合服务设施面积", "已完成", "综合服务设施面积达到420平方米，已完成改造。", stateNames["FW-2"]], fw2);
        Assert.Equal(["进行中", "养老服务站试运行，待设备验收。"], requirements.Values.Single(r => r.Count == 7 && r[3].StartsWith("FW-5 ", StringComparison.Ordinal))[4..6]);
        Assert.Equal("本月未提及", requirements.Values.Single(r => r.Count == 7 && r[3].StartsWith("FW-1 ", StringComparison.Ordinal))[4]);
        var xinyuan = requirements.Values.Where(r => r.Count == 7 && r[1] == "兴胜街道办事处").ToList();
        Assert.Equal(7, xinyuan.Count);
        Assert.All(xinyuan, r => Assert.Equal("本月未报", r[4]));
        Assert.Equal(5 + 7, requirements.Count - 2);

        // Opened in LibreOffice: A4 landscape pages, the title and every column header on page 1,
        // every word inside its page, no number too wide for its cell (###).
        var pdf = await OfficeSuite.ToPdfAsync(xlsx, "xlsx");
        var pages = OfficeSuite.PageCount(pdf);
        Assert.InRange(pages, 3, 4);
        for (var page = 1; page <= pages; page++)
        {
            var size = OfficeSuite.PageSize(pdf, page);
            Assert.Equal((842, 595), ((int)Math.Round(size.Width), (int)Math.Round(size.Height)));
        }
        Assert.Contains(title, OfficeSuite.PageText(pdf, 1));
        Assert.Contains($"第1页共{pages}页", string.Concat(OfficeSuite.PageText(pdf, 1).Where(c => !char.IsWhiteSpace(c))));
        var words = OfficeSuite.Words(pdf);
        var first = words.Where(w => w.Page == 1).ToList();
        foreach (var header in new[] { "序号", "责任单位", "承接项目社区", "任务", "分配资金（元）", "累计支出（元）", "执行率", "完成比例", "完成情况", "本月进展", "存在问题", "下月计划", "报送情况" })
        {
            Assert.True(HeaderOnPage(first, header), $"column header {header} not found on page 1");
        }
        Assert.All(words, w => Assert.True(w.XMin >= 0 && w.YMin >= 0 && w.XMax <= 842 && w.YMax <= 595.5, $"{w.Text} on page {w.Page} lies outside the page"));
        Assert.DoesNotContain(words, w => w.Text.Contains("###", StringComparison.Ordinal));

        // No text under 9 pt (allowing 10% for rounding and a printer's margin): a CJK character is
        // exactly one em wide in every CJK font, so a word of n CJK characters is n × the printed
        // font size wide — unlike the box height, which depends on the font's ascent and descent.
        var cjk = words.Where(w => w.Text.Length > 0 && w.Text.All(c => c is >= '\u4E00' and <= '\u9FFF')).ToList();
        Assert.True(cjk.Count > 50);
        var smallest = cjk.Min(w => w.Width / w.Text.Length);
        Assert.True(smallest >= 9 * 0.9, $"smallest printed text is {smallest:0.0} pt");
        Assert.True(words.Min(w => w.Height) >= 9 * 0.9, "a word box is lower than 8.1 pt");

        var png = Path.Combine(Path.GetTempPath(), "dispatch-print", "page1.png");
        OfficeSuite.RenderPng(pdf, 1, png, 80);
        Assert.True(new FileInfo(png).Length > 10_000);
    }

    private static decimal Number(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    // A header wraps inside its cell: its lines are words stacked in one column (same centre, lower
    // down), so it reads back as the first line followed by the words below it.
    private static bool HeaderOnPage(IReadOnlyList<PdfWord> words, string header) =>
        words.Where(w => w.Text.Length > 0 && header.StartsWith(w.Text, StringComparison.Ordinal)).Any(top =>
        {
            var text = top.Text;
            foreach (var below in words.Where(w => w.YMin > top.YMin && w.YMin < top.YMin + 40 && Math.Abs((w.XMin + w.XMax) / 2 - (top.XMin + top.XMax) / 2) < 12).OrderBy(w => w.YMin))
            {
                if (text.Length >= header.Length)
                {
                    break;
                }
                text += below.Text;
            }
            return text == header;
        });
}
