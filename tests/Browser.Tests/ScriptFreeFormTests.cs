using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Governance.Browser.Tests;

/// <summary>
/// The most basic client there is: a plain HTML file with a form and no script, opened from disk in
/// Chromium with JavaScript switched off, posting a monthly report (月度进展) with a photo. The
/// person sees a Chinese confirmation page; the report and the photo are really stored.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ScriptFreeFormTests(BrowserFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string ExamplePath = "docs/examples/report-form.html";

    private BrowserApp _app = null!;
    private string _tianyuan = "";
    private IssuedToken _hantai = null!;
    private string _folder = "";

    public async Task InitializeAsync()
    {
        // 2026-10-05 12:00 Beijing: September's report is due today, so it is on time.
        _app = await BrowserApp.StartAsync(fixture);
        (_tianyuan, _) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
        _folder = Directory.CreateTempSubdirectory("report-form-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_script_free_form_opened_from_disk_submits_a_report_with_a_photo_and_shows_the_chinese_confirmation()
    {
        var action = _app.Api($"assignments/{_tianyuan}/reports/2026-09");
        var file = Path.Combine(_folder, "report-form.html");
        await File.WriteAllTextAsync(file, FormFor(action, _hantai.Token));
        var photo = TestImages.Png(64, 48, seed: 3);

        await using var context = await fixture.NewContextAsync(Viewports.Phone, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        Assert.StartsWith("file://", page.Url);
        await FillAsync(page, "summary", "活动室改造完成，居民议事会已召开");
        await FillAsync(page, "fundsSpent", "35000.00");
        await FillAsync(page, "progress[0].requirement", "FW-4");
        await FillAsync(page, "progress[0].status", "done");
        await FillAsync(page, "progress[0].note", "已验收");
        await page.Locator("input[type=file][name=file]").SetInputFilesAsync(new FilePayload { Name = "活动室照片.png", MimeType = "image/png", Buffer = photo });

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.Locator("form [type=submit]").First.ClickAsync(),
            r => r.Request.Method == "POST" && r.Url == action);

        Assert.True(answer.Status == 201, $"The form post was answered {answer.Status}, not 201 Created.");
        await page.WaitForURLAsync(action);
        Assert.Equal(action, page.Url);
        Assert.StartsWith("text/html", (await answer.AllHeadersAsync())["content-type"]);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("已保存");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("2026年9月");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("活动室照片.png");
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        await PageTools.AxeCopyAsync(fixture, answer, Viewports.Phone, output);
        await PageTools.ScreenshotAsync(page, "form-saved-phone");

        var report = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-09", token: _hantai.Token);
        Assert.Equal("按时", report.GetProperty("state").GetString());
        Assert.Equal(1, report.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal("活动室改造完成，居民议事会已召开", report.GetProperty("current").GetProperty("summary").GetString());
        Assert.Equal(35000m, report.GetProperty("current").GetProperty("fundsSpent").GetDecimal());

        // The photo, downloaded by staff through its link, is byte for byte what the clerk attached.
        _app.ClockToStorageTime();
        var evidence = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evidence");
        var item = Assert.Single(evidence.GetProperty("items").EnumerateArray());
        Assert.Equal("活动室照片.png", item.GetProperty("fileName").GetString());
        Assert.Equal("2026-09", item.GetProperty("period").GetString());
        using var http = new HttpClient();
        using var download = await http.GetAsync(item.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_refused_form_post_shows_the_chinese_refusal_naming_the_field_and_stores_nothing()
    {
        var action = _app.Api($"assignments/{_tianyuan}/reports/2026-09");
        var file = Path.Combine(_folder, "report-form.html");
        await File.WriteAllTextAsync(file, FormFor(action, _hantai.Token));

        await using var context = await fixture.NewContextAsync(Viewports.Phone, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await FillAsync(page, "summary", "活动室改造完成");
        await FillAsync(page, "fundsSpent", "很多");
        await page.Locator("input[type=file][name=file]").SetInputFilesAsync(new FilePayload { Name = "照片.png", MimeType = "image/png", Buffer = TestImages.Png(seed: 4) });

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.Locator("form [type=submit]").First.ClickAsync(),
            r => r.Request.Method == "POST" && r.Url == action);

        Assert.True(answer.Status == 400, $"The refused form post was answered {answer.Status}, not 400.");
        await page.WaitForURLAsync(action);
        var headers = await answer.AllHeadersAsync();
        Assert.StartsWith("text/html", headers["content-type"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("未保存");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("fundsSpent");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("很多");
        await Assertions.Expect(page.Locator("a[href]")).Not.ToHaveCountAsync(0);
        await PageTools.AxeCopyAsync(fixture, answer, Viewports.Phone, output);
        await PageTools.ScreenshotAsync(page, "form-refused-phone");

        using var report = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-09", token: _hantai.Token);
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        var evidence = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evidence");
        Assert.Equal(0, evidence.GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// The repository's example form (docs/examples/report-form.html) pointed at this app and
    /// carrying this token, as a person edits it before use.
    /// </summary>
    private static string FormFor(string action, string token)
    {
        var example = Path.Combine(RepoRoot.Path, ExamplePath);
        var html = File.ReadAllText(example);
        html = FormAction().Replace(html, _ => $"action=\"{WebUtility.HtmlEncode(action)}\"", 1);
        html = TokenInput().Replace(html, _ => $"<input type=\"hidden\" name=\"access_token\" value=\"{WebUtility.HtmlEncode(token)}\">", 1);
        Assert.Contains(action, WebUtility.HtmlDecode(html));
        Assert.Contains(token, html);
        return html;
    }

    /// <summary>Types into a text field, or picks an option of a select, by the field's name.</summary>
    private static async Task FillAsync(IPage page, string name, string value)
    {
        var field = page.Locator($"[name=\"{name}\"]").First;
        var tag = await field.EvaluateAsync<string>("e => e.tagName");
        if (tag == "SELECT")
        {
            await field.SelectOptionAsync(value);
        }
        else
        {
            await field.FillAsync(value);
        }
    }

    [GeneratedRegex("action=\"[^\"]*\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*name=\"access_token\"[^>]*>")]
    private static partial Regex TokenInput();
}
