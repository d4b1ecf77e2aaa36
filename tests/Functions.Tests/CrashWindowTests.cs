using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Governance.Core.Notices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// The windows between a version and what it owes (the month index, the audit entry, the 验收结果
/// notice): each test fails the second write with a fault in the app's own table pipeline, against
/// the real emulator, and shows the next tick or dispatch heals it without the unit doing anything.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashWindowTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 3, 10, 0, 0, Beijing));
    private readonly TableFaults _faults = new();
    private TestApp _app = null!;
    private string _tianyuan = "";
    private string _hantai = "";

    public async Task InitializeAsync()
    {
        // Jobs:Since keeps each tick to the weeks around the test instead of every period since January.
        _app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-10-01" }, _clock, _faults.Register);
        (_tianyuan, _) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static JsonContent Report(string summary) => JsonContent.Create(new
    {
        summary,
        fundsSpent = 20000m,
        metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
    });

    // Reads storage directly, as another instance would, after the work this instance started past
    // its last answer has ended: what is asserted is what that work left, not how fast it ran.
    private Task SettledAsync() => _app.Services.GetRequiredService<Governance.Core.Storage.AfterAnswer>().SettledAsync();

    private async Task<int?> IndexedVersionAsync(string period)
    {
        await SettledAsync();
        var row = await _app.Table("ReportsByMonth").GetEntityIfExistsAsync<TableEntity>(period, _tianyuan);
        return row.HasValue ? row.Value!.GetInt32("Version") : null;
    }

    /// <summary>田园社区 evaluated all passed, complete before its deadline (its notice says 提前完成).</summary>
    private static object AllPassedEvaluation() => new
    {
        completedOn = "2026-11-01",
        evaluatedOn = "2026-11-03",
        evaluator = "区民政局 李明",
        results = new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => new { requirement = r, passed = true, note = "现场查验" }),
    };

    // What is still owed: intents in the outbox and witnesses committed beside report versions.
    private async Task<int> PendingIntentsAsync() => await OutboxIntentsAsync() + await WitnessesAsync();

    private async Task<int> OutboxIntentsAsync()
    {
        await SettledAsync();
        var count = 0;
        try
        {
            await foreach (var _ in _app.Table("Outbox").QueryAsync<TableEntity>(e => e.PartitionKey == "pending"))
            {
                count++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No write has needed the outbox yet.
        }
        return count;
    }

    private async Task<int> WitnessesAsync()
    {
        await SettledAsync();
        var count = 0;
        await foreach (var _ in _app.Table("Reports").QueryAsync<TableEntity>(e => e.RowKey.CompareTo("~intent|") > 0 && e.RowKey.CompareTo("~intent}") < 0))
        {
            count++;
        }
        return count;
    }

    private async Task<List<string>> AuditActionsAsync(string action) =>
        (await _app.ItemsAsync($"audit?assignment={_tianyuan}")).EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()!).Where(a => a == action).ToList();

    private async Task<List<string>> OverdueRecipientsAsync() =>
        (await _app.ItemsAsync("notices?kind=overdue&period=2026-10")).EnumerateArray()
            .Select(n => n.GetProperty("recipient").GetString()!).ToList();

    private async Task<JsonElement> TianyuanDispatchRowAsync() =>
        (await _app.JsonAsync(HttpMethod.Get, "dispatches/2026-10")).GetProperty("dispatch").GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("assignmentId").GetString() == _tianyuan);

    [Fact]
    public async Task A_report_whose_month_index_write_fails_is_accepted_and_the_next_tick_indexes_it_so_the_dispatch_shows_it_on_time_with_no_overdue_notice()
    {
        _faults.FailNextWrite("ReportsByMonth");
        // The version is stored, so the clerk is told it was received: a retry would change nothing.
        var saved = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("完成服务设施改造设计"), _hantai, expect: 201);
        Assert.Equal(1, saved.GetProperty("current").GetProperty("version").GetInt32());
        // The side effects run after the answer: wait for them as the next reader here would.
        await SettledAsync();
        Assert.Equal(0, _faults.Armed);
        Assert.Null(await IndexedVersionAsync("2026-10"));
        // The failure handed the intent to the outbox; the witness stays until the effects are delivered.
        Assert.Equal(1, await OutboxIntentsAsync());
        Assert.Equal(1, await WitnessesAsync());

        // The tick before the dispatch is due heals it on its own.
        await Timer.FireAsync(_app);
        Assert.Equal(1, await IndexedVersionAsync("2026-10"));
        Assert.Equal(0, await PendingIntentsAsync());

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 9, 0, 0, Beijing));
        await Timer.FireAsync(_app);
        var row = await TianyuanDispatchRowAsync();
        Assert.Equal("按时", row.GetProperty("timeliness").GetString());
        Assert.Equal("完成服务设施改造设计", row.GetProperty("progress").GetString());
        Assert.Equal(["兴胜街道办事处"], await OverdueRecipientsAsync());
        Assert.Single(await AuditActionsAsync("report.submit"));
    }

    [Fact]
    public async Task A_report_stored_just_before_a_crash_is_indexed_by_the_dispatch_itself_before_it_reads_the_month()
    {
        // The transaction reaches storage but its answer is lost: what a process dying right after
        // the version is stored leaves behind. The request cannot know, so it answers an outage.
        _faults.FailNextWrite("$batch", "Reports", afterSending: true);
        using (var lost = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("完成服务设施改造设计"), _hantai))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        }
        Assert.Null(await IndexedVersionAsync("2026-10"));
        // The request could not know whether it was stored, so it told the outbox; the version's own
        // witness was committed with it.
        Assert.Equal(1, await OutboxIntentsAsync());
        Assert.Equal(1, await WitnessesAsync());

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 9, 0, 0, Beijing));
        await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10");
        Assert.Equal("按时", (await TianyuanDispatchRowAsync()).GetProperty("timeliness").GetString());
        Assert.Equal(["兴胜街道办事处"], await OverdueRecipientsAsync());
        Assert.Equal(1, await IndexedVersionAsync("2026-10"));
        Assert.Equal(0, await PendingIntentsAsync());
        Assert.Single(await AuditActionsAsync("report.submit"));
    }

    [Fact]
    public async Task A_report_whose_side_effects_and_outbox_intent_both_fail_is_delivered_by_the_next_tick_from_the_witness_stored_with_it()
    {
        // What a process stopping right after the commit leaves: the version and its witness, nothing else.
        _faults.FailNextWrite("ReportsByMonth");
        _faults.FailNextWrite("Outbox");
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("完成服务设施改造设计"), _hantai, expect: 201);
        Assert.Null(await IndexedVersionAsync("2026-10"));
        Assert.Equal(0, _faults.Armed);
        Assert.Equal(0, await OutboxIntentsAsync());
        Assert.Equal(1, await WitnessesAsync());

        await Timer.FireAsync(_app);
        Assert.Equal(1, await IndexedVersionAsync("2026-10"));
        Assert.Equal(0, await PendingIntentsAsync());
        Assert.Single(await AuditActionsAsync("report.submit"));

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 9, 0, 0, Beijing));
        await Timer.FireAsync(_app);
        Assert.Equal("按时", (await TianyuanDispatchRowAsync()).GetProperty("timeliness").GetString());
        Assert.Equal(["兴胜街道办事处"], await OverdueRecipientsAsync());
    }

    [Fact]
    public async Task A_report_whose_month_index_write_failed_draws_no_reminder_from_a_staff_run_of_the_reminders()
    {
        _faults.FailNextWrite("ReportsByMonth");
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("完成服务设施改造设计"), _hantai, expect: 201);

        await _app.JsonAsync(HttpMethod.Post, "jobs/reminders/run?period=2026-10");
        var reminded = (await _app.ItemsAsync("notices?kind=reminder&period=2026-10")).EnumerateArray()
            .Select(n => n.GetProperty("recipient").GetString()).ToList();
        Assert.Equal(["兴胜街道办事处"], reminded);
        Assert.Equal(1, await IndexedVersionAsync("2026-10"));
    }

    [Fact]
    public async Task An_intent_whose_version_was_never_stored_is_kept_while_it_may_still_commit_then_dropped_and_the_month_stays_unreported()
    {
        _faults.FailNextWrite("$batch", "Reports");
        using (var failed = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("完成服务设施改造设计"), _hantai))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }
        await Timer.FireAsync(_app);
        Assert.Equal(1, await PendingIntentsAsync());

        _clock.Advance(Governance.Core.Storage.Outbox.CommitGrace + TimeSpan.FromMinutes(1));
        await Timer.FireAsync(_app);
        Assert.Equal(0, await PendingIntentsAsync());
        Assert.Null(await IndexedVersionAsync("2026-10"));
        Assert.Empty(await AuditActionsAsync("report.submit"));
        using var read = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10", token: _hantai);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Two_racing_versions_whose_index_writes_land_out_of_order_leave_the_index_on_the_newest()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("第一稿"), _hantai, expect: 201);
        // Version 2's index write waits until version 3's has been written: the older one lands last.
        _faults.HoldWrite("ReportsByMonth", "\"Version\":2", releasedBy: "\"Version\":3");

        var racing = await Task.WhenAll(
            _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("第二稿"), _hantai),
            _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("第三稿"), _hantai));
        foreach (var response in racing)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        var current = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/reports/2026-10", token: _hantai);
        Assert.Equal(3, current.GetProperty("current").GetProperty("version").GetInt32());
        // The side effects run after the answer; reading the audit trail waits for those in flight.
        Assert.Equal(3, (await AuditActionsAsync("report.submit")).Count);
        Assert.Equal(3, await IndexedVersionAsync("2026-10"));
        var indexed = await _app.Table("ReportsByMonth").GetEntityAsync<TableEntity>("2026-10", _tianyuan);
        var stored = await _app.Table("Reports").GetEntityAsync<TableEntity>(_tianyuan, "2026-10");
        Assert.Equal(stored.Value.GetString("ContentHash"), indexed.Value.GetString("ContentHash"));
        Assert.Equal(0, await PendingIntentsAsync());
    }

    [Fact]
    public async Task An_evaluation_whose_notice_write_fails_is_recorded_and_the_next_tick_delivers_exactly_one_notice_and_one_audit_entry()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("综合服务设施改造完成"), _hantai, expect: 201);
        var evaluation = AllPassedEvaluation();
        _faults.FailNextWrite("Notices");
        var recorded = await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", JsonContent.Create(evaluation), expect: 201);
        Assert.Equal(1, recorded.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(0, _faults.Armed);

        var notices = _app.Services.GetRequiredService<NoticeStore>();
        var period = $"{_tianyuan}.v0001";
        Assert.Empty(await notices.ListByPeriodAsync(period, CancellationToken.None));
        Assert.Equal(1, await PendingIntentsAsync());

        for (var tick = 0; tick < 2; tick++)
        {
            await Timer.FireAsync(_app);
            var results = (await notices.ListByRecipientAsync("罕台镇", CancellationToken.None)).Where(n => n.Kind == NoticeKind.EvaluationResult).ToList();
            var notice = Assert.Single(results);
            Assert.Equal(period, notice.Period);
            Assert.Contains("提前完成", notice.Text);
            Assert.Single(await AuditActionsAsync("evaluation.record"));
            Assert.Equal(0, await PendingIntentsAsync());
        }
    }

    [Fact]
    public async Task An_evaluation_whose_audit_write_fails_gets_its_audit_entry_from_the_next_tick_and_a_retry_of_the_request_is_refused()
    {
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", Report("综合服务设施改造完成"), _hantai, expect: 201);
        var evaluation = AllPassedEvaluation();
        _faults.FailNextWrite("Audit", "evaluation.record");
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", JsonContent.Create(evaluation), expect: 201);
        Assert.Empty(await AuditActionsAsync("evaluation.record"));
        // A retry of the same request is a revision without If-Match: it cannot be what heals.
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", JsonContent.Create(evaluation), expect: 428);

        await Timer.FireAsync(_app);
        Assert.Single(await AuditActionsAsync("evaluation.record"));
        var notices = await _app.Services.GetRequiredService<NoticeStore>().ListByPeriodAsync($"{_tianyuan}.v0001", CancellationToken.None);
        Assert.Single(notices);
        Assert.Equal(0, await PendingIntentsAsync());
    }
}
