using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ReportTests(AzuriteServer azurite) : IAsyncLifetime
{
    // Starts 2026-10-05 12:00 Beijing, before September's due end; tests move it forward as they need.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.FromHours(8)));
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

    private static object Report(string summary = "完成服务设施改造设计", decimal funds = 20000m, int households = 800, decimal area = 320m) => new
    {
        summary,
        problems = "施工队伍尚未确定",
        nextPlan = "开展招标",
        fundsSpent = funds,
        progress = new[] { new { requirement = "FW-2", status = "in_progress", note = "设计已完成" } },
        metrics = new { households, centreArea = area, facilityOwner = "基层政府", elderlyCareStation = true },
    };

    [Fact]
    public async Task The_same_report_sent_twice_as_json_is_one_version()
    {
        // October's report is due 2026-11-05, so on 2026-11-20 it is late.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var first = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report()), _hantai, expect: 201);
        var again = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report()), _hantai, expect: 200);

        Assert.Equal(1, first.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(1, again.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(1, again.GetProperty("versions").GetArrayLength());
        Assert.Equal("逾期补报", first.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_form_post_with_the_same_fields_is_the_same_report_and_a_change_makes_version_two()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report()), _hantai, expect: 201);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["summary"] = "完成服务设施改造设计",
            ["problems"] = "施工队伍尚未确定",
            ["nextPlan"] = "开展招标",
            ["fundsSpent"] = "20000.00",
            ["progress[0].requirement"] = "FW-2",
            ["progress[0].status"] = "in_progress",
            ["progress[0].note"] = "设计已完成",
            ["metrics.households"] = "800",
            ["metrics.centreArea"] = "320",
            ["metrics.facilityOwner"] = "基层政府",
            ["metrics.elderlyCareStation"] = "true",
        });
        var same = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", form, _hantai, expect: 200);
        Assert.Equal(1, same.GetProperty("current").GetProperty("version").GetInt32());

        _clock.Advance(TimeSpan.FromHours(2));
        var changed = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report(summary: "设计完成，招标公告已发布")), _hantai, expect: 200);
        Assert.Equal(2, changed.GetProperty("current").GetProperty("version").GetInt32());

        var read = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10");
        Assert.Equal("设计完成，招标公告已发布", read.GetProperty("current").GetProperty("summary").GetString());
        var versions = read.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("完成服务设施改造设计", versions[0].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Timeliness_follows_the_due_day_in_beijing_time()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 10, 5, 23, 59, 59, TimeSpan.FromHours(8)));
        var onTime = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", JsonContent.Create(Report()), _hantai, expect: 201);
        Assert.Equal("按时", onTime.GetProperty("current").GetProperty("timeliness").GetString());

        _clock.SetUtcNow(new DateTimeOffset(2026, 10, 5, 16, 0, 0, TimeSpan.Zero)); // 2026-10-06 00:00 Beijing
        var late = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-08", JsonContent.Create(Report()), _hantai, expect: 201);
        Assert.Equal("逾期补报", late.GetProperty("current").GetProperty("timeliness").GetString());

        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}");
        var months = view.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("period").GetString()!, m => m.GetProperty("state").GetString());
        Assert.Equal("按时", months["2026-09"]);
        Assert.Equal("逾期补报", months["2026-08"]);
        Assert.Equal("未报", months["2026-07"]);
        Assert.Equal("待报", months["2026-10"]);
        Assert.False(months.ContainsKey("2026-11"));
    }

    [Fact]
    public async Task The_assignment_view_reflects_the_latest_metrics_and_cumulative_spend()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", JsonContent.Create(Report(funds: 100000m, households: 1500, area: 320m)), _hantai, expect: 201);
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report(funds: 60000.50m, households: 800, area: 320m)), _hantai, expect: 201);

        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}", token: _hantai);

        var fw2 = view.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "FW-2");
        Assert.Equal("达标", fw2.GetProperty("stateName").GetString());
        var figure = fw2.GetProperty("figures")[0];
        Assert.Equal("≥ 300.0 m²", figure.GetProperty("required").GetString());
        Assert.Equal("320 m²", figure.GetProperty("actual").GetString());
        var fw3 = view.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "FW-3");
        Assert.Equal("达标", fw3.GetProperty("stateName").GetString());

        Assert.Equal(160000.50m, view.GetProperty("cumulativeSpend").GetDecimal());
        Assert.Equal("106.7%", view.GetProperty("executionRateText").GetString());
        Assert.True(view.GetProperty("overspent").GetBoolean());
        Assert.Equal("超支", view.GetProperty("spendState").GetString());
    }

    [Fact]
    public async Task Bad_fields_are_each_named_and_nothing_is_written()
    {
        var body = new
        {
            summary = new string('进', 2001),
            fundsSpent = -5,
            progress = new[] { new { requirement = "BJ-2", status = "half", note = "" } },
            metrics = new { households = "很多", centreArea = 12.345, communityWorkers = -3 },
            colour = "red",
        };
        using var response = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(body), _hantai);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_report", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Contains("2000", errors.GetProperty("summary")[0].GetString());
        Assert.Contains("负数", errors.GetProperty("fundsSpent")[0].GetString());
        Assert.Contains("城乡社区服务能力提升", errors.GetProperty("progress[0].requirement")[0].GetString());
        Assert.True(errors.TryGetProperty("progress[0].status", out _));
        Assert.Contains("很多", errors.GetProperty("metrics.households")[0].GetString());
        Assert.Contains("两位小数", errors.GetProperty("metrics.centreArea")[0].GetString());
        Assert.True(errors.TryGetProperty("metrics.communityWorkers", out _));
        Assert.True(errors.TryGetProperty("colour", out _));

        using var read = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("2027-01", "period_out_of_range")]
    [InlineData("2025-12", "period_out_of_range")]
    [InlineData("2026-12", "period_in_future")]
    [InlineData("2026-1", "invalid_period")]
    public async Task Periods_outside_the_assignment_or_in_the_future_are_refused(string period, string code)
    {
        using var response = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/{period}", JsonContent.Create(Report()), _hantai);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("period", out _));
        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}");
        Assert.Equal(0m, view.GetProperty("cumulativeSpend").GetDecimal());
    }

    [Fact]
    public async Task Another_units_assignment_and_staff_submissions_are_refused()
    {
        using var other = await _app.SendAsync(HttpMethod.Put, $"assignments/{_xinyuan}/reports/2026-10", JsonContent.Create(Report()), _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var staff = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report()));
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        using var read = await _app.SendAsync(HttpMethod.Get, $"assignments/{_xinyuan}/reports/2026-10", token: _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task Twenty_parallel_submissions_each_become_a_version_or_are_refused_and_none_is_lost()
    {
        var tasks = Enumerable.Range(1, 20).Select(async i =>
        {
            using var response = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10",
                JsonContent.Create(Report(summary: $"第{i}次提交")), _hantai);
            var text = await response.Content.ReadAsStringAsync();
            return (Summary: $"第{i}次提交", Status: (int)response.StatusCode, Body: text);
        }).ToList();
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Contains(r.Status, new[] { 200, 201, 409, 412 }));
        var accepted = results.Where(r => r.Status is 200 or 201)
            .Select(r => (r.Summary, Version: JsonDocument.Parse(r.Body).RootElement.GetProperty("current").GetProperty("version").GetInt32()))
            .ToList();
        Assert.NotEmpty(accepted);
        Assert.Single(results, r => r.Status == 201);

        var read = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10");
        var versions = read.GetProperty("versions").EnumerateArray()
            .Select(v => (Summary: v.GetProperty("summary").GetString()!, Version: v.GetProperty("version").GetInt32()))
            .ToList();
        Assert.Equal(Enumerable.Range(1, accepted.Count), versions.Select(v => v.Version));
        Assert.Equal(accepted.OrderBy(a => a.Version), versions);
    }

    [Fact]
    public async Task Each_version_and_token_issue_is_in_the_audit_trail_for_staff_only()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", JsonContent.Create(Report()), _hantai, expect: 201);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", JsonContent.Create(Report(summary: "改")), _hantai, expect: 200);

        var trail = await _app.ItemsAsync($"audit?assignment={_tianyuan}");
        var entries = trail.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains("第2版", entries[0].GetProperty("description").GetString());
        Assert.Contains("第1版", entries[1].GetProperty("description").GetString());
        Assert.Equal("罕台镇", entries[0].GetProperty("actor").GetString());

        var general = await _app.ItemsAsync("audit");
        Assert.Contains(general.EnumerateArray(), e => e.GetProperty("action").GetString() == "token.issue" && e.GetProperty("description").GetString()!.Contains("罕台镇"));
        Assert.Contains(general.EnumerateArray(), e => e.GetProperty("action").GetString() == "allocation.import");

        using var unit = await _app.SendAsync(HttpMethod.Get, $"audit?assignment={_tianyuan}", token: _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, unit.StatusCode);
    }

    [Fact]
    public async Task A_multipart_report_with_two_chinese_named_photos_stores_them_as_evidence_staff_can_download()
    {
        var photo1 = EvidenceFiles.Jpeg(4096, seed: 11);
        var photo2 = EvidenceFiles.Png(3000, seed: 12);
        var form = new MultipartFormDataContent
        {
            { new StringContent("活动室改造完成"), "summary" },
            { new StringContent("35000.00"), "fundsSpent" },
            { new StringContent("FW-4"), "progress[0].requirement" },
            { new StringContent("done"), "progress[0].status" },
            { new ByteArrayContent(photo1), "file", "活动室改造前.jpg" },
            { new ByteArrayContent(photo2), "file", "活动室改造后.png" },
        };

        var report = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", form, _hantai, expect: 201);

        Assert.Equal("活动室改造完成", report.GetProperty("current").GetProperty("summary").GetString());
        Assert.Equal(2, report.GetProperty("attachments").GetArrayLength());
        // Links are signed with the app's clock and checked by storage against the real one.
        _clock.SetUtcNow(Governance.Testing.StorageClock.Now);
        var list = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evidence");
        var byName = list.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("fileName").GetString()!);
        Assert.Equal(["活动室改造前.jpg", "活动室改造后.png"], byName.Keys.Order());
        using var http = new HttpClient();
        foreach (var (name, bytes) in new[] { ("活动室改造前.jpg", photo1), ("活动室改造后.png", photo2) })
        {
            Assert.Equal("2026-09", byName[name].GetProperty("period").GetString());
            using var download = await http.GetAsync(byName[name].GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal(name, download.Content.Headers.ContentDisposition?.FileNameStar);
        }
    }

    [Fact]
    public async Task A_multipart_report_whose_file_name_holds_a_direction_override_is_refused_and_writes_nothing()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("活动室改造完成"), "summary" },
            { new StringContent("35000.00"), "fundsSpent" },
            { new ByteArrayContent(EvidenceFiles.Jpeg(2048, seed: 22)), "file", "好照片.jpg" },
            { new ByteArrayContent(EvidenceFiles.Jpeg(2048, seed: 23)), "file", "gpj.\u202Eexe" },
        };

        using var response = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", form, _hantai);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Contains("U+202E", problem.RootElement.GetProperty("errors").GetProperty("file[1]")[0].GetString());
        using var report = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-09", token: _hantai);
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        Assert.Empty(await EvidenceFiles.BlobNamesAsync(_app.Container("evidence")));
    }

    [Fact]
    public async Task A_refused_multipart_report_keeps_none_of_its_files()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("活动室改造完成"), "summary" },
            { new StringContent("很多"), "fundsSpent" },
            { new ByteArrayContent(EvidenceFiles.Jpeg(2048, seed: 21)), "file", "照片.jpg" },
        };

        using var response = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-09", form, _hantai);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fundsSpent", await response.Content.ReadAsStringAsync());
        var list = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evidence");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        var blobs = new List<string>();
        var container = _app.Container("evidence");
        if (await container.ExistsAsync())
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                blobs.Add(blob.Name);
            }
        }
        Assert.Empty(blobs);
    }

    [Fact]
    public async Task Evidence_for_a_judged_requirement_moves_it_from_data_incomplete_to_awaiting_review()
    {
        var before = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}");
        Assert.Equal("数据不全", before.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "FW-1").GetProperty("stateName").GetString());

        var form = new MultipartFormDataContent
        {
            { new StringContent("FW-1"), "requirement" },
            { new StringContent("2026-09"), "period" },
            { new ByteArrayContent(EvidenceFiles.Jpeg(2048, seed: 31)), "file", "居民公约.jpg" },
        };
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence", form, _hantai, expect: 201);

        var after = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}");
        Assert.Equal("待审核", after.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "FW-1").GetProperty("stateName").GetString());
    }
}
