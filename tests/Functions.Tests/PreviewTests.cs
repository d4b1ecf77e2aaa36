using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using static Governance.Functions.Tests.EvidenceFiles;

namespace Governance.Functions.Tests;

/// <summary>The report preview: the verdict a clerk sees while typing, computed by the server, writing nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PreviewTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // 2026-10-20 in Beijing: September's report (due 2026-10-05) would be late, October's on time.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 20, 10, 0, 0, Beijing));
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

    private static object Report(string owner, object funds) => new
    {
        summary = "完成服务设施改造设计",
        fundsSpent = funds,
        metrics = new { centreArea = 320m, facilityOwner = owner },
    };

    private static string Fw3(JsonElement view) =>
        view.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "FW-3").GetProperty("stateName").GetString()!;

    private static JsonElement Month(JsonElement view, string period) =>
        view.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("period").GetString() == period);

    private Task<JsonElement> PreviewAsync(string period, HttpContent body, int expect = 200, string? token = null) =>
        _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/reports/{period}/preview", body, token ?? _hantai, expect);

    [Fact]
    public async Task The_preview_answers_the_verdict_the_figures_would_give_and_writes_nothing()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(Report("其他", 15000m)), _hantai, expect: 201);
        var stored = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}", token: _hantai);
        Assert.Equal("未达标", Fw3(stored));
        var audit = (await _app.ItemsAsync($"audit?assignment={_tianyuan}")).GetArrayLength();
        var summary = (await _app.Table(StorageNames.StandingSummariesTable).GetEntityAsync<Azure.Data.Tables.TableEntity>("2026", _tianyuan)).Value.ETag;

        // The clerk corrects the owner and the amount: the preview says 达标 and the spend it would give.
        var preview = await PreviewAsync("2026-10", JsonContent.Create(Report("基层政府", 30000m)));
        Assert.Equal("达标", Fw3(preview));
        Assert.Equal(30000m, preview.GetProperty("cumulativeSpend").GetDecimal());
        Assert.Equal(0.2m, preview.GetProperty("executionRate").GetDecimal());
        Assert.Equal(stored.GetProperty("assignment").GetRawText(), preview.GetProperty("assignment").GetRawText());

        // Nothing was written: the report, the view, the audit trail and the summary are as they were.
        var report = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10", token: _hantai);
        Assert.Equal(1, report.GetProperty("versions").GetArrayLength());
        Assert.Equal("其他", report.GetProperty("current").GetProperty("metrics").GetProperty("facilityOwner").GetString());
        Assert.Equal("未达标", Fw3(await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}", token: _hantai)));
        Assert.Equal(audit, (await _app.ItemsAsync($"audit?assignment={_tianyuan}")).GetArrayLength());
        Assert.Equal(summary, (await _app.Table(StorageNames.StandingSummariesTable).GetEntityAsync<Azure.Data.Tables.TableEntity>("2026", _tianyuan)).Value.ETag);
    }

    [Fact]
    public async Task A_month_not_yet_reported_previews_as_it_would_be_filed_late_and_stays_unreported()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["summary"] = "完成需求调查",
            ["fundsSpent"] = "15000",
            ["metrics.facilityOwner"] = "基层政府",
        });
        var preview = await PreviewAsync("2026-09", form);
        Assert.Equal("达标", Fw3(preview));
        Assert.Equal("逾期补报", Month(preview, "2026-09").GetProperty("state").GetString());
        Assert.Equal(0.1m, Month(preview, "2026-09").GetProperty("executionRate").GetDecimal());

        var missing = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-09", token: _hantai, expect: 404);
        Assert.Equal("report_not_found", missing.GetProperty("code").GetString());
        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}", token: _hantai);
        Assert.Equal("未报", Month(view, "2026-09").GetProperty("state").GetString());
        Assert.Equal("数据不全", Fw3(view));
        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.ReportsTable)));
        Assert.Empty((await _app.ItemsAsync($"audit?assignment={_tianyuan}")).EnumerateArray());
    }

    [Fact]
    public async Task A_multipart_preview_ignores_its_files()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("完成设计"), "summary" },
            { new StringContent("0"), "fundsSpent" },
            { new StringContent("基层政府"), "metrics.facilityOwner" },
            { new ByteArrayContent(Jpeg()), "file", "现场.jpg" },
        };
        var preview = await PreviewAsync("2026-10", form);
        Assert.Equal("达标", Fw3(preview));
        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.EvidenceTable)));
        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
    }

    [Fact]
    public async Task The_preview_refuses_what_the_put_refuses_with_the_same_answer()
    {
        var bad = JsonContent.Create(Report("基层政府", "一万"));
        var put = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", bad, _hantai, expect: 400);
        var preview = await PreviewAsync("2026-10", JsonContent.Create(Report("基层政府", "一万")), expect: 400);
        Assert.Equal("invalid_report", preview.GetProperty("code").GetString());
        Assert.Equal(put.GetProperty("errors").GetRawText(), preview.GetProperty("errors").GetRawText());

        var future = await PreviewAsync("2026-11", JsonContent.Create(Report("基层政府", 0)), expect: 400);
        Assert.Equal("period_in_future", future.GetProperty("code").GetString());
        var staff = await PreviewAsync("2026-10", JsonContent.Create(Report("基层政府", 0)), expect: 403, token: TestApp.StaffToken);
        Assert.Equal("forbidden", staff.GetProperty("code").GetString());
        using var other = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/reports/2026-10/preview", JsonContent.Create(Report("基层政府", 0)), _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.ReportsTable)));
    }
}
