using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// A plain HTML form, with no script, as a browser posts it: the token in the hidden field
/// access_token, POST instead of PUT, and a Chinese page back when the browser asks for HTML.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FormPostTests(AzuriteServer azurite) : IAsyncLifetime
{
    // What Chromium sends when it navigates after a form submit.
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    // 2026-11-01 10:00 Beijing: October's report is due 2026-11-05, so it is on time.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;
    private string _tianyuan = "";
    private string _hantai = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite, clock: _clock);
        (_tianyuan, _) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string ReportPath => $"assignments/{_tianyuan}/reports/2026-10";

    /// <summary>The report form's fields in the order a page puts them: the token first.</summary>
    private static List<KeyValuePair<string, string>> ReportFields(string? token, string funds = "20000", string? returnTo = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (token is not null)
        {
            fields.Add(new("access_token", token));
        }
        if (returnTo is not null)
        {
            fields.Add(new("return_to", returnTo));
        }
        fields.AddRange([
            new("summary", "完成服务设施改造设计"),
            new("fundsSpent", funds),
            new("progress[0].requirement", "FW-2"),
            new("progress[0].status", "in_progress"),
            new("metrics.households", "800"),
        ]);
        return fields;
    }

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "file", name);
        }
        return form;
    }

    /// <summary>A POST with no Authorization header, as a form makes it.</summary>
    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, string? accept = null)
    {
        var request = _app.Request(HttpMethod.Post, path, token: null);
        request.Content = content;
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return await _app.Client.SendAsync(request);
    }

    private async Task<int> EvidenceBlobCountAsync()
    {
        var container = _app.Container(StorageNames.EvidenceContainer);
        if (!await container.ExistsAsync())
        {
            return 0;
        }
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }
        return count;
    }

    private async Task AssertNoReportAsync()
    {
        using var read = await _app.SendAsync(HttpMethod.Get, ReportPath);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task A_urlencoded_post_with_the_token_field_saves_the_report_and_answers_json()
    {
        using var response = await PostAsync(ReportPath, new FormUrlEncodedContent(ReportFields(_hantai)), "application/json");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        var report = JsonDocument.Parse(text).RootElement;
        Assert.Equal(1, report.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal("完成服务设施改造设计", report.GetProperty("current").GetProperty("summary").GetString());
        // The token field is the transport's: it is not a report field, nor stored as one.
        Assert.DoesNotContain("access_token", text);
        var read = await _app.JsonAsync(HttpMethod.Get, ReportPath);
        Assert.Equal("按时", read.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_browser_form_post_gets_a_chinese_page_saying_what_was_saved_with_the_pages_security_headers()
    {
        using var response = await PostAsync(ReportPath, new FormUrlEncodedContent(ReportFields(_hantai, returnTo: "/api/app/clerk.html?month=2026-10")), BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("已保存", html);
        Assert.Contains("2026年10月的月度进展已保存，第 1 版，按时报送。", html);
        Assert.Contains("href=\"/api/app/clerk.html?month=2026-10\"", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task A_refused_field_is_listed_on_the_page_with_its_message_and_nothing_is_written()
    {
        using var response = await PostAsync(ReportPath, new FormUrlEncodedContent(ReportFields(_hantai, funds: "两万<b>", returnTo: "//evil.example/phish")), BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("未保存", html);
        Assert.Contains("<code>fundsSpent</code>", html);
        Assert.Contains("本月支出金额（元）", html);
        // Everything sent back is escaped, and a link elsewhere is never offered.
        Assert.Contains("两万&lt;b&gt;", html);
        Assert.DoesNotContain("两万<b>", html);
        Assert.DoesNotContain("evil.example", html);
        Assert.Contains("href=\"/api/app/\"", html);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        await AssertNoReportAsync();
    }

    [Fact]
    public async Task A_multipart_report_with_the_token_first_and_a_photo_attaches_the_photo_as_evidence()
    {
        var photo = EvidenceFiles.Jpeg(64 * 1024, seed: 7);
        using var response = await PostAsync(ReportPath, Multipart(ReportFields(_hantai), ("现场照片.jpg", photo)), BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("已保存", html);
        Assert.Contains("现场照片", html);

        var evidence = await _app.ItemsAsync($"assignments/{_tianyuan}/evidence");
        var item = Assert.Single(evidence.EnumerateArray());
        Assert.Equal(EvidenceFiles.Sha256(photo), item.GetProperty("sha256").GetString());
        Assert.Equal("2026-10", item.GetProperty("period").GetString());
    }

    [Fact]
    public async Task A_wrong_token_in_a_multipart_form_is_401_and_neither_the_report_nor_the_photo_is_stored()
    {
        var photo = EvidenceFiles.Jpeg(64 * 1024, seed: 8);
        using var response = await PostAsync(ReportPath, Multipart(ReportFields("dsg_0123456789ab_notarealsecret"), ("现场照片.jpg", photo)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, await EvidenceBlobCountAsync());
        await AssertNoReportAsync();

        // The same for a browser: a page saying so, still 401; and a form with no token at all.
        using var page = await PostAsync(ReportPath, Multipart(ReportFields("dsg_0123456789ab_notarealsecret"), ("现场照片.jpg", photo)), BrowserAccept);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("未保存", await page.Content.ReadAsStringAsync());
        using var none = await PostAsync(ReportPath, Multipart(ReportFields(null), ("现场照片.jpg", photo)));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(0, await EvidenceBlobCountAsync());
    }

    [Fact]
    public async Task A_token_after_the_file_part_is_not_looked_for_and_nothing_is_stored()
    {
        var form = Multipart(ReportFields(null), ("现场照片.jpg", EvidenceFiles.Jpeg(seed: 9)));
        form.Add(new StringContent(_hantai), "access_token");
        using var response = await PostAsync(ReportPath, form);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await EvidenceBlobCountAsync());
        await AssertNoReportAsync();
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_refused_even_with_a_good_header_and_nothing_is_written()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, ReportPath + "?access_token=" + Uri.EscapeDataString(_hantai),
            new FormUrlEncodedContent(ReportFields(null)), _hantai);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("token_in_query", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("access_token", out _));
        await AssertNoReportAsync();

        using var get = await _app.SendAsync(HttpMethod.Get, "me?access_token=" + Uri.EscapeDataString(_hantai), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
    }

    [Fact]
    public async Task An_evaluation_form_with_a_stale_ifMatch_field_is_412_and_the_current_one_revises()
    {
        var report = new { summary = "综合服务设施改造完成", fundsSpent = 50000m, metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true } };
        await _app.JsonAsync(HttpMethod.Put, ReportPath, JsonContent.Create(report), _hantai, expect: 201);

        List<KeyValuePair<string, string>> Evaluation(string? ifMatch, string evaluator)
        {
            var fields = new List<KeyValuePair<string, string>> { new("access_token", TestApp.StaffToken) };
            if (ifMatch is not null)
            {
                fields.Add(new("ifMatch", ifMatch));
            }
            fields.AddRange([new("completedOn", "2026-11-01"), new("evaluatedOn", "2026-11-01"), new("evaluator", evaluator)]);
            var i = 0;
            foreach (var requirement in new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" })
            {
                fields.Add(new($"results[{i}].requirement", requirement));
                fields.Add(new($"results[{i}].passed", "true"));
                fields.Add(new($"results[{i}].note", "现场查验"));
                i++;
            }
            return fields;
        }

        var path = $"assignments/{_tianyuan}/evaluation";
        using var first = await PostAsync(path, new FormUrlEncodedContent(Evaluation(null, "区民政局 李明")), "application/json");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var etag = first.Headers.ETag!.ToString();
        using var second = await PostAsync(path, new FormUrlEncodedContent(Evaluation(etag, "区民政局 王芳")), BrowserAccept);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("评估验收记录已保存，第 2 版。", await second.Content.ReadAsStringAsync());

        // The first version's tag is stale now: the form's ifMatch is checked as the header would be.
        using var stale = await PostAsync(path, new FormUrlEncodedContent(Evaluation(etag, "区民政局 赵强")), "application/json");
        var problem = JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("evaluation_stale", problem.GetProperty("code").GetString());
        var read = await _app.JsonAsync(HttpMethod.Get, path);
        Assert.Equal("区民政局 王芳", read.GetProperty("current").GetProperty("evaluator").GetString());
    }

    [Fact]
    public async Task The_allocation_table_posted_by_a_form_with_the_token_field_is_imported_and_a_page_says_so()
    {
        var csv = System.Text.Encoding.UTF8.GetBytes("序号,责任单位,承接项目社区,分配金额,开始日期\n1,罕台镇,田园社区,15万元,2027-01-01\n");
        var form = new MultipartFormDataContent { { new StringContent(TestApp.StaffToken), "access_token" } };
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "分配表.csv");

        using var response = await PostAsync("programmes/2027/allocations", form, BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2027年资金分配表已导入：新增 1 项", html);
        var assignments = await _app.ItemsAsync("programmes/2027/assignments");
        Assert.Equal("田园社区", Assert.Single(assignments.EnumerateArray()).GetProperty("community").GetString());
    }

    [Fact]
    public async Task An_application_posted_by_a_form_with_the_token_field_is_saved_and_a_page_says_so()
    {
        var fields = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["access_token"] = _hantai,
            ["taskType"] = "城乡社区服务能力提升",
            ["community"] = "田园社区",
            ["reason"] = "社区服务设施老旧，需提升服务能力",
        });

        using var response = await PostAsync("programmes/2027/applications", fields, BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("已保存", html);
        Assert.Contains("田园社区", html);
        var listed = await _app.JsonAsync(HttpMethod.Get, "programmes/2027/applications");
        var application = Assert.Single(listed.EnumerateArray());
        Assert.Equal("罕台镇", application.GetProperty("unit").GetString());
        Assert.Equal("service-capacity", application.GetProperty("taskType").GetString());
    }
}
