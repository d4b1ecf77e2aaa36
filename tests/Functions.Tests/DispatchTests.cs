using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class DispatchTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 3, 9, 0, 0, Beijing));
    private TestApp _app = null!;
    private string _tianyuan = "";
    private string _xinyuan = "";
    private string _hantai = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite, clock: _clock);
        (_tianyuan, _xinyuan) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static object Report(decimal funds, string summary = "完成服务设施改造设计") => new
    {
        summary,
        problems = "施工队伍尚未确定",
        nextPlan = "开展招标",
        fundsSpent = funds,
        progress = new[] { new { requirement = "FW-2", status = "in_progress", note = "设计已完成" } },
        metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
    };

    private static decimal Number(string cell) => decimal.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonElement> RunDispatchAsync() =>
        await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10");

    private async Task<List<JsonElement>> NoticesAsync(string kind) =>
        (await _app.ItemsAsync($"notices?kind={kind}&period=2026-10")).EnumerateArray().ToList();

    [Fact]
    public async Task Hantai_reports_xingsheng_does_not_and_the_dispatch_lists_xingsheng_as_missing_with_one_overdue_notice_however_often_it_runs()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 10, 3, 10, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", JsonContent.Create(Report(30000m)), _hantai, expect: 201);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 10, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report(20000.5m)), _hantai, expect: 201);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 9, 0, 0, Beijing));

        for (var run = 0; run < 2; run++)
        {
            var result = await RunDispatchAsync();
            Assert.Equal("done", result.GetProperty("state").GetString());

            var workbook = await Documents.DownloadAsync(_app, "dispatch/2026-10/dispatch-2026-10.xlsx");
            Assert.Empty(Documents.SchemaErrors(workbook, word: false));
            var cells = Documents.Cells(workbook, out var sheet, out var styles);
            Assert.Equal("东胜区城乡社区治理“2121”工程2026年10月调度表", cells[1][0]);
            Assert.Equal("编制单位：东胜区民政局　报送截止：2026年11月5日　编制时间：2026年11月6日09:00", cells[2][0]);
            Assert.Equal("本月调度项目2个，分配资金合计25万元，累计支出5.00005万元，资金执行率20.0%。", cells[3][0]);
            Assert.Equal(["序号", "责任单位", "承接项目社区", "任务", "分配资金（元）", "累计支出（元）", "执行率", "完成比例", "完成情况", "本月进展", "存在问题", "下月计划", "报送情况"], cells[4]);
            var hantai = cells[5];
            Assert.Equal(["1", "罕台镇", "田园社区", "城乡社区服务能力提升"], hantai.Take(4));
            Assert.Equal(150000m, Number(hantai[4]));
            Assert.Equal(50000.50m, Number(hantai[5]));
            Assert.Equal(0.3333m, Number(hantai[6]));
            Assert.Equal("完成服务设施改造设计", hantai[9]);
            Assert.Equal("施工队伍尚未确定", hantai[10]);
            Assert.Equal("开展招标", hantai[11]);
            Assert.Equal("按时", hantai[12]);
            var xingsheng = cells[6];
            Assert.Equal(["2", "兴胜街道办事处", "新园社区", "北疆示范社区创建"], xingsheng.Take(4));
            Assert.Equal("未报", xingsheng[12]);
            Assert.Equal("合计", cells[7][0]);
            Assert.Equal(250000m, Number(cells[7][4]));
            Assert.Equal(50000.50m, Number(cells[7][5]));
            Assert.Equal("按时1　逾期补报0　未报1", cells[7][9]);
            Assert.Equal("未报单位：兴胜街道办事处", cells[8][0]);

            var row5 = sheet.Descendants<Row>().Single(r => r.RowIndex! == 5).Elements<Cell>().ToList();
            Assert.Equal("#,##0.00", Documents.NumberFormatOf(row5[4], styles));
            Assert.Equal("0.0%", Documents.NumberFormatOf(row5[6], styles));
            var widths = sheet.Descendants<Column>().ToList();
            Assert.Equal(13, widths.Count);
            Assert.All(widths, c => Assert.True(c.CustomWidth! && c.Width! >= 4));
            Assert.DoesNotContain("联系人", cells[2][0]); // no contact configured: the line leaves it out
            AssertPrintsOnA4Landscape(workbook);

            var overdue = await NoticesAsync("overdue");
            var notice = Assert.Single(overdue);
            Assert.Equal("兴胜街道办事处", notice.GetProperty("recipient").GetString());
            var text = notice.GetProperty("text").GetString()!;
            Assert.Contains("新园社区（北疆示范社区创建）", text);
            Assert.Contains("2026年10月", text);
            Assert.Contains("2026年11月5日", text);
            Assert.Contains("仍未报送", text);
            Assert.Equal(["兴胜街道办事处", "罕台镇"], (await NoticesAsync("dispatch")).Select(n => n.GetProperty("recipient").GetString()).Order());
        }

        var view = await _app.JsonAsync(HttpMethod.Get, "dispatches/2026-10", token: _hantai);
        var dispatch = view.GetProperty("dispatch");
        Assert.Equal(["兴胜街道办事处"], dispatch.GetProperty("unitsNotReported").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("33.3%", dispatch.GetProperty("rows")[0].GetProperty("executionRateText").GetString());
        var xlsx = view.GetProperty("links").GetProperty("xlsx");
        Assert.Contains("dispatch-2026-10.xlsx", xlsx.GetProperty("url").GetString());
        Assert.Contains("sig=", xlsx.GetProperty("url").GetString());
        Assert.Equal("东胜区城乡社区治理“2121”工程2026年10月调度表.xlsx", xlsx.GetProperty("fileName").GetString());
        Assert.True(xlsx.GetProperty("expiresAt").GetDateTimeOffset() <= _clock.GetUtcNow().AddMinutes(15));

        var html = System.Text.Encoding.UTF8.GetString(await Documents.DownloadAsync(_app, "dispatch/2026-10/dispatch-2026-10.html"));
        Assert.Contains("size: A4 landscape", html);
        Assert.Contains("<th>分配资金（元）</th>", html);
        var assignment = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}");
        Assert.Contains($"<td class=\"num\">{assignment.GetProperty("progressShareText").GetString()}</td><td>{assignment.GetProperty("progressText").GetString()}</td>", html);
        Assert.Contains("<td>FW-2 综合服务设施面积</td><td class=\"c\">进行中</td><td>设计已完成</td>", html);
        Assert.Contains("本月调度项目2个，分配资金合计25万元，累计支出5.00005万元", html);
        Assert.DoesNotContain("金额单位", html);
        Assert.Contains("<td>兴胜街道办事处</td>", html);
        Assert.Contains("未报单位：兴胜街道办事处", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
    }

    // Every sheet: A4 landscape, one page wide, centred, its header row repeated on every page, page numbers.
    private static void AssertPrintsOnA4Landscape(byte[] workbook)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["调度表", "创建要求进展", "填报内容"], sheets.Select(s => s.Name!.Value));
        var titles = doc.WorkbookPart.Workbook.DefinedNames!.Elements<DefinedName>().Where(d => d.Name == "_xlnm.Print_Titles").ToList();
        Assert.Equal(["'调度表'!$4:$4", "'创建要求进展'!$2:$2", "'填报内容'!$2:$2"], titles.OrderBy(t => t.LocalSheetId!.Value).Select(t => t.Text));
        foreach (var entry in sheets)
        {
            var worksheet = ((DocumentFormat.OpenXml.Packaging.WorksheetPart)doc.WorkbookPart.GetPartById(entry.Id!)).Worksheet;
            var setup = worksheet.GetFirstChild<PageSetup>()!;
            Assert.Equal((9u, OrientationValues.Landscape, 1u, 0u), (setup.PaperSize!.Value, setup.Orientation!.Value, setup.FitToWidth!.Value, setup.FitToHeight!.Value));
            Assert.True(worksheet.GetFirstChild<PrintOptions>()!.HorizontalCentered!.Value);
            Assert.Equal("&C第 &P 页 共 &N 页", worksheet.GetFirstChild<HeaderFooter>()!.OddFooter!.Text);
        }
    }

    [Fact]
    public async Task A_late_report_after_the_dispatch_is_marked_late_on_a_rerun_and_no_second_overdue_notice_is_sent()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 10, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report(1000m)), _hantai, expect: 201);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 9, 0, 0, Beijing));
        await RunDispatchAsync();

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 9, 15, 0, 0, Beijing));
        var xingsheng = await _app.IssueUnitTokenAsync("兴胜街道办事处");
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_xinyuan}/reports/2026-10", JsonContent.Create(new { summary = "补报：居民议事协商平台已建立", fundsSpent = 5000 }), xingsheng, expect: 201);
        await RunDispatchAsync();

        var view = await _app.JsonAsync(HttpMethod.Get, "dispatches/2026-10");
        var rows = view.GetProperty("dispatch").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("逾期补报", rows.Single(r => r.GetProperty("unit").GetString() == "兴胜街道办事处").GetProperty("timeliness").GetString());
        Assert.Empty(view.GetProperty("dispatch").GetProperty("unitsNotReported").EnumerateArray());
        Assert.Single(await NoticesAsync("overdue"));
    }

    [Fact]
    public async Task Staff_only_run_jobs_and_bad_periods_and_unknown_jobs_are_refused()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 10, 0, 0, Beijing));
        using var asUnit = await _app.SendAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10", token: _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, asUnit.StatusCode);
        var bad = await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-13", expect: 400);
        Assert.Equal("invalid_period", bad.GetProperty("code").GetString());
        var future = await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-11", expect: 409);
        Assert.Contains("尚未结束", future.GetProperty("detail").GetString());
        var unknown = await _app.JsonAsync(HttpMethod.Post, "jobs/payroll/run?period=2026-10", expect: 404);
        Assert.Contains("dispatch", unknown.GetProperty("detail").GetString());
        var missing = await _app.JsonAsync(HttpMethod.Get, "dispatches/2026-09", expect: 404);
        Assert.Equal("dispatch_not_found", missing.GetProperty("code").GetString());
    }
}
