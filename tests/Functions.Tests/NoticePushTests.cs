using Governance.Testing;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Governance.Core.Notices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// Pushing notices to WeCom group robots (企业微信群机器人), against real local HTTP listeners that
/// answer as WeCom does (HTTP 200 with an errcode), hang, or cannot be reached. What is asserted is
/// what a unit sees in GET /api/notices and what reaches the robot.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class NoticePushTests(AzuriteServer azurite)
{
    private const string Xingsheng = "兴胜街道办事处";
    private const string Hantai = "罕台镇";
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_robot_answering_errcode_45009_is_retried_with_the_backoff_and_the_notice_delivered_when_it_answers_0()
    {
        await using var robot = await Robot.StartAsync((n, _) => Task.FromResult(n == 1
            ? Results.Json(new { errcode = 45009, errmsg = "api freq out of limit" })
            : Results.Json(new { errcode = 0, errmsg = "ok" })));
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, new() { ["Notices:Webhooks:0:Unit"] = Xingsheng, ["Notices:Webhooks:0:Url"] = robot.Url, ["Notices:RetryBaseMinutes"] = "60" });
        await CreateAsync(app, Xingsheng, "2026-01", "请查阅。");

        await Timer.FireAsync(app);
        var notice = await NoticeAsync(app, Xingsheng, "2026-01");
        Assert.Equal("pending", notice.GetProperty("deliveryState").GetString());
        var first = Assert.Single(notice.GetProperty("attempts").EnumerateArray());
        Assert.False(first.GetProperty("succeeded").GetBoolean());
        Assert.Contains("45009", first.GetProperty("detail").GetString());
        Assert.Contains("api freq out of limit", first.GetProperty("detail").GetString());
        Assert.Equal(clock.GetUtcNow().AddHours(1), notice.GetProperty("nextAttemptAt").GetDateTimeOffset());

        clock.Advance(TimeSpan.FromMinutes(30));
        await Timer.FireAsync(app);
        Assert.Equal(1, robot.Count); // not due yet
        clock.Advance(TimeSpan.FromMinutes(30));
        await Timer.FireAsync(app);
        notice = await NoticeAsync(app, Xingsheng, "2026-01");
        Assert.Equal("delivered", notice.GetProperty("deliveryState").GetString());
        Assert.Equal([false, true], notice.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("succeeded").GetBoolean()));
        Assert.Equal(2, robot.Count);
    }

    [Fact]
    public async Task A_robot_that_always_answers_errcode_93000_ends_as_failed_after_the_set_attempts()
    {
        await using var robot = await Robot.StartAsync((_, _) => Task.FromResult(Results.Json(new { errcode = 93000, errmsg = "invalid webhook url" })));
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, new() { ["Notices:Webhooks:0:Unit"] = Xingsheng, ["Notices:Webhooks:0:Url"] = robot.Url, ["Notices:MaxAttempts"] = "2", ["Notices:RetryBaseMinutes"] = "60" });
        await CreateAsync(app, Xingsheng, "2026-01", "请查阅。");

        for (var i = 0; i < 4; i++)
        {
            await Timer.FireAsync(app);
            clock.Advance(TimeSpan.FromHours(1));
        }

        var notice = await NoticeAsync(app, Xingsheng, "2026-01");
        Assert.Equal("failed", notice.GetProperty("deliveryState").GetString());
        Assert.Equal("推送失败", notice.GetProperty("deliveryStateName").GetString());
        Assert.All(notice.GetProperty("attempts").EnumerateArray(), a => Assert.Contains("93000", a.GetProperty("detail").GetString()));
        Assert.Equal(2, notice.GetProperty("attempts").GetArrayLength());
        Assert.Equal(2, robot.Count);
    }

    [Fact]
    public async Task A_hanging_robot_and_an_address_that_throws_are_failed_attempts_and_the_next_robot_still_gets_its_notice()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hanging = await Robot.StartAsync(async (_, aborted) =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(aborted);
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        await using var good = await Robot.StartAsync((_, _) => Task.FromResult(Results.Json(new { errcode = 0, errmsg = "ok" })));
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, new()
        {
            ["Notices:Webhooks:0:Unit"] = Notice.Bureau, ["Notices:Webhooks:0:Url"] = hanging.Url,
            ["Notices:Webhooks:1:Unit"] = Xingsheng, ["Notices:Webhooks:1:Url"] = $"http://127.0.0.1:{AzuriteServer.FreePort()}/robot",
            ["Notices:Webhooks:2:Unit"] = Hantai, ["Notices:Webhooks:2:Url"] = good.Url,
            ["Notices:TimeoutSeconds"] = "10",
        });
        // Pushed in this order (oldest first): the hanging robot, the address that throws, then the good robot.
        await CreateAsync(app, Notice.Bureau, "2026-01", "请查阅。", Start.AddMinutes(-3));
        await CreateAsync(app, Xingsheng, "2026-01", "请查阅。", Start.AddMinutes(-2));
        await CreateAsync(app, Hantai, "2026-01", "请查阅。", Start.AddMinutes(-1));

        var tick = Timer.FireAsync(app);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(10)); // the push's timeout runs on the app's clock
        await tick.WaitAsync(TimeSpan.FromSeconds(30));
        release.TrySetResult();

        var bureau = await NoticeAsync(app, Notice.Bureau, "2026-01");
        Assert.Equal("pending", bureau.GetProperty("deliveryState").GetString());
        Assert.Equal("推送超时（10秒未应答）", Assert.Single(bureau.GetProperty("attempts").EnumerateArray()).GetProperty("detail").GetString());
        var xingsheng = await NoticeAsync(app, Xingsheng, "2026-01");
        Assert.Equal("pending", xingsheng.GetProperty("deliveryState").GetString());
        Assert.False(Assert.Single(xingsheng.GetProperty("attempts").EnumerateArray()).GetProperty("succeeded").GetBoolean());
        Assert.Equal("delivered", (await NoticeAsync(app, Hantai, "2026-01")).GetProperty("deliveryState").GetString());
        Assert.Equal(1, good.Count);
    }

    [Fact]
    public async Task A_robot_gets_at_most_20_pushes_a_minute_and_the_rest_wait_untried_for_a_later_tick()
    {
        await using var robot = await Robot.StartAsync((_, _) => Task.FromResult(Results.Json(new { errcode = 0, errmsg = "ok" })));
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, new() { ["Notices:Webhooks:0:Unit"] = Xingsheng, ["Notices:Webhooks:0:Url"] = robot.Url });
        for (var i = 1; i <= 25; i++)
        {
            await CreateAsync(app, Xingsheng, $"{2024 + (i - 1) / 12}-{(i - 1) % 12 + 1:D2}", $"第{i}条。");
        }

        await Timer.FireAsync(app);
        Assert.Equal(20, robot.Count);
        var states = await StatesAsync(app);
        Assert.Equal(20, states.Count(s => s.State == "delivered"));
        Assert.All(states.Where(s => s.State != "delivered"), s => Assert.Equal(("pending", 0), (s.State, s.Attempts)));

        clock.Advance(TimeSpan.FromSeconds(59));
        await Timer.FireAsync(app);
        Assert.Equal(20, robot.Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Timer.FireAsync(app);
        Assert.Equal(25, robot.Count);
        Assert.All(await StatesAsync(app), s => Assert.Equal(("delivered", 1), (s.State, s.Attempts)));
    }

    [Fact]
    public async Task Content_over_4096_bytes_is_cut_on_a_character_boundary_and_ends_with_a_link_to_the_full_text()
    {
        await using var robot = await Robot.StartAsync((_, _) => Task.FromResult(Results.Json(new { errcode = 0, errmsg = "ok" })));
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, new()
        {
            ["Notices:Webhooks:0:Unit"] = Xingsheng, ["Notices:Webhooks:0:Url"] = robot.Url,
            ["Notices:PublicBaseUrl"] = "https://gov.example.cn/",
        });
        // 3-byte Chinese characters and 4-byte emoji (a surrogate pair each), so a byte cut would land inside one.
        var text = string.Concat(Enumerable.Range(0, 1500).Select(i => i % 7 == 0 ? "🏠" : "社区治理"[i % 4].ToString()));
        await CreateAsync(app, Xingsheng, "2026-10", text);

        await Timer.FireAsync(app);

        var content = JsonDocument.Parse(Assert.Single(robot.Bodies)).RootElement.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.InRange(Encoding.UTF8.GetByteCount(content), 4000, 4096);
        var link = $"(https://gov.example.cn/api/notices?unit={Uri.EscapeDataString(Xingsheng)}&period=2026-10&kind=evaluation-result)";
        Assert.EndsWith(link, content);
        var kept = content[..content.IndexOf("……", StringComparison.Ordinal)];
        Assert.StartsWith(kept, NoticeTexts.Markdown((await app.Services.GetRequiredService<NoticeStore>().FindAsync("2026-10", $"evaluation-result|{Xingsheng}", default))!.Value.Notice));
        Assert.False(kept.Length > 0 && char.IsHighSurrogate(kept[^1]));
        Assert.DoesNotContain('\uFFFD', content);
        Assert.Equal("delivered", (await NoticeAsync(app, Xingsheng, "2026-10")).GetProperty("deliveryState").GetString());
    }

    [Fact]
    public async Task Two_instances_ticking_at_once_send_each_notice_once()
    {
        var clock = new FakeTimeProvider(Start);
        TestApp? second = null;
        var raced = 0;
        await using var robot = await Robot.StartAsync(async (_, _) =>
        {
            // While the first instance is mid-push, the second runs a whole tick over the same storage.
            if (Interlocked.Exchange(ref raced, 1) == 0)
            {
                await Timer.FireAsync(second!);
            }
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        var settings = new Dictionary<string, string?> { ["Notices:Webhooks:0:Unit"] = Xingsheng, ["Notices:Webhooks:0:Url"] = robot.Url };
        await using var first = await StartAsync(clock, settings);
        await using (second = await StartAsync(clock, new(settings) { ["Storage:NamePrefix"] = first.NamePrefix }))
        {
            for (var i = 1; i <= 3; i++)
            {
                await CreateAsync(first, Xingsheng, $"2026-{i:D2}", $"第{i}条。");
            }

            await Timer.FireAsync(first);
        }

        Assert.Equal(1, raced);
        Assert.Equal(3, robot.Count);
        Assert.Equal(3, robot.Bodies.Distinct().Count());
        Assert.All(await StatesAsync(first), s => Assert.Equal(("delivered", 1), (s.State, s.Attempts)));
    }

    [Fact]
    public async Task A_notice_left_sending_by_a_dead_pusher_is_sent_after_its_lease_and_not_before()
    {
        await using var robot = await Robot.StartAsync((_, _) => Task.FromResult(Results.Json(new { errcode = 0, errmsg = "ok" })));
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, new() { ["Notices:Webhooks:0:Unit"] = Xingsheng, ["Notices:Webhooks:0:Url"] = robot.Url });
        await CreateAsync(app, Xingsheng, "2026-01", "请查阅。");
        // The crash: another instance claimed the notice until 09:02 and died before recording anything.
        var notices = app.Table("Notices");
        var row = (await notices.GetEntityAsync<TableEntity>("2026-01", $"evaluation-result|{Xingsheng}")).Value;
        row["DeliveryState"] = "sending";
        row["NextAttemptAt"] = Start.AddMinutes(2);
        await notices.UpdateEntityAsync(row, row.ETag);

        await Timer.FireAsync(app);
        Assert.Equal(0, robot.Count);
        clock.Advance(TimeSpan.FromMinutes(2));
        await Timer.FireAsync(app);

        Assert.Equal(1, robot.Count);
        var notice = await NoticeAsync(app, Xingsheng, "2026-01");
        Assert.Equal("delivered", notice.GetProperty("deliveryState").GetString());
        Assert.Single(notice.GetProperty("attempts").EnumerateArray());
    }

    [Fact]
    public async Task No_log_line_carries_a_robot_address_or_its_key_whether_the_push_succeeds_or_fails()
    {
        const string secret = "5f3e1b7c-robot-key";
        await using var robot = await Robot.StartAsync((_, _) => Task.FromResult(Results.Json(new { errcode = 0, errmsg = "ok" })));
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(Start);
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Jobs:Since"] = "2026-11-10",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Notices:Webhooks:0:Unit"] = Xingsheng,
            ["Notices:Webhooks:0:Url"] = robot.Url.Replace("key=test", "key=" + secret, StringComparison.Ordinal),
            // Nothing listens here: the push fails and its failure is logged.
            ["Notices:Webhooks:1:Unit"] = Hantai,
            ["Notices:Webhooks:1:Url"] = $"http://127.0.0.1:{AzuriteServer.FreePort()}/cgi-bin/webhook/send?key={secret}",
        }, clock, services => services.AddSingleton<ILoggerProvider>(logs));
        await CreateAsync(app, Xingsheng, "2026-01", "请查阅。");
        await CreateAsync(app, Hantai, "2026-01", "请查阅。");

        await Timer.FireAsync(app);

        Assert.Equal("delivered", (await NoticeAsync(app, Xingsheng, "2026-01")).GetProperty("deliveryState").GetString());
        Assert.False(Assert.Single((await NoticeAsync(app, Hantai, "2026-01")).GetProperty("attempts").EnumerateArray()).GetProperty("succeeded").GetBoolean());
        Assert.Contains(logs.Lines, l => l.Contains("Push of notice", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains("/cgi-bin/webhook", StringComparison.Ordinal));
        // Nor is every storage request logged by the Azure SDK (only its warnings and errors are kept).
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Azure.Core Request", StringComparison.Ordinal));
    }

    private Task<TestApp> StartAsync(FakeTimeProvider clock, Dictionary<string, string?> settings) =>
        TestApp.StartAsync(azurite, new Dictionary<string, string?>(settings) { ["Jobs:Since"] = "2026-11-10" }, clock);

    private static Task CreateAsync(TestApp app, string recipient, string period, string text, DateTimeOffset? at = null) =>
        app.Services.GetRequiredService<NoticeStore>().CreateOnceAsync(
            new Notice(NoticeKind.EvaluationResult, recipient, period, "验收结果：田园社区", text, [], at ?? Start), CancellationToken.None);

    private static async Task<JsonElement> NoticeAsync(TestApp app, string unit, string period) =>
        (await app.ItemsAsync($"notices?unit={Uri.EscapeDataString(unit)}&period={period}")).EnumerateArray().Single();

    private static async Task<List<(string State, int Attempts)>> StatesAsync(TestApp app) =>
        (await app.ItemsAsync($"notices?unit={Uri.EscapeDataString(Xingsheng)}")).EnumerateArray()
            .Select(n => (n.GetProperty("deliveryState").GetString()!, n.GetProperty("attempts").GetArrayLength())).ToList();

    /// <summary>A group robot on a loopback port: answers each push with what the test says, counting and keeping the bodies.</summary>
    private sealed class Robot : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _bodies = new();
        private int _count;

        private Robot(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public int Count => Volatile.Read(ref _count);

        public IReadOnlyList<string> Bodies => _bodies.ToList();

        public static async Task<Robot> StartAsync(Func<int, CancellationToken, Task<IResult>> answer)
        {
            var port = AzuriteServer.FreePort();
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var robot = new Robot(app, $"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=test");
            app.MapPost("/cgi-bin/webhook/send", async (HttpRequest req) =>
            {
                robot._bodies.Enqueue(await new StreamReader(req.Body).ReadToEndAsync());
                return await answer(Interlocked.Increment(ref robot._count), req.HttpContext.RequestAborted);
            });
            await app.StartAsync();
            return robot;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
