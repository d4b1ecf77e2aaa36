using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using DocumentFormat.OpenXml.Packaging;
using Governance.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// What a careless or hostile client can send to the HTTP edge: refused characters, bytes that
/// are not UTF-8, oversized forms and bodies, floods of unknown fields, bodies sent to a route the
/// caller may not use. Each is a 4xx problem+json that writes nothing, and text stored before the
/// text policy existed never stops the dispatch or the bulletin.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InputHygieneTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.FromHours(8)));
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

    private static Dictionary<string, object?> Report(string summary = "完成服务设施改造设计") => new()
    {
        ["summary"] = summary,
        ["problems"] = "施工队伍尚未确定",
        ["nextPlan"] = "开展招标",
        ["fundsSpent"] = 20000,
        ["progress"] = new[] { new { requirement = "FW-2", status = "in_progress", note = "设计已完成" } },
        ["metrics"] = new { households = 800, centreArea = 320, facilityOwner = "基层政府" },
    };

    private static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Json(string json) => Raw(Encoding.UTF8.GetBytes(json), "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Problem, int Bytes)> ProblemAsync(HttpMethod method, string path, HttpContent content, string? token)
    {
        using var response = await _app.SendAsync(method, path, content, token);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(bytes).RootElement.Clone(), bytes.Length);
    }

    private async Task AssertNoReportAsync() =>
        Assert.Equal(0, await EvidenceFiles.RowCountAsync(_app.Table(StorageNames.ReportsTable)));

    [Fact]
    public async Task A_refused_character_in_any_report_field_is_400_naming_the_field_whatever_the_body_kind()
    {
        var json = Report("完成\u0001设计");
        var (status, problem, _) = await ProblemAsync(HttpMethod.Put, ReportPath, JsonContent.Create(json), _hantai);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_report"), (status, problem.GetProperty("code").GetString()));
        Assert.Contains("U+0001", problem.GetProperty("errors").GetProperty("summary")[0].GetString());

        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["summary"] = "完成设计", ["fundsSpent"] = "0",
            ["progress[0].requirement"] = "FW-2", ["progress[0].status"] = "done", ["progress[0].note"] = "已\u202E完成",
        });
        (status, problem, _) = await ProblemAsync(HttpMethod.Put, ReportPath, form, _hantai);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("改变文字方向", problem.GetProperty("errors").GetProperty("progress[0].note")[0].GetString());

        var multipart = new MultipartFormDataContent
        {
            { new StringContent("完成设计"), "summary" },
            { new StringContent("0"), "fundsSpent" },
            { new StringContent("基层\uFFFF政府"), "metrics.facilityOwner" },
        };
        (status, problem, _) = await ProblemAsync(HttpMethod.Put, ReportPath, multipart, _hantai);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("U+FFFF", problem.GetProperty("errors").GetProperty("metrics.facilityOwner")[0].GetString());
        await AssertNoReportAsync();
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_400_invalid_encoding_on_every_body_reading_route()
    {
        byte[] Broken(string before, string after) =>
            Encoding.UTF8.GetBytes(before).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(after)).ToArray();
        var requests = new (HttpMethod Method, string Path, HttpContent Content, string Token)[]
        {
            (HttpMethod.Put, ReportPath, Raw(Broken("{\"summary\":\"", "\",\"fundsSpent\":0}"), "application/json"), _hantai),
            (HttpMethod.Put, ReportPath, Raw(Encoding.ASCII.GetBytes("summary=%C3%28%FF&fundsSpent=0"), "application/x-www-form-urlencoded"), _hantai),
            (HttpMethod.Put, ReportPath, Raw(Broken("--b\r\nContent-Disposition: form-data; name=\"summary\"\r\n\r\n", "\r\n--b--\r\n"), "multipart/form-data; boundary=b"), _hantai),
            (HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", Raw(Broken("{\"evaluator\":\"", "\"}"), "application/json"), TestApp.StaffToken),
            (HttpMethod.Post, "programmes/2027/applications", Raw(Broken("{\"community\":\"", "\"}"), "application/json"), _hantai),
            (HttpMethod.Post, "tokens", Raw(Broken("{\"role\":\"staff\",\"name\":\"", "\"}"), "application/json"), TestApp.StaffToken),
        };
        foreach (var (method, path, content, token) in requests)
        {
            var (status, problem, _) = await ProblemAsync(method, path, content, token);
            Assert.True(status == HttpStatusCode.BadRequest, $"{method} {path} ({content.Headers.ContentType}): {(int)status} {problem}");
            Assert.Equal("invalid_encoding", problem.GetProperty("code").GetString());
            Assert.Equal("请求内容不是有效的UTF-8文本", problem.GetProperty("title").GetString());
        }
        await AssertNoReportAsync();
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_is_400_naming_the_field_on_every_json_route()
    {
        var requests = new (HttpMethod Method, string Path, string Json, string Token, string Code, string Field)[]
        {
            (HttpMethod.Put, ReportPath, "{\"summary\":\"完成\\ud800\",\"fundsSpent\":0}", _hantai, "invalid_report", "summary"),
            (HttpMethod.Put, ReportPath, "{\"summary\":\"完成\",\"fundsSpent\":0,\"progress\":[{\"requirement\":\"FW-2\",\"status\":\"done\",\"note\":\"\\udfff\"}]}", _hantai, "invalid_report", "progress[0].note"),
            (HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", "{\"evaluator\":\"张\\ud800\"}", TestApp.StaffToken, "invalid_evaluation", "evaluator"),
            (HttpMethod.Post, "programmes/2027/applications", "{\"taskType\":\"service-capacity\",\"community\":\"田园社区\",\"reason\":\"\\ud83d\"}", _hantai, "invalid_application", "reason"),
            (HttpMethod.Post, "tokens", "{\"role\":\"staff\",\"name\":\"\\udc00\"}", TestApp.StaffToken, "invalid_token_request", "name"),
        };
        foreach (var (method, path, json, token, code, field) in requests)
        {
            var (status, problem, _) = await ProblemAsync(method, path, Json(json), token);
            Assert.True(status == HttpStatusCode.BadRequest, $"{method} {path}: {(int)status} {problem}");
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Contains("代理项", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        }
        await AssertNoReportAsync();
    }

    [Fact]
    public async Task Evaluation_and_application_text_fields_follow_the_text_policy()
    {
        var (status, problem, _) = await ProblemAsync(HttpMethod.Put, $"assignments/{_tianyuan}/evaluation",
            JsonContent.Create(new { completedOn = "2026-09-30", evaluatedOn = "2026-10-01", evaluator = "张\u0007三", results = new[] { new { requirement = "FW-2", passed = true, note = "\u202E通过" } } }),
            TestApp.StaffToken);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_evaluation"), (status, problem.GetProperty("code").GetString()));
        Assert.Contains("U+0007", problem.GetProperty("errors").GetProperty("evaluator")[0].GetString());
        Assert.Contains(problem.GetProperty("errors").GetProperty("results[0].note").EnumerateArray(), m => m.GetString()!.Contains("改变文字方向"));

        (status, problem, _) = await ProblemAsync(HttpMethod.Post, "programmes/2027/applications",
            JsonContent.Create(new { taskType = "service-capacity", community = "田园\u0000社区", reason = "基础好" }), _hantai);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_application"), (status, problem.GetProperty("code").GetString()));
        Assert.Contains("U+0000", problem.GetProperty("errors").GetProperty("community")[0].GetString());
        Assert.Equal(0, await EvidenceFiles.RowCountAsync(_app.Table(StorageNames.EvaluationsTable)));
        Assert.Equal(0, await EvidenceFiles.RowCountAsync(_app.Table(StorageNames.ApplicationsTable)));
    }

    [Fact]
    public async Task Form_limits_are_400_too_many_fields_and_413_request_too_large_not_500()
    {
        var many = string.Join("&", Enumerable.Range(0, 1025).Select(i => $"f{i}=1"));
        var (status, problem, _) = await ProblemAsync(HttpMethod.Put, ReportPath, Raw(Encoding.ASCII.GetBytes(many), "application/x-www-form-urlencoded"), _hantai);
        Assert.Equal((HttpStatusCode.BadRequest, "too_many_fields"), (status, problem.GetProperty("code").GetString()));
        Assert.Equal("表单字段过多", problem.GetProperty("title").GetString());

        var huge = "summary=" + new string('a', 5 * 1024 * 1024) + "&fundsSpent=0";
        (status, problem, _) = await ProblemAsync(HttpMethod.Put, ReportPath, Raw(Encoding.ASCII.GetBytes(huge), "application/x-www-form-urlencoded"), _hantai);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "request_too_large"), (status, problem.GetProperty("code").GetString()));
        Assert.Contains("256 KB", problem.GetProperty("detail").GetString());

        var multipart = new MultipartFormDataContent();
        for (var i = 0; i < 1025; i++)
        {
            multipart.Add(new StringContent("1"), $"f{i}");
        }
        (status, problem, _) = await ProblemAsync(HttpMethod.Put, ReportPath, multipart, _hantai);
        Assert.Equal((HttpStatusCode.BadRequest, "too_many_fields"), (status, problem.GetProperty("code").GetString()));
        await AssertNoReportAsync();
    }

    [Fact]
    public async Task Bodies_without_files_are_refused_413_past_256_KB_whether_declared_or_chunked_and_files_still_get_through()
    {
        var big = JsonSerializer.SerializeToUtf8Bytes(Report(new string('长', 100_000)));
        Assert.True(big.Length > 256 * 1024);
        var requests = new (HttpMethod Method, string Path, Func<HttpContent> Content, string Token)[]
        {
            (HttpMethod.Put, ReportPath, () => Raw(big, "application/json"), _hantai),
            (HttpMethod.Put, ReportPath, () => new UnknownLengthContent(big, "application/json"), _hantai),
            (HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", () => new UnknownLengthContent(big, "application/json"), TestApp.StaffToken),
            (HttpMethod.Post, "programmes/2027/applications", () => Raw(big, "application/json"), _hantai),
            (HttpMethod.Post, "tokens", () => new UnknownLengthContent(big, "application/json"), TestApp.StaffToken),
        };
        foreach (var (method, path, content, token) in requests)
        {
            var (status, problem, _) = await ProblemAsync(method, path, content(), token);
            Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"{method} {path}: {(int)status} {problem}");
            Assert.Equal("request_too_large", problem.GetProperty("code").GetString());
        }
        await AssertNoReportAsync();

        // A report with a 400 KB photo, and an evidence upload of one, still get the files' limit.
        var photo = EvidenceFiles.Jpeg(400 * 1024);
        var withFile = new MultipartFormDataContent
        {
            { new StringContent("完成设计"), "summary" },
            { new StringContent("0"), "fundsSpent" },
            { new ByteArrayContent(photo), "file", "现场.jpg" },
        };
        await _app.JsonAsync(HttpMethod.Put, ReportPath, withFile, _hantai, expect: 201);
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence",
            EvidenceFiles.Form("FW-2", "2026-10", ("照片.jpg", EvidenceFiles.Jpeg(300 * 1024, seed: 9))), _hantai, expect: 201);
    }

    [Fact]
    public async Task Ten_thousand_unknown_fields_get_a_small_answer_that_says_how_many_more_there_were()
    {
        // A larger body limit, so the flood reaches the field checks instead of the size check.
        await using var roomy = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Requests:MaxBodyBytes"] = "4194304" }, _clock);
        var (tianyuan, _) = await roomy.Import2026Async();
        var hantai = await roomy.IssueUnitTokenAsync("罕台镇");
        var body = Report();
        for (var i = 0; i < 10_000; i++)
        {
            body[$"x{i:D5}_unknown_field_with_a_rather_long_name_and_padding_padding"] = "x";
        }
        var request = JsonSerializer.SerializeToUtf8Bytes(body);
        Assert.True(request.Length > 700_000);

        using var response = await roomy.SendAsync(HttpMethod.Put, $"assignments/{tianyuan}/reports/2026-10", Raw(request, "application/json"), hantai);
        var answer = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(answer.Length < 8 * 1024, $"{answer.Length} bytes");
        var problem = JsonDocument.Parse(answer).RootElement;
        Assert.Equal("invalid_report", problem.GetProperty("code").GetString());
        Assert.Contains("另有9980处错误未列出", problem.GetProperty("detail").GetString());
        Assert.Contains("另有9980处错误未列出", problem.GetProperty("errors").GetProperty("_more")[0].GetString());
        Assert.Equal(21, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(0, await EvidenceFiles.RowCountAsync(roomy.Table(StorageNames.ReportsTable)));
    }

    [Fact]
    public async Task The_role_is_checked_before_the_body_is_read()
    {
        var malformed = Encoding.ASCII.GetBytes(new string('{', 1024 * 1024));
        var (status, problem, _) = await ProblemAsync(HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", Raw(malformed, "application/json"), _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.NotEqual("invalid_json", problem.GetProperty("code").GetString());

        (status, _, _) = await ProblemAsync(HttpMethod.Post, "programmes/2027/applications", new UnknownLengthContent(malformed, "application/json"), TestApp.StaffToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _, _) = await ProblemAsync(HttpMethod.Post, "programmes/2027/applications", Raw(Encoding.ASCII.GetBytes("{not json"), "application/json"), TestApp.StaffToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _, _) = await ProblemAsync(HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", Raw(Encoding.ASCII.GetBytes("{not json"), "application/json"), _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _, _) = await ProblemAsync(HttpMethod.Post, "tokens", Raw(malformed, "application/json"), _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task The_dispatch_and_the_bulletin_still_run_after_a_report_with_a_control_character_was_stored_by_the_previous_version()
    {
        // Stored the way the previous version stored what it accepted: the report's content JSON
        // (escaped by the app's JSON writer) with U+0001, U+202E and U+FFFF in its text, written
        // straight into both tables, bypassing today's API.
        await _app.JsonAsync(HttpMethod.Put, ReportPath, JsonContent.Create(Report("MARKER_SUMMARY")), _hantai, expect: 201);
        var patched = 0;
        foreach (var table in new[] { _app.Table(StorageNames.ReportsTable), _app.Table(StorageNames.ReportsByMonthTable) })
        {
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                if (entity.GetString("Content") is { } content && content.Contains("MARKER_SUMMARY", StringComparison.Ordinal))
                {
                    entity["Content"] = content
                        .Replace("MARKER_SUMMARY", "完成\\u0001设计\\u202E倒序\\uFFFF", StringComparison.Ordinal)
                        .Replace("施工队伍尚未确定", "施工\\u0008队伍", StringComparison.Ordinal);
                    await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
                    patched++;
                }
            }
        }
        Assert.True(patched >= 2, $"patched {patched} rows");
        var stored = await _app.JsonAsync(HttpMethod.Get, ReportPath);
        Assert.Equal("完成\u0001设计\u202E倒序\uFFFF", stored.GetProperty("current").GetProperty("summary").GetString());

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 10, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10");
        var workbook = await Documents.DownloadAsync(_app, "dispatch/2026-10/dispatch-2026-10.xlsx");
        Assert.Empty(Documents.SchemaErrors(workbook, word: false));
        var texts = Documents.Cells(workbook, out _, out _).Values.SelectMany(r => r).ToList();
        Assert.Contains("完成设计倒序", texts);
        Assert.Contains("施工队伍", texts);
        var html = Encoding.UTF8.GetString(await Documents.DownloadAsync(_app, "dispatch/2026-10/dispatch-2026-10.html"));
        Assert.Contains("完成设计倒序", html);
        Assert.DoesNotContain('\u0001', html);
        Assert.DoesNotContain('\u202E', html);

        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 10, 10, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Post, "jobs/bulletin/run?period=2026-Q4");
        var docx = await Documents.DownloadAsync(_app, "bulletin/2026-Q4/bulletin-2026-Q4.docx");
        Assert.Empty(Documents.SchemaErrors(docx, word: true));
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        Assert.DoesNotContain('\u0001', doc.MainDocumentPart!.Document!.InnerText);
    }

    /// <summary>A body sent chunked, with no Content-Length for the server to check first.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes, string contentType)
        {
            _bytes = bytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
