using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Governance.Browser.Tests;

/// <summary>
/// The whole round trip of a monthly report as the two people involved live it: a town clerk on a
/// phone signs in by the link staff issued, fills September's report with two photos, watches the
/// live verdict and both progress bars, corrects a refused figure and submits; staff at an office
/// screen see it on the workbench, download a photo (bytes compared), return the report with a
/// reason; the clerk sees the reason, resubmits (version 2); staff record the evaluation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportRoundTripTests(BrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Unit = "罕台镇";
    private const string Community = "田园社区";
    private const string Period = "2026-09";
    private const string ReturnReason = "服务中心面积与台账不符，请附上测绘报告后重新报送。";

    /// <summary>The browser's console lines for the preview and the PUT refused because of the three-decimal figure.</summary>
    private const string ClerkRefusal = @"status of 400 \(Bad Request\) \(http://[^)]*/api/assignments/[^/]+/reports/2026-09(/preview)?:";

    /// <summary>
    /// The assignment page asks for the evaluation before one exists and shows "尚未验收" on the 404;
    /// the browser logs that answer, which no person sees.
    /// </summary>
    private const string NoEvaluationYet = @"status of 404 \(Not Found\) \(http://[^)]*/api/assignments/[^/]+/evaluation:";

    /// <summary>The browser's console line for the allocation table refused because of its bad row.</summary>
    private const string ImportRefusal = @"status of 400 \(Bad Request\) \(http://[^)]*/api/programmes/2026/allocations:";

    private BrowserApp _app = null!;

    public async Task InitializeAsync() => _app = await BrowserApp.StartAsync(fixture);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_clerk_reports_on_a_phone_staff_return_it_the_clerk_resubmits_and_staff_evaluate()
    {
        var (tianyuan, _) = await _app.Import2026Async();
        var photoA = TestImages.Png(96, 64, seed: 1);
        var photoB = TestImages.Png(80, 120, seed: 2);

        // 1. Staff issue the unit's token; its answer carries the sign-in link the clerk scans.
        var unitToken = await _app.IssueUnitTokenAsync(Unit);
        var unitLink = SignInLink(unitToken);
        Assert.StartsWith(_app.Origin + "/api/app/sign-in.html#token=", unitLink, StringComparison.Ordinal);

        await using var clerkContext = await NewContextAsync(Viewports.Phone);
        var clerkWatch = await PageWatch.AttachAsync(clerkContext);
        var clerk = await clerkContext.NewPageAsync();
        await OpenSignInLinkAsync(clerk, unitLink, "clerk.html");
        await Expect(clerk.GetByRole(AriaRole.Heading, new() { Name = $"{Unit}，你好" })).ToBeVisibleAsync();

        // 2. September of 田园社区, filled in as a clerk would.
        await Expect(clerk.GetByLabel("项目", new() { Exact = true })).ToHaveValueAsync(tianyuan);
        await clerk.GetByLabel("填报月份").SelectOptionAsync(Period);
        await Expect(clerk.GetByRole(AriaRole.Heading, new() { Name = "2026年9月月度进展" })).ToBeVisibleAsync();

        await clerk.GetByLabel("本月进展（必填）").FillAsync("完成党群服务中心改造设计，召开居民议事会两次。");
        await clerk.GetByLabel("下月计划").FillAsync("启动施工招标。");

        // The live verdict of FW-2 (facility area) is the server's preview: too small, then enough.
        var facility = Requirement(clerk, "FW-2");
        await clerk.GetByLabel("户数（户）", new() { Exact = true }).FillAsync("800");
        await clerk.GetByLabel("服务中心面积（平方米）", new() { Exact = true }).FillAsync("100");
        await Expect(facility.Locator(".verdict .chip")).ToHaveTextAsync("未达标");
        await Expect(clerk.Locator("#preview-status")).ToContainTextAsync("尚未保存");
        await clerk.GetByLabel("服务中心面积（平方米）", new() { Exact = true }).FillAsync("320");
        await Expect(facility.Locator(".verdict .chip")).ToHaveTextAsync("达标");
        await Expect(facility.Locator(".verdict")).ToContainTextAsync("320");
        await clerk.GetByLabel("设施产权", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "居民委员会" });

        await facility.GetByLabel("进展状态").SelectOptionAsync(new SelectOptionValue { Label = "已完成" });
        await facility.GetByLabel("说明", new() { Exact = true }).FillAsync("改造后面积320平方米。");
        var culture = Requirement(clerk, "FW-1");
        await culture.GetByLabel("进展状态").SelectOptionAsync(new SelectOptionValue { Label = "进行中" });
        await culture.GetByLabel("说明", new() { Exact = true }).FillAsync("居民公约修订稿已公示。");

        // Two photos, each with its own progress bar, both complete.
        await culture.GetByLabel("添加照片或文件（FW-1）").SetInputFilesAsync(
        [
            new FilePayload { Name = "公约公示.png", MimeType = "image/png", Buffer = photoA },
            new FilePayload { Name = "议事会.png", MimeType = "image/png", Buffer = photoB },
        ]);
        foreach (var name in new[] { "公约公示.png", "议事会.png" })
        {
            var bar = clerk.GetByRole(AriaRole.Progressbar, new() { Name = $"上传进度：{name}" });
            await Expect(bar).ToHaveJSPropertyAsync("value", 100);
            await Expect(bar).ToHaveJSPropertyAsync("max", 100);
            await Expect(clerk.Locator("li", new() { Has = bar })).ToContainTextAsync("已上传");
        }
        await Expect(clerk.Locator("#evidence-list").GetByRole(AriaRole.Link)).ToHaveCountAsync(2);

        // A figure the server refuses: its message appears next to the field, and nothing is saved.
        var funds = clerk.GetByLabel("本月使用资金（元）");
        await funds.FillAsync("1234.567");
        await Expect(funds).ToHaveAttributeAsync("aria-invalid", "true"); // the live preview already points at it
        await Expect(clerk.Locator("#preview-status")).ToContainTextAsync("需要更正");
        var submit = clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" });
        await submit.ClickAsync();
        await Expect(funds).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(funds).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("最多保留两位小数"));
        await Expect(clerk.Locator("#f-fundsSpent + .field-error")).ToContainTextAsync("最多保留两位小数");
        await AssertNoReportAsync(tianyuan);

        await funds.FillAsync("1234.56");
        await Expect(funds).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await submit.ClickAsync();
        var saved = clerk.Locator("#submit-result");
        await Expect(saved).ToContainTextAsync("已保存");
        await Expect(saved).ToContainTextAsync("第 1 版");
        await Expect(saved).ToContainTextAsync("按时报送");
        await Expect(clerk.Locator("#months li", new() { HasText = "2026年9月" }).Locator(".chip")).ToHaveTextAsync("按时");

        await PageTools.AxeAsync(clerk, output);
        output.WriteLine(await PageTools.ScreenshotAsync(clerk, "clerk-phone"));
        AssertOnlyExpectedRefusalsLogged(clerkWatch, ClerkRefusal);

        // 3. Staff at an office screen, signed in by their own link.
        var staffToken = await _app.IssueTokenAsync("staff");
        await using var staffContext = await NewContextAsync(Viewports.Desktop);
        var staffWatch = await PageWatch.AttachAsync(staffContext);
        var staff = await staffContext.NewPageAsync();
        await OpenSignInLinkAsync(staff, SignInLink(staffToken), "workbench.html");
        var strip = staff.GetByRole(AriaRole.List, new() { Name = $"{Community}的月度报送" });
        await Expect(strip.GetByText("2026年9月：按时")).ToBeAttachedAsync();
        await PageTools.AxeAsync(staff, output);
        output.WriteLine(await PageTools.ScreenshotAsync(staff, "workbench-desktop"));

        // The thumbnails and downloads are links signed with the app's clock and checked by storage
        // against its own, so from here on the app's clock is storage's (the stored report keeps the
        // fixed clock's dates).
        _app.ClockToStorageTime();
        await staff.GetByRole(AriaRole.Link, new() { Name = Community, Exact = true }).ClickAsync();
        await staff.WaitForURLAsync("**/api/app/assignment.html?id=*");
        foreach (var name in new[] { "公约公示.png", "议事会.png" })
        {
            // Shown as a picture, not a broken-image box: the browser decoded what the link served.
            var thumbnail = staff.GetByRole(AriaRole.Img, new() { Name = name });
            await Expect(thumbnail).ToBeVisibleAsync();
            await staff.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await thumbnail.ElementHandleAsync());
        }
        await staff.GetByRole(AriaRole.Button, new() { Name = "查看9月报告" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "2026年9月月度进展" })).ToBeVisibleAsync();
        await PageTools.AxeAsync(staff, output);
        output.WriteLine(await PageTools.ScreenshotAsync(staff, "assignment-desktop"));
        await staff.GetByLabel("退回原因").FillAsync(ReturnReason);
        await staff.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
        await Expect(staff.Locator("#report")).ToContainTextAsync("已退回2026年9月第 1 版");
        await Expect(staff.Locator("#months")).ToContainTextAsync($"退回原因：{ReturnReason}");

        // Each photo through its download link, bytes as uploaded.
        foreach (var (name, bytes) in new[] { ("公约公示.png", photoA), ("议事会.png", photoB) })
        {
            var download = staff.GetByRole(AriaRole.Link, new() { Name = $"下载 {name}" });
            await Expect(download).ToBeVisibleAsync();
            Assert.Equal("noreferrer noopener", await download.GetAttributeAsync("rel"));
            var fetched = await staffContext.APIRequest.GetAsync((await download.GetAttributeAsync("href"))!);
            Assert.Equal(200, fetched.Status);
            Assert.Equal(bytes, await fetched.BodyAsync());
        }
        AssertOnlyExpectedRefusalsLogged(staffWatch, NoEvaluationYet);

        // 4. The clerk reloads: the month is returned with the reason, the form opens it, version 2 clears it.
        await clerk.ReloadAsync();
        var september = clerk.Locator("#months li", new() { HasText = "2026年9月" });
        await Expect(september.Locator(".chip")).ToHaveTextAsync("退回待改");
        await Expect(september).ToContainTextAsync($"退回原因：{ReturnReason}");
        await Expect(clerk.GetByLabel("填报月份")).ToHaveValueAsync(Period);
        var banner = clerk.Locator("#report-banner");
        await Expect(banner).ToContainTextAsync("本月进展已被区民政局退回修改");
        await Expect(banner).ToContainTextAsync(ReturnReason);
        await Expect(clerk.GetByLabel("服务中心面积（平方米）", new() { Exact = true })).ToHaveValueAsync("320");
        await Expect(clerk.Locator("#notice-list")).ToContainTextAsync(ReturnReason);

        await facility.GetByLabel("说明", new() { Exact = true }).FillAsync("改造后面积320平方米，测绘报告见附件。");
        await submit.ClickAsync();
        await Expect(saved).ToContainTextAsync("已保存");
        await Expect(saved).ToContainTextAsync("第 2 版");
        await Expect(september.Locator(".chip")).Not.ToHaveTextAsync("退回待改");
        await Expect(september).Not.ToContainTextAsync("退回原因");
        await Expect(clerk.Locator("#versions")).ToContainTextAsync($"已退回：{ReturnReason}");
        AssertOnlyExpectedRefusalsLogged(clerkWatch, ClerkRefusal);

        // 5. Staff record the evaluation on the assignment page.
        await staff.ReloadAsync();
        await Expect(staff.Locator("#months")).Not.ToContainTextAsync("退回原因");
        var evaluation = staff.Locator("#evaluation");
        await Expect(evaluation.GetByRole(AriaRole.Button, new() { Name = "保存验收结果" })).ToBeVisibleAsync();
        foreach (var requirement in new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" })
        {
            var group = evaluation.GetByRole(AriaRole.Group, new() { Name = requirement });
            await group.GetByLabel("通过", new() { Exact = true }).CheckAsync();
            await group.GetByRole(AriaRole.Textbox).FillAsync("现场核验属实。");
        }
        await evaluation.GetByLabel("完成日期").FillAsync("2026-09-30");
        await evaluation.GetByLabel("验收日期").FillAsync("2026-10-05");
        await evaluation.GetByLabel("验收人").FillAsync("王科长");
        await evaluation.GetByLabel("典型经验", new() { Exact = true }).FillAsync("以居民议事会推动设施改造。");
        await evaluation.GetByRole(AriaRole.Button, new() { Name = "保存验收结果" }).ClickAsync();
        await Expect(evaluation).ToContainTextAsync("验收记录已保存（第 1 版）");
        await Expect(evaluation).ToContainTextAsync("全部通过");
        await PageTools.AxeAsync(staff, output);
        AssertOnlyExpectedRefusalsLogged(staffWatch, NoEvaluationYet);

        var stored = await _app.JsonAsync(HttpMethod.Get, $"assignments/{Uri.EscapeDataString(tianyuan)}/evaluation");
        Assert.Equal("王科长", stored.GetProperty("current").GetProperty("evaluator").GetString());
    }

    [Fact]
    public async Task The_other_pages_show_a_reported_month_at_the_screen_sizes_they_are_made_for()
    {
        var (tianyuan, _) = await _app.Import2026Async();
        var unitToken = await _app.IssueUnitTokenAsync(Unit);
        using (var put = await _app.SendAsync(HttpMethod.Put, $"assignments/{Uri.EscapeDataString(tianyuan)}/reports/{Period}", JsonContent.Create(new
        {
            summary = "完成党群服务中心改造设计。",
            fundsSpent = 1234.56m,
            metrics = new { households = 800, centreArea = 320, facilityOwner = "居民委员会" },
            progress = new[] { new { requirement = "FW-2", status = "done" } },
        }), unitToken.Token))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var staffToken = await _app.IssueTokenAsync("staff");

        // The clerk's form on an office computer.
        await using (var context = await NewContextAsync(Viewports.Desktop))
        {
            var watch = await PageWatch.AttachAsync(context);
            var page = await context.NewPageAsync();
            await OpenSignInLinkAsync(page, SignInLink(unitToken), "clerk.html");
            await page.GetByLabel("填报月份").SelectOptionAsync(Period);
            await Expect(page.Locator("#report-banner")).ToContainTextAsync("本月已报送第 1 版");
            await Expect(Requirement(page, "FW-2").Locator(".verdict .chip")).ToHaveTextAsync("达标");
            await PageTools.AxeAsync(page, output);
            output.WriteLine(await PageTools.ScreenshotAsync(page, "clerk-desktop"));
            watch.AssertClean();
        }

        // The workbench on a phone: the year's assignments still readable, the month strip there.
        await using (var context = await NewContextAsync(Viewports.Phone))
        {
            var watch = await PageWatch.AttachAsync(context);
            var page = await context.NewPageAsync();
            await OpenSignInLinkAsync(page, SignInLink(staffToken), "workbench.html");
            await Expect(page.GetByRole(AriaRole.List, new() { Name = $"{Community}的月度报送" }).GetByText("2026年9月：按时")).ToBeAttachedAsync();
            await PageTools.AxeAsync(page, output);
            output.WriteLine(await PageTools.ScreenshotAsync(page, "workbench-phone"));
            watch.AssertClean();
        }

        await using (var context = await NewContextAsync(Viewports.Desktop))
        {
            var watch = await PageWatch.AttachAsync(context);
            var page = await context.NewPageAsync();
            await OpenSignInLinkAsync(page, SignInLink(staffToken), "workbench.html");

            // Documents: September's dispatch compiled from the page, the reported month in it.
            await page.GotoAsync(_app.Page("documents.html"));
            await Expect(page.GetByLabel("月份", new() { Exact = true })).ToHaveValueAsync(Period);
            await page.Locator("#dispatch-form").GetByRole(AriaRole.Button, new() { Name = "编制 / 重新编制" }).ClickAsync();
            var dispatch = page.Locator("#dispatch");
            await Expect(dispatch.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(dispatch.GetByRole(AriaRole.Row, new() { Name = Community })).ToContainTextAsync("按时");
            await PageTools.AxeAsync(page, output);
            output.WriteLine(await PageTools.ScreenshotAsync(page, "documents-desktop"));

            // Tokens: both issued tokens listed, the one in use marked.
            await page.GotoAsync(_app.Page("tokens.html"));
            await Expect(page.Locator("#list").GetByRole(AriaRole.Row, new() { Name = "测试联络员" })).ToContainTextAsync(Unit);
            await Expect(page.Locator("#list")).ToContainTextAsync("当前登录");
            await PageTools.AxeAsync(page, output);
            output.WriteLine(await PageTools.ScreenshotAsync(page, "tokens-desktop"));

            // Notices: the unit's notices with their delivery state (the dispatch sent one).
            await page.GotoAsync(_app.Page("notices.html"));
            await Expect(page.Locator("#status")).ToContainTextAsync("条通知");
            await PageTools.AxeAsync(page, output);
            output.WriteLine(await PageTools.ScreenshotAsync(page, "notices-desktop"));

            // Import: a table with a bad row is refused and the row is named.
            await page.GotoAsync(_app.Page("import.html"));
            await page.GetByLabel("项目年度").SelectOptionAsync("2026");
            await page.GetByLabel("资金分配表文件（CSV 或 XLSX）").SetInputFilesAsync(new FilePayload
            {
                Name = "分配表.csv",
                MimeType = "text/csv",
                Buffer = System.Text.Encoding.UTF8.GetBytes("序号,责任单位,承接项目社区,分配金额,开始日期\n1,罕台镇,田园社区,15万元,2026-01-01\n2,兴胜街道办事处,新园社区,十万,2026-01-01\n"),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "未导入" })).ToBeVisibleAsync();
            await Expect(page.Locator("#result").GetByRole(AriaRole.Row, new() { Name = "第 3 行" })).ToContainTextAsync("分配金额");
            await PageTools.AxeAsync(page, output);
            output.WriteLine(await PageTools.ScreenshotAsync(page, "import-desktop"));
            AssertOnlyExpectedRefusalsLogged(watch, ImportRefusal);
        }
    }

    /// <summary>
    /// Opens an issued sign-in link as a scanned QR code does and waits until the page has moved on
    /// to <paramref name="rolePage"/>; fails with what the page says and where it is otherwise.
    /// The address is polled (an expect), not awaited as a navigation: the sign-in page rewrites its
    /// address and then replaces itself, and a navigation that commits between reading the address
    /// and starting the wait would otherwise be missed.
    /// </summary>
    private static async Task OpenSignInLinkAsync(IPage page, string link, string rolePage)
    {
        await PageTools.NavigateAsync(() => page.GotoAsync(link, PageTools.ScriptMovesOn));
        try
        {
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/api/app/" + System.Text.RegularExpressions.Regex.Escape(rolePage) + "$"));
        }
        catch (PlaywrightException)
        {
            var said = await page.Locator("#status").AllInnerTextsAsync();
            Assert.Fail($"The sign-in link did not lead to {rolePage}; the page is {page.Url} and says: {string.Join(" ", said)}");
        }
    }

    private static string SignInLink(IssuedToken issued) => issued.Answer.GetProperty("signInUrl").GetString()!;

    /// <summary>A requirement's card on the clerk's form (a region named by its heading, e.g. "FW-2 …").</summary>
    private static ILocator Requirement(IPage page, string id) =>
        page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{id} ") });

    private async Task AssertNoReportAsync(string assignment)
    {
        using var response = await _app.SendAsync(HttpMethod.Get, $"assignments/{Uri.EscapeDataString(assignment)}/reports/{Period}");
        Assert.Equal(404, (int)response.StatusCode);
    }

    /// <summary>
    /// A browser context whose script clock reads the app's clock, so the pages' "today" (date
    /// defaults, year pickers) matches what the app decides; timers keep running.
    /// </summary>
    private async Task<IBrowserContext> NewContextAsync(ViewportSize viewport)
    {
        var context = await fixture.NewContextAsync(viewport);
        await context.Clock.SetFixedTimeAsync(_app.Clock.GetUtcNow().UtcDateTime);
        return context;
    }

    /// <summary>
    /// No CSP violation and no script error; the console may only carry the browser's own line for
    /// a request answered with a refusal the flow expects (<paramref name="expected"/>: e.g. the 400
    /// of the wrong figure).
    /// </summary>
    private void AssertOnlyExpectedRefusalsLogged(PageWatch watch, params string[] expected)
    {
        watch.AssertNoCspViolation();
        var unexpected = watch.Errors.Where(e => !expected.Any(x => System.Text.RegularExpressions.Regex.IsMatch(e, x))).ToList();
        Assert.True(unexpected.Count == 0, "The page reported errors:\n" + string.Join("\n", unexpected) + "\nThe app's errors:\n" + _app.Errors);
    }
}
