using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Governance.Core.Jobs;
using Governance.LocalRunner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>Drives the real Tick function the way the Functions host would, with a fake clock.</summary>
public static class Timer
{
    private static readonly FunctionInvoker Tick = new(FunctionMetadata.Load(FunctionMetadata.DefaultPath).Single(f => f.Name == "Tick"));

    public static Task FireAsync(TestApp app) =>
        Tick.InvokeTimerAsync(app.Services, new TimerInfo { ScheduleStatus = new ScheduleStatus() }, CancellationToken.None);
}

[Collection(AzuriteCollection.Name)]
public sealed class TimerTests(AzuriteServer azurite)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task After_weeks_down_one_tick_catches_up_every_missed_dispatch_and_a_second_tick_adds_nothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 9, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-01-01" }, clock);
        var (tianyuan, _) = await app.Import2026Async();
        var hantai = await app.IssueUnitTokenAsync("罕台镇");
        clock.SetUtcNow(new DateTimeOffset(2026, 2, 3, 9, 0, 0, Beijing));
        await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/reports/2026-01", JsonContent.Create(DispatchTests.Report(1000m)), hantai, expect: 201);

        clock.SetUtcNow(new DateTimeOffset(2026, 4, 20, 9, 0, 0, Beijing));
        await Timer.FireAsync(app);

        foreach (var month in new[] { "2026-01", "2026-02", "2026-03" })
        {
            var view = await app.JsonAsync(HttpMethod.Get, $"dispatches/{month}");
            Assert.Equal(2, view.GetProperty("dispatch").GetProperty("rows").GetArrayLength());
        }
        await app.JsonAsync(HttpMethod.Get, "dispatches/2026-04", expect: 404);
        // Only March's notices are recent enough to send (dispatch day 2026-04-06, 14 days ago); January's
        // (2026-02-06) and February's (2026-03-06) are past Notices:MaxAgeDays (30), so nobody is told about them now.
        var overdue = (await app.ItemsAsync("notices?unit=兴胜街道办事处&kind=overdue")).EnumerateArray().Select(n => n.GetProperty("period").GetString()).ToList();
        Assert.Equal(["2026-03"], overdue);
        var hantaiOverdue = (await app.ItemsAsync("notices?unit=罕台镇&kind=overdue")).EnumerateArray().Select(n => n.GetProperty("period").GetString()).ToList();
        Assert.Equal(["2026-03"], hantaiOverdue);
        Assert.Contains("不再发送通知", (await app.Table("JobRuns").GetEntityAsync<TableEntity>("dispatch", "2026-01")).Value.GetString("Summary"));
        // Reminders of months already past their due day are not sent late; April's is not due until 2026-05-03.
        Assert.Empty((await app.ItemsAsync("notices?unit=罕台镇&kind=reminder")).EnumerateArray());

        var before = await CountAsync(app.Table("NoticesByRecipient"));
        var runs = await CountAsync(app.Table("JobRuns"));
        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);
        Assert.Equal(before, await CountAsync(app.Table("NoticesByRecipient")));
        Assert.Equal(runs, await CountAsync(app.Table("JobRuns")));
    }

    [Fact]
    public async Task A_period_that_had_nothing_active_is_compiled_on_the_next_tick_after_an_import_adds_to_it_with_only_recent_notices()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 20, 9, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-01-01" }, clock);
        var ledger = app.Table("JobRuns");

        // Nothing imported yet: January to March and the first quarter have nothing active.
        await Timer.FireAsync(app);
        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);
        foreach (var (job, period) in new[] { ("dispatch", "2026-01"), ("dispatch", "2026-03"), ("bulletin", "2026-Q1") })
        {
            var run = (await ledger.GetEntityAsync<TableEntity>(job, period)).Value;
            Assert.Equal("empty", run.GetString("State"));
            Assert.Equal(1, run.GetInt32("Attempts")); // the second tick, with the programme unchanged, did not run it again
        }
        await app.JsonAsync(HttpMethod.Get, "dispatches/2026-01", expect: 404);

        clock.Advance(TimeSpan.FromHours(1));
        await app.Import2026Async();
        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);

        foreach (var month in new[] { "2026-01", "2026-02", "2026-03" })
        {
            Assert.Equal(2, (await app.JsonAsync(HttpMethod.Get, $"dispatches/{month}")).GetProperty("dispatch").GetProperty("rows").GetArrayLength());
            Assert.Equal("done", (await ledger.GetEntityAsync<TableEntity>("dispatch", month)).Value.GetString("State"));
        }
        Assert.Equal(2, (await app.JsonAsync(HttpMethod.Get, "bulletins/2026-Q1")).GetProperty("bulletin").GetProperty("entries").GetArrayLength());
        // Notices only for moments within Notices:MaxAgeDays (30): March's dispatch day (04-06) and the bulletin day (04-10).
        var notices = (await app.ItemsAsync("notices?unit=兴胜街道办事处")).EnumerateArray()
            .Select(n => (n.GetProperty("kind").GetString(), n.GetProperty("period").GetString())).Order().ToList();
        Assert.Equal([("bulletin", "2026-Q1"), ("dispatch", "2026-03"), ("overdue", "2026-03")], notices);

        var runs = await CountAsync(ledger);
        var attempts = (await ledger.GetEntityAsync<TableEntity>("dispatch", "2026-01")).Value.GetInt32("Attempts");
        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);
        Assert.Equal(runs, await CountAsync(ledger));
        Assert.Equal(attempts, (await ledger.GetEntityAsync<TableEntity>("dispatch", "2026-01")).Value.GetInt32("Attempts"));
    }

    [Fact]
    public async Task A_fresh_deployment_over_a_2023_table_compiles_every_old_period_but_creates_no_old_notices()
    {
        var port = AzuriteServer.FreePort();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Jobs:Since"] = "2023-05-19",
            ["Notices:Webhooks:0:Unit"] = "罕台镇", ["Notices:Webhooks:0:Url"] = $"http://127.0.0.1:{port}/robot",
            ["Notices:Webhooks:1:Unit"] = "兴胜街道办事处", ["Notices:Webhooks:1:Url"] = $"http://127.0.0.1:{port}/robot",
        }, clock);
        await app.ImportSeed2023Async();

        await Timer.FireAsync(app);

        Assert.Equal(2, (await app.JsonAsync(HttpMethod.Get, "dispatches/2023-09")).GetProperty("dispatch").GetProperty("rows").GetArrayLength());
        Assert.Single((await app.JsonAsync(HttpMethod.Get, "dispatches/2024-05")).GetProperty("dispatch").GetProperty("rows").EnumerateArray());
        await app.JsonAsync(HttpMethod.Get, "bulletins/2023-Q3");
        foreach (var unit in new[] { "罕台镇", "兴胜街道办事处" })
        {
            Assert.Empty((await app.ItemsAsync($"notices?unit={unit}")).EnumerateArray());
        }
        Assert.Empty(app.Table("NoticeDeliveries").Query<TableEntity>());
        Assert.Contains("不再发送通知", (await app.Table("JobRuns").GetEntityAsync<TableEntity>("dispatch", "2023-09")).Value.GetString("Summary"));
        Assert.Equal("empty", (await app.Table("JobRuns").GetEntityAsync<TableEntity>("dispatch", "2025-03")).Value.GetString("State"));
    }

    [Fact]
    public async Task A_dispatch_that_died_halfway_is_finished_by_the_next_tick_without_a_second_notice()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 3, 9, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-10-01" }, clock);
        await app.Import2026Async();
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 0, 30, 0, Beijing));
        await app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10");
        // The crash: the ledger row is back to running and the page was never written.
        var ledger = app.Table("JobRuns");
        var row = (await ledger.GetEntityAsync<TableEntity>("dispatch", "2026-10")).Value;
        row["State"] = "running";
        await ledger.UpdateEntityAsync(row, row.ETag);
        await new Azure.Storage.Blobs.BlobServiceClient(app.ConnectionString, new Azure.Storage.Blobs.BlobClientOptions(Governance.Core.GovernanceServices.BlobServiceVersion))
            .GetBlobContainerClient(app.NamePrefix + "documents").DeleteBlobAsync("dispatch/2026-10/dispatch-2026-10.html");

        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);

        var after = (await ledger.GetEntityAsync<TableEntity>("dispatch", "2026-10")).Value;
        Assert.Equal("done", after.GetString("State"));
        Assert.Equal(2, after.GetInt32("Attempts"));
        Assert.Contains("未报单位：", System.Text.Encoding.UTF8.GetString(await Documents.DownloadAsync(app, "dispatch/2026-10/dispatch-2026-10.html")));
        var overdue = (await app.ItemsAsync("notices?period=2026-10&kind=overdue")).EnumerateArray().Select(n => n.GetProperty("recipient").GetString()).ToList();
        Assert.Equal(["兴胜街道办事处", "罕台镇"], overdue.Order());
    }

    [Fact]
    public async Task A_webhook_that_first_refuses_then_accepts_gets_the_notice_once_with_each_attempt_recorded()
    {
        var port = AzuriteServer.FreePort();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 3, 9, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Jobs:Since"] = "2026-10-01",
            ["Notices:Webhooks:0:Unit"] = "兴胜街道办事处", ["Notices:Webhooks:0:Url"] = $"http://127.0.0.1:{port}/robot",
            ["Notices:RetryBaseMinutes"] = "60",
            ["Notices:MaxAttempts"] = "4",
        }, clock);
        await app.Import2026Async();

        // 2026-11-03 00:00 Beijing is October's reminder day; nothing listens on the port yet.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 0, 0, 0, Beijing));
        await Timer.FireAsync(app);
        var reminder = await ReminderAsync(app);
        Assert.Equal("pending", reminder.GetProperty("deliveryState").GetString());
        Assert.False(reminder.GetProperty("attempts")[0].GetProperty("succeeded").GetBoolean());

        // An hour later the retry is due, but still refused; the next wait doubles to two hours.
        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);
        reminder = await ReminderAsync(app);
        Assert.Equal(2, reminder.GetProperty("attempts").GetArrayLength());
        Assert.Equal(clock.GetUtcNow().AddHours(2), reminder.GetProperty("nextAttemptAt").GetDateTimeOffset());

        var received = new List<string>();
        var robot = WebApplication.CreateBuilder();
        robot.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var listener = robot.Build();
        listener.MapPost("/robot", async (HttpRequest req) =>
        {
            received.Add(await new StreamReader(req.Body).ReadToEndAsync());
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        await listener.StartAsync();

        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);
        Assert.Empty(received); // not yet due: the wait is two hours now
        clock.Advance(TimeSpan.FromHours(1));
        await Timer.FireAsync(app);
        clock.Advance(TimeSpan.FromHours(5));
        await Timer.FireAsync(app);
        await app.JsonAsync(HttpMethod.Post, "jobs/reminders/run?period=2026-10");

        // 新园社区's deadline 2026-12-31 is 60 days after 2026-11-01: its 期限预警 went to the same webhook.
        Assert.Single(received, m => m.Contains("期限预警", StringComparison.Ordinal));
        var message = JsonDocument.Parse(Assert.Single(received, m => m.Contains("催报提醒", StringComparison.Ordinal))).RootElement;
        Assert.Equal("markdown", message.GetProperty("msgtype").GetString());
        var content = message.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.Contains("新园社区", content);
        Assert.Contains("2026年11月5日", content);
        reminder = await ReminderAsync(app);
        Assert.Equal("delivered", reminder.GetProperty("deliveryState").GetString());
        Assert.Equal("已推送", reminder.GetProperty("deliveryStateName").GetString());
        Assert.Equal([false, false, true], reminder.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("succeeded").GetBoolean()));
        // 罕台镇 has no webhook: its reminder is kept in the app only.
        var hantai = (await app.ItemsAsync("notices?unit=罕台镇&kind=reminder")).EnumerateArray().Single();
        Assert.Equal("stored", hantai.GetProperty("deliveryState").GetString());
        await listener.StopAsync();
    }

    [Fact]
    public async Task A_webhook_that_never_answers_is_marked_failed_after_the_set_number_of_attempts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 3, 9, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Jobs:Since"] = "2026-10-01",
            ["Notices:Webhooks:0:Unit"] = "兴胜街道办事处", ["Notices:Webhooks:0:Url"] = $"http://127.0.0.1:{AzuriteServer.FreePort()}/robot",
            ["Notices:RetryBaseMinutes"] = "60",
            ["Notices:MaxAttempts"] = "3",
        }, clock);
        await app.Import2026Async();
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 0, 0, 0, Beijing));
        for (var hour = 0; hour < 12; hour++)
        {
            await Timer.FireAsync(app);
            clock.Advance(TimeSpan.FromHours(1));
        }
        var reminder = await ReminderAsync(app);
        Assert.Equal("failed", reminder.GetProperty("deliveryState").GetString());
        Assert.Equal("推送失败", reminder.GetProperty("deliveryStateName").GetString());
        Assert.Equal(3, reminder.GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task Deadline_warnings_go_out_60_and_30_days_before_once_each_and_not_for_an_assignment_evaluated_as_all_passed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 25, 0, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-10-25" }, clock);
        var (tianyuan, xinyuan) = await app.Import2026Async();
        // Both deadlines are 2026-12-31. 田园社区 is finished and evaluated all passed before the 60-day mark;
        // 新园社区 has reported nothing, so all seven of its requirements are still open.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 28, 10, 0, 0, Beijing));
        var evaluation = new
        {
            completedOn = "2026-10-26",
            evaluatedOn = "2026-10-28",
            evaluator = "区民政局 李明",
            results = new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => new { requirement = r, passed = true, note = "现场查验" }),
        };
        await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/evaluation", JsonContent.Create(evaluation), expect: 201);

        // At 00:00 and 12:00 every day to the deadline: two ticks on each warning day and on every day after it.
        for (var at = new DateTimeOffset(2026, 10, 29, 0, 0, 0, Beijing); at <= new DateTimeOffset(2026, 12, 31, 12, 0, 0, Beijing); at = at.AddHours(12))
        {
            clock.SetUtcNow(at);
            await Timer.FireAsync(app);
        }

        var warnings = (await app.ItemsAsync("notices?unit=兴胜街道办事处&kind=deadline-warning")).EnumerateArray()
            .OrderBy(n => n.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal([$"{xinyuan}-60d", $"{xinyuan}-30d"], warnings.Select(n => n.GetProperty("period").GetString()));
        Assert.Equal([new DateTimeOffset(2026, 11, 1, 0, 0, 0, Beijing), new DateTimeOffset(2026, 12, 1, 0, 0, 0, Beijing)],
            warnings.Select(n => n.GetProperty("createdAt").GetDateTimeOffset()));
        Assert.Equal(["期限预警：距项目截止还有60天", "期限预警：距项目截止还有30天"], warnings.Select(n => n.GetProperty("title").GetString()));
        var text = warnings[1].GetProperty("text").GetString()!;
        Assert.Contains("新园社区（北疆示范社区创建）将于2026年12月31日到期（还有30天）", text);
        foreach (var requirement in new[] { "BJ-1", "BJ-2", "BJ-3", "BJ-4", "BJ-5", "BJ-6", "BJ-7" })
        {
            Assert.Contains(requirement, text);
        }
        Assert.Empty((await app.ItemsAsync("notices?unit=罕台镇&kind=deadline-warning")).EnumerateArray());
        var ledger = app.Table("JobRuns");
        Assert.Equal(1, (await ledger.GetEntityAsync<TableEntity>("warnings", "2026-11-01")).Value.GetInt32("NoticesCreated"));
        Assert.Equal(0, (await ledger.GetEntityAsync<TableEntity>("warnings", "2026-11-02")).Value.GetInt32("NoticesCreated"));
    }

    private static async Task<JsonElement> ReminderAsync(TestApp app) =>
        (await app.ItemsAsync("notices?unit=兴胜街道办事处&kind=reminder&period=2026-10")).EnumerateArray().Single();

    private static async Task<int> CountAsync(TableClient table)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            n++;
        }
        return n;
    }
}
