using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>退回修改: staff return a month's report with a reason; the unit hears of it, the month reads 退回待改 until a new version.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReturnForRevisionTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // 2026-10-20 in Beijing: October's report is due 2026-11-05, so one sent now is on time.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 20, 10, 0, 0, Beijing));
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

    private static JsonContent Report(decimal funds = 20000m) => JsonContent.Create(new
    {
        summary = "完成服务设施改造设计",
        fundsSpent = funds,
        progress = new[] { new { requirement = "FW-2", status = "in_progress", note = "设计已完成" } },
        metrics = new { centreArea = 320m, facilityOwner = "基层政府" },
    });

    private Task<JsonElement> ReturnAsync(object body, int expect = 200, string? token = TestApp.StaffToken) =>
        _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/reports/2026-10/return", JsonContent.Create(body), token, expect);

    private async Task<JsonElement> MonthAsync(string period, string? token = TestApp.StaffToken)
    {
        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}", token: token);
        return view.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("period").GetString() == period);
    }

    private async Task<JsonElement> DispatchRowAsync()
    {
        await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10");
        var dispatch = (await _app.JsonAsync(HttpMethod.Get, "dispatches/2026-10")).GetProperty("dispatch");
        return dispatch.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("assignmentId").GetString() == _tianyuan);
    }

    [Fact]
    public async Task A_returned_report_tells_the_unit_why_reads_returned_everywhere_and_a_new_version_clears_it()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report(), _hantai, expect: 201);

        _clock.Advance(TimeSpan.FromHours(2));
        var returned = await ReturnAsync(new { reason = "支出金额与凭证不符，请核对后重报", version = 1 });
        var record = returned.GetProperty("current").GetProperty("returned");
        Assert.Equal("支出金额与凭证不符，请核对后重报", record.GetProperty("reason").GetString());
        Assert.StartsWith("区民政局", record.GetProperty("returnedBy").GetString());
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 12, 0, 0, Beijing), record.GetProperty("returnedAt").GetDateTimeOffset());
        Assert.Equal("退回待改", returned.GetProperty("monthState").GetString());

        // The unit reads it on the report, in its month strip and in its notices, in the bureau's words.
        var report = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10", token: _hantai);
        Assert.Equal("支出金额与凭证不符，请核对后重报", report.GetProperty("current").GetProperty("returned").GetProperty("reason").GetString());
        var month = await MonthAsync("2026-10", _hantai);
        Assert.Equal("退回待改", month.GetProperty("state").GetString());
        Assert.Equal("returned", month.GetProperty("stateCode").GetString());
        Assert.Equal("支出金额与凭证不符，请核对后重报", month.GetProperty("returnReason").GetString());
        Assert.True(month.GetProperty("submittable").GetBoolean());

        var notice = (await _app.ItemsAsync("notices?kind=report_returned", _hantai)).EnumerateArray().Single();
        Assert.Equal("罕台镇", notice.GetProperty("recipient").GetString());
        Assert.Equal(
            "你单位承接的田园社区（城乡社区服务能力提升）项目2026年10月的月度进展已被退回修改，原因：支出金额与凭证不符，请核对后重报。请修改后重新报送。",
            notice.GetProperty("text").GetString());
        Assert.Equal([_tianyuan], notice.GetProperty("assignmentIds").EnumerateArray().Select(a => a.GetString()!).ToArray());

        var trail = await _app.ItemsAsync($"audit?assignment={_tianyuan}");
        var entry = trail.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "report.return");
        Assert.Contains("支出金额与凭证不符", entry.GetProperty("description").GetString());
        Assert.Contains("第1版", entry.GetProperty("description").GetString());

        // The dispatch compiled after the due day shows it with its reason.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 9, 0, 0, Beijing));
        var row = await DispatchRowAsync();
        Assert.Equal("退回待改", row.GetProperty("state").GetString());
        Assert.Equal("支出金额与凭证不符，请核对后重报", row.GetProperty("returnReason").GetString());
        Assert.Equal("按时", row.GetProperty("timeliness").GetString());

        // Returned once is enough.
        var again = await ReturnAsync(new { reason = "再次退回" }, expect: 409);
        Assert.Equal("already_returned", again.GetProperty("code").GetString());

        // The unit's new version ends it; the returned version keeps its record.
        var second = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report(18000m), _hantai, expect: 200);
        Assert.Equal(2, second.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("current").GetProperty("returned").ValueKind);
        var after = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("current").GetProperty("returned").ValueKind);
        Assert.Equal("支出金额与凭证不符，请核对后重报", after.GetProperty("versions")[0].GetProperty("returned").GetProperty("reason").GetString());
        Assert.Equal("按时", after.GetProperty("monthState").GetString());

        var cleared = await MonthAsync("2026-10");
        Assert.Equal("按时", cleared.GetProperty("state").GetString());
        Assert.Equal("on_time", cleared.GetProperty("stateCode").GetString());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("returnReason").ValueKind);
        var recompiled = await DispatchRowAsync();
        Assert.Equal("按时", recompiled.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, recompiled.GetProperty("returnReason").ValueKind);

        // Version 1 is no longer current.
        var stale = await ReturnAsync(new { reason = "核对第1版", version = 1 }, expect: 409);
        Assert.Equal("stale_version", stale.GetProperty("code").GetString());
        Assert.Single((await _app.ItemsAsync("notices?kind=report_returned", _hantai)).EnumerateArray());
    }

    [Fact]
    public async Task A_unit_cannot_return_a_month_without_a_report_is_404_and_a_bad_reason_is_named_and_writes_nothing()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report(), _hantai, expect: 201);
        var before = (await _app.ItemsAsync($"audit?assignment={_tianyuan}")).GetArrayLength();

        using (var byUnit = await _app.SendAsync(HttpMethod.Post, $"assignments/{_tianyuan}/reports/2026-10/return", JsonContent.Create(new { reason = "自行退回" }), _hantai))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byUnit.StatusCode);
            Assert.Equal("application/problem+json", byUnit.Content.Headers.ContentType?.MediaType);
        }

        var none = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/reports/2026-09/return", JsonContent.Create(new { reason = "未见报告" }), expect: 404);
        Assert.Equal("report_not_found", none.GetProperty("code").GetString());

        var empty = await ReturnAsync(new { reason = "   " }, expect: 400);
        Assert.Equal("invalid_return", empty.GetProperty("code").GetString());
        Assert.Contains("退回原因", empty.GetProperty("errors").GetProperty("reason")[0].GetString());
        var tooLong = await ReturnAsync(new { reason = new string('改', 501), version = 0 }, expect: 400);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("version", out _));

        // A form post carries the same fields.
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "", ["version"] = "1" });
        var formRefused = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/reports/2026-10/return", form, expect: 400);
        Assert.Equal("invalid_return", formRefused.GetProperty("code").GetString());

        var report = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10");
        Assert.Equal(JsonValueKind.Null, report.GetProperty("current").GetProperty("returned").ValueKind);
        Assert.Equal(before, (await _app.ItemsAsync($"audit?assignment={_tianyuan}")).GetArrayLength());
        Assert.Empty((await _app.ItemsAsync("notices?kind=report_returned", _hantai)).EnumerateArray());
        Assert.Equal("按时", (await MonthAsync("2026-10")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_form_posted_return_is_the_same_return()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report(), _hantai, expect: 201);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "请补充照片说明", ["version"] = "1" });
        var returned = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/reports/2026-10/return", form);
        Assert.Equal("请补充照片说明", returned.GetProperty("current").GetProperty("returned").GetProperty("reason").GetString());
        Assert.Equal("退回待改", (await MonthAsync("2026-10", _hantai)).GetProperty("state").GetString());
    }
}
