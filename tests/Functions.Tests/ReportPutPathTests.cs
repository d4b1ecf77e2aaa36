using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// The report PUT's shortcuts (assignments remembered 30 s, a month's first version written without a
/// read, the answer built from what was written) seen from outside, with a second app over the same
/// storage standing in for another instance of the Functions host.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportPutPathTests(AzuriteServer azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;
    private TestApp? _other;
    private string _tianyuan = "";
    private string _hantai = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite, clock: _clock);
        (_tianyuan, _) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
    }

    public async Task DisposeAsync()
    {
        if (_other is not null)
        {
            await _other.DisposeAsync();
        }
        await _app.DisposeAsync();
    }

    private async Task<TestApp> OtherInstanceAsync() =>
        _other ??= await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Storage:NamePrefix"] = _app.NamePrefix }, _clock);

    private static object Report(string summary) => new
    {
        summary,
        fundsSpent = 20000m,
        progress = new[] { new { requirement = "FW-2", status = "in_progress", note = "设计已完成" } },
        metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
    };

    private string Path(string period) => $"assignments/{_tianyuan}/reports/{period}";

    [Fact]
    public async Task A_first_version_is_answered_from_what_was_written_and_later_versions_list_every_version()
    {
        var first = await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("一")), _hantai, expect: 201);
        Assert.Equal(1, first.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal("一", first.GetProperty("current").GetProperty("summary").GetString());
        Assert.Equal(["一"], first.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("summary").GetString()));

        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("二")), _hantai, expect: 200);
        var third = await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("三")), _hantai, expect: 200);
        Assert.Equal(2, second.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal([1, 2, 3], third.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["一", "二", "三"], third.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("summary").GetString()));
        // The month's first submission time is kept on every later version.
        Assert.Equal(first.GetProperty("firstReceivedAt").GetString(), third.GetProperty("firstReceivedAt").GetString());

        // The answer is what a later read shows.
        var read = await _app.JsonAsync(HttpMethod.Get, Path("2026-09"));
        Assert.Equal(third.GetProperty("versions").GetRawText(), read.GetProperty("versions").GetRawText());

        // A replay of the current body is the same version, answered 200 with the whole list.
        var replay = await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("三")), _hantai, expect: 200);
        Assert.Equal(3, replay.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(3, replay.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task A_month_first_written_by_another_instance_gets_version_two_here_not_a_second_version_one()
    {
        var other = await OtherInstanceAsync();
        await other.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("别处先报")), _hantai, expect: 201);

        // This instance has never seen the month: it guesses "first version", is refused by storage, and reads.
        var here = await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("此处再报")), _hantai, expect: 200);
        Assert.Equal(2, here.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(["别处先报", "此处再报"], here.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("summary").GetString()));

        // And a replay on a fresh instance of what is current is no new version.
        var replay = await other.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("此处再报")), _hantai, expect: 200);
        Assert.Equal(2, replay.GetProperty("current").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_month_this_instance_wrote_and_another_moved_since_gets_the_next_version_here_with_every_version_listed()
    {
        // This instance remembers the month as it wrote it (version 1, with its ETag)…
        await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("此处一稿")), _hantai, expect: 201);
        // …then another instance stores version 2 and staff there return it for revision.
        var other = await OtherInstanceAsync();
        await other.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("别处二稿")), _hantai, expect: 200);
        await other.JsonAsync(HttpMethod.Post, Path("2026-09") + "/return", JsonContent.Create(new { reason = "请补充设计图纸" }), expect: 200);

        // The remembered ETag is refused by storage: the month is read and version 3 lands after version 2.
        var here = await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("此处三稿")), _hantai, expect: 200);
        Assert.Equal(3, here.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(["此处一稿", "别处二稿", "此处三稿"], here.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("summary").GetString()));
        Assert.Equal("请补充设计图纸", here.GetProperty("versions")[1].GetProperty("returned").GetProperty("reason").GetString());

        // The same body again, here, is no fourth version: "unchanged" is answered from a read.
        var replay = await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("此处三稿")), _hantai, expect: 200);
        Assert.Equal(3, replay.GetProperty("current").GetProperty("version").GetInt32());
        // And what the other instance last wrote there is resubmitted there as a new version, not taken for current.
        var back = await other.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("别处二稿")), _hantai, expect: 200);
        Assert.Equal(4, back.GetProperty("current").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_refused_token_on_a_report_for_an_assignment_that_does_not_exist_is_answered_401_and_says_nothing_of_the_assignment()
    {
        using var answer = await _app.SendAsync(HttpMethod.Put, "assignments/2026-FW-9999/reports/2026-09", JsonContent.Create(Report("一")), "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain("2026-FW-9999", body, StringComparison.Ordinal);
        Assert.DoesNotContain("assignment_not_found", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_revoked_on_another_instance_is_refused_on_the_very_next_put_here()
    {
        var issued = await _app.JsonAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "unit", unit = "罕台镇" }), expect: 201);
        var token = issued.GetProperty("token").GetString();
        await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("一")), token, expect: 201);

        var other = await OtherInstanceAsync();
        await other.JsonAsync(HttpMethod.Delete, $"tokens/{issued.GetProperty("id").GetString()}", expect: 204);

        using var after = await _app.SendAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("二")), token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private async Task ReimportWithDeadlineAsync(TestApp app, string deadline)
    {
        var csv = $"序号,责任单位,承接项目社区,分配金额,开始日期,截止日期\n1,罕台镇,田园社区,15万元,2026-01-01,{deadline}\n2,兴胜街道办事处,新园社区,10万元,2026-01-01,2026-12-31\n";
        await app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
    }

    [Fact]
    public async Task A_reimport_here_is_seen_by_the_next_put_at_once()
    {
        await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("一")), _hantai, expect: 201);

        // The assignment now ends in August: September is outside it.
        await ReimportWithDeadlineAsync(_app, "2026-08-31");

        using var after = await _app.SendAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("二")), _hantai);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
        Assert.Contains("period_out_of_range", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reimport_on_another_instance_is_seen_here_within_thirty_seconds()
    {
        await _app.JsonAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("一")), _hantai, expect: 201);
        var other = await OtherInstanceAsync();
        await ReimportWithDeadlineAsync(other, "2026-08-31");

        _clock.Advance(TimeSpan.FromSeconds(30));
        using var after = await _app.SendAsync(HttpMethod.Put, Path("2026-09"), JsonContent.Create(Report("二")), _hantai);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
        Assert.Contains("period_out_of_range", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
