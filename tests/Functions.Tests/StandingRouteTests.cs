using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using static Governance.Functions.Tests.EvidenceFiles;

namespace Governance.Functions.Tests;

/// <summary>The year at a glance (/standing) and month by month (/trend): the same figures as the assignment view and the dispatch.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StandingRouteTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 20, 10, 0, 0, Beijing));
    private TestApp _app = null!;
    private string _tianyuan = "";
    private string _xinyuan = "";
    private string _hantai = "";
    private string _xingsheng = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite, clock: _clock);
        (_tianyuan, _xinyuan) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
        _xingsheng = await _app.IssueUnitTokenAsync("兴胜街道办事处");

        // 田园社区 (150,000): September late (15,000), October on time (15,000) with the owner met; 新园社区 (100,000): October on time (10,000).
        await PutAsync(_tianyuan, "2026-09", 15000m, _hantai);
        await PutAsync(_tianyuan, "2026-10", 15000m, _hantai);
        await PutAsync(_xinyuan, "2026-10", 10000m, _xingsheng);
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence", Form("FW-5", "2026-10", ("养老站.jpg", Jpeg(seed: 5))), _hantai, expect: 201);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 10, 0, 0, Beijing));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task PutAsync(string id, string period, decimal funds, string token) =>
        _app.JsonAsync(HttpMethod.Put, $"assignments/{id}/reports/{period}", JsonContent.Create(new
        {
            summary = "推进项目建设",
            fundsSpent = funds,
            progress = new[] { new { requirement = id == _tianyuan ? "FW-3" : "BJ-1", status = "done", note = "已完成" } },
            metrics = new { centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
        }), token, expect: 201);

    [Fact]
    public async Task Each_item_is_the_assignment_view_and_a_unit_sees_only_its_own()
    {
        // One item a page, so the continuation is followed.
        var all = (await _app.ItemsAsync("programmes/2026/standing?limit=1")).EnumerateArray().ToList();
        Assert.Equal(2, all.Count);
        foreach (var item in all)
        {
            var id = item.GetProperty("assignment").GetProperty("id").GetString();
            var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{id}");
            Assert.Equal(JsonSerializer.Serialize(view), JsonSerializer.Serialize(item));
        }
        var tianyuan = all.Single(i => i.GetProperty("assignment").GetProperty("id").GetString() == _tianyuan);
        var september = tianyuan.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("period").GetString() == "2026-09");
        Assert.Equal("逾期补报", september.GetProperty("state").GetString());
        Assert.Equal("late", september.GetProperty("stateCode").GetString());
        Assert.Equal(0.1m, september.GetProperty("executionRate").GetDecimal());
        Assert.Equal(0.2m, tianyuan.GetProperty("executionRate").GetDecimal());
        Assert.All(tianyuan.GetProperty("months").EnumerateArray(), m => Assert.True(m.GetProperty("submittable").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, tianyuan.GetProperty("months").EnumerateArray().Last().GetProperty("executionRate").ValueKind);

        var own = (await _app.ItemsAsync("programmes/2026/standing?unit=" + Uri.EscapeDataString("兴胜街道办事处"), _hantai)).EnumerateArray().ToList();
        Assert.Equal([_tianyuan], own.Select(i => i.GetProperty("assignment").GetProperty("id").GetString()!).ToArray());
        var filtered = (await _app.ItemsAsync("programmes/2026/standing?unit=" + Uri.EscapeDataString("兴胜街道办事处"))).EnumerateArray().ToList();
        Assert.Equal([_xinyuan], filtered.Select(i => i.GetProperty("assignment").GetProperty("id").GetString()!).ToArray());
    }

    [Fact]
    public async Task The_trend_agrees_with_the_dispatch_and_the_assignment_views_month_by_month()
    {
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/reports/2026-10/return", JsonContent.Create(new { reason = "请补充协商记录" }));
        await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10");
        var totals = (await _app.JsonAsync(HttpMethod.Get, "dispatches/2026-10")).GetProperty("dispatch").GetProperty("totals");

        var trend = await _app.JsonAsync(HttpMethod.Get, "programmes/2026/trend");
        Assert.Equal(2026, trend.GetProperty("year").GetInt32());
        var months = trend.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("period").GetString()!);
        // January to October: November has not ended.
        Assert.Equal(10, months.Count);
        Assert.Equal("2026-01", trend.GetProperty("months")[0].GetProperty("period").GetString());

        var october = months["2026-10"];
        Assert.Equal(totals.GetProperty("executionRate").GetDecimal(), october.GetProperty("executionRate").GetDecimal());
        Assert.Equal(0.16m, october.GetProperty("executionRate").GetDecimal());
        Assert.Equal(totals.GetProperty("assignments").GetInt32(), october.GetProperty("due").GetInt32());
        Assert.Equal(totals.GetProperty("onTime").GetInt32(), october.GetProperty("onTime").GetInt32());
        Assert.Equal(totals.GetProperty("late").GetInt32(), october.GetProperty("late").GetInt32());
        Assert.Equal(totals.GetProperty("missing").GetInt32(), october.GetProperty("missing").GetInt32());
        Assert.Equal(totals.GetProperty("returned").GetInt32(), october.GetProperty("returned").GetInt32());
        Assert.Equal(2, october.GetProperty("onTime").GetInt32());
        Assert.Equal(1, october.GetProperty("returned").GetInt32());
        Assert.Equal(1m, october.GetProperty("onTimeRate").GetDecimal());

        // September: only 田园社区's late report, 15,000 of 250,000.
        var september = months["2026-09"];
        Assert.Equal(0.06m, september.GetProperty("executionRate").GetDecimal());
        Assert.Equal(1, september.GetProperty("late").GetInt32());
        Assert.Equal(1, september.GetProperty("missing").GetInt32());
        Assert.Equal(0m, september.GetProperty("onTimeRate").GetDecimal());

        // Each month's progress share is the requirements done at its end over all, as the assignment views count them.
        var views = await Task.WhenAll(new[] { _tianyuan, _xinyuan }.Select(id => _app.JsonAsync(HttpMethod.Get, $"assignments/{id}")));
        var totalRequirements = views.Sum(v => v.GetProperty("requirementsTotal").GetInt32());
        foreach (var period in new[] { "2026-09", "2026-10" })
        {
            var shares = views.Select(v => (Share: v.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("period").GetString() == period).GetProperty("progressShare").GetDecimal(),
                Total: v.GetProperty("requirementsTotal").GetInt32()));
            var done = shares.Sum(s => Math.Round(s.Share * s.Total));
            Assert.Equal(Math.Round(done / totalRequirements, 4), months[period].GetProperty("progressShare").GetDecimal());
        }
        Assert.True(months["2026-10"].GetProperty("progressShare").GetDecimal() > months["2026-01"].GetProperty("progressShare").GetDecimal());

        using var byUnit = await _app.SendAsync(HttpMethod.Get, "programmes/2026/trend", token: _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, byUnit.StatusCode);
    }

    [Fact]
    public async Task A_report_resent_with_its_photo_after_a_dropped_answer_is_one_version_and_one_file()
    {
        MultipartFormDataContent Form() => new()
        {
            { new StringContent("完成设计"), "summary" },
            { new StringContent("5000"), "fundsSpent" },
            { new ByteArrayContent(Jpeg(4096, seed: 11)), "file", "现场.jpg" },
        };
        var first = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-11", Form(), _hantai, expect: 201);
        var again = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-11", Form(), _hantai, expect: 200);

        Assert.Equal(1, again.GetProperty("current").GetProperty("version").GetInt32());
        var item = again.GetProperty("attachments")[0];
        Assert.True(item.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("attachments")[0].GetProperty("id").GetString(), item.GetProperty("id").GetString());
        var evidence = (await _app.ItemsAsync($"assignments/{_tianyuan}/evidence", _hantai)).EnumerateArray()
            .Where(e => e.GetProperty("period").GetString() == "2026-11").ToList();
        Assert.Single(evidence);

        // The same photo sent to the evidence route for a requirement and month, twice: one record.
        var upload = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence", EvidenceFiles.Form("FW-4", "2026-11", ("规划.jpg", Jpeg(seed: 12))), _hantai, expect: 201);
        var resent = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence", EvidenceFiles.Form("FW-4", "2026-11", ("规划.jpg", Jpeg(seed: 12))), _hantai, expect: 201);
        Assert.True(resent.GetProperty("items")[0].GetProperty("duplicate").GetBoolean());
        Assert.Equal(upload.GetProperty("items")[0].GetProperty("id").GetString(), resent.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Single((await _app.ItemsAsync($"assignments/{_tianyuan}/evidence", _hantai)).EnumerateArray(), e => e.GetProperty("requirement").GetString() == "FW-4");
    }

    [Fact]
    public async Task A_retry_racing_its_first_attempt_stores_the_photo_once()
    {
        var photo = Jpeg(64 * 1024, seed: 21);
        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence", EvidenceFiles.Form("FW-1", "2026-11", ("公约.jpg", photo)), _hantai, expect: 201)));

        var items = sent.Select(s => s.GetProperty("items")[0]).ToList();
        Assert.Single(items.Select(i => i.GetProperty("id").GetString()).Distinct());
        Assert.Single(items, i => !i.GetProperty("duplicate").GetBoolean());
        Assert.Single((await _app.ItemsAsync($"assignments/{_tianyuan}/evidence", _hantai)).EnumerateArray(), e => e.GetProperty("requirement").GetString() == "FW-1");
        Assert.Equal(2, (await BlobNamesAsync(_app.Container(Governance.Core.Storage.StorageNames.EvidenceContainer))).Count);
    }
}
