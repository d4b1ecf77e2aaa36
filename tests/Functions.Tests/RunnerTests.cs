using System.Net;
using System.Text.Json;
using Governance.LocalRunner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NCrontab;

namespace Governance.Functions.Tests;

/// <summary>
/// Functions that exist only for these tests, so that the runner's handling of what the app does
/// not use (non-anonymous levels, query-only parameters, long calls) can be tried without adding
/// any of it to the app.
/// </summary>
public sealed class RunnerProbe
{
    public static TaskCompletionSource Started { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TaskCompletionSource<bool> Cancelled { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IActionResult Echo(HttpRequest req, string id) => new Text(id);

    public IActionResult Plain(HttpRequest req) => new Text("ok");

    public IActionResult ByQuery(HttpRequest req, string unit) => new Text(unit);

    public Task Weekly(TimerInfo timer, CancellationToken ct) => Task.CompletedTask;

    public async Task<IActionResult> Slow(HttpRequest req, CancellationToken ct)
    {
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult(true);
            throw;
        }
        return new Text("finished");
    }

    /// <summary>A plain-text answer that needs no MVC services, which the app does not register.</summary>
    private sealed class Text(string text) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => context.HttpContext.Response.WriteAsync(text);
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class RunnerTests(AzuriteServer azurite) : IDisposable
{
    private static readonly DateTimeOffset Friday = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("runner-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_schedule_with_day_names_fires_at_the_moments_NCrontab_gives_the_host()
    {
        const string cron = "0 0 1 * * MON";
        var host = CrontabSchedule.Parse(cron, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var schedule = CronSchedule.Parse(cron);

        var runner = new List<DateTimeOffset>();
        var expected = new List<DateTimeOffset>();
        for (DateTimeOffset t = Friday, h = Friday; runner.Count < 5; )
        {
            t = schedule.Next(t);
            h = new DateTimeOffset(host.GetNextOccurrence(h.UtcDateTime), TimeSpan.Zero);
            runner.Add(t);
            expected.Add(h);
        }

        Assert.Equal(expected, runner);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), runner[0]); // the Monday after
        Assert.All(runner, t => Assert.Equal(DayOfWeek.Monday, t.DayOfWeek));
        // Forms the old parser refused: month names, day ranges by name, lists with steps.
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 9, 30, 0, TimeSpan.Zero), CronSchedule.Parse("0 30 9 * JAN MON-THU").Next(Friday)); // 1 January 2027 is a Friday
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 20, 0, TimeSpan.Zero), CronSchedule.Parse("0 20-40/15,55 * * * *").Next(Friday));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 55, 0, TimeSpan.Zero), CronSchedule.Parse("0 20-40/15,55 * * * *").Next(Friday.AddMinutes(35)));
    }

    [Fact]
    public async Task The_runner_fires_a_day_name_schedule_on_the_host_moments_and_in_the_zone_a_setting_names()
    {
        var clock = new FakeTimeProvider(Friday);
        var metadata = Metadata(Timer("Weekly", "0 0 1 * * MON"));
        await using (var app = await StartAsync(metadata, HostJsonFile(), clock: clock, settings: new() { ["LocalRunner:Timers"] = "true" }))
        {
            var firings = app.Services.GetRequiredService<TimerFirings>().Reader;
            clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
            Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), (await NextAsync(firings)).Due);
            clock.Advance(TimeSpan.FromDays(7));
            Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero), (await NextAsync(firings)).Due);

            // Down across three Mondays: one late firing, as the host's past-due run, then the next Monday.
            clock.SetUtcNow(new DateTimeOffset(2026, 12, 23, 12, 0, 0, TimeSpan.Zero));
            Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), (await NextAsync(firings)).Due);
            clock.SetUtcNow(new DateTimeOffset(2026, 12, 28, 1, 0, 0, TimeSpan.Zero));
            Assert.Equal(new DateTimeOffset(2026, 12, 28, 1, 0, 0, TimeSpan.Zero), (await NextAsync(firings)).Due);
        }

        // With WEBSITE_TIME_ZONE set, as the host reads it: Monday 01:00 in Beijing is Sunday 17:00 UTC.
        clock = new FakeTimeProvider(Friday);
        await using (var app = await StartAsync(metadata, HostJsonFile(), clock: clock, settings: new() { ["LocalRunner:Timers"] = "true", ["WEBSITE_TIME_ZONE"] = "Asia/Shanghai" }))
        {
            var firings = app.Services.GetRequiredService<TimerFirings>().Reader;
            clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero));
            Assert.Equal(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero), (await NextAsync(firings)).Due);
        }
    }

    [Fact]
    public async Task A_setting_inside_a_schedule_is_resolved_and_a_missing_one_stops_the_start_naming_it()
    {
        var metadata = Metadata(Timer("Weekly", "%ProbeSecond% 0 %ProbeHour% * * MON"));
        await using (var app = await StartAsync(metadata, HostJsonFile(), settings: new() { ["ProbeHour"] = "3", ["ProbeSecond"] = "0" }))
        {
            var timer = Assert.Single(app.Services.GetRequiredService<IReadOnlyList<TimerScheduler.TimerFunction>>());
            Assert.Equal("0 0 3 * * MON", timer.Expression);
            Assert.Equal(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero), timer.Schedule.Next(Friday));
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(metadata, HostJsonFile(), settings: new() { ["ProbeSecond"] = "0" }));
        Assert.Contains("ProbeHour", e.Message);
    }

    [Fact]
    public async Task A_function_level_trigger_needs_the_function_key_and_an_admin_level_one_the_master_key()
    {
        var metadata = Metadata(
            Http("Keyed", "Plain", "get", "keyed", "Function"),
            Http("AdminOnly", "Plain", "get", "admin-only", "Admin"),
            Http("Open", "Plain", "get", "open", "Anonymous"));
        var keys = new Dictionary<string, string?> { ["LocalRunner:FunctionKey"] = "fn-key", ["LocalRunner:MasterKey"] = "master-key" };
        await using var app = await StartAsync(metadata, HostJsonFile(), settings: keys);
        var client = Client(app);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "/api/keyed"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "/api/keyed", key: "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "/api/keyed?code=wrong"));
        using (var refused = await client.GetAsync("/api/keyed"))
        {
            Assert.Empty(await refused.Content.ReadAsStringAsync()); // the host's 401 has no body
        }
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/keyed", key: "fn-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/keyed?code=fn-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/keyed", key: "master-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "/api/admin-only", key: "fn-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/admin-only", key: "master-key"));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/open"));

        // A keyed trigger with no key configured would refuse every caller: the runner does not start.
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(metadata, HostJsonFile(), settings: new() { ["LocalRunner:FunctionKey"] = "fn-key" }));
        Assert.Contains("LocalRunner:MasterKey", e.Message);
        Assert.Contains("AdminOnly", e.Message);
    }

    [Fact]
    public async Task A_known_route_with_a_method_it_does_not_take_falls_through_to_the_apps_catch_all()
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var post = await app.SendAsync(HttpMethod.Post, "health");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("RouteNotFound", post.Headers.GetValues("X-Local-Runner-Function").Single());
        using var patch = await app.SendAsync(HttpMethod.Patch, "assignments/2023-00000000/reports/2023-06");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);
        Assert.Equal("RouteNotFound", patch.Headers.GetValues("X-Local-Runner-Function").Single());
        // The same route still answers the methods it has, each from its own function.
        using var get = await app.SendAsync(HttpMethod.Get, "assignments/2023-00000000/reports/2023-06");
        Assert.Equal("GetReport", get.Headers.GetValues("X-Local-Runner-Function").Single());
        using var health = await app.SendAsync(HttpMethod.Get, "health", token: null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Routing_follows_the_functions_methods_a_wrong_one_falls_through_to_a_function_taking_any_method_else_404()
    {
        var routes = Metadata(Http("Echo", "Echo", "get", "probe/{id}", "Anonymous"));
        await using (var app = await StartAsync(routes, HostJsonFile()))
        {
            using var get = await Client(app).GetAsync("/api/probe/7");
            Assert.Equal("7", await get.Content.ReadAsStringAsync());
            // No function takes DELETE here: the host's answer, 404 with an empty body (not ASP.NET's 405).
            using var delete = await Client(app).DeleteAsync("/api/probe/7");
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
            Assert.Equal("", await delete.Content.ReadAsStringAsync());
        }

        var withCatchAll = Metadata(Http("Echo", "Echo", "get", "probe/{id}", "Anonymous"), HttpAnyMethod("Plain", "Plain", "{*path}"));
        await using (var app = await StartAsync(withCatchAll, HostJsonFile()))
        {
            using var get = await Client(app).GetAsync("/api/probe/7");
            Assert.Equal("7", await get.Content.ReadAsStringAsync());
            using var delete = await Client(app).DeleteAsync("/api/probe/7");
            Assert.Equal("ok", await delete.Content.ReadAsStringAsync());
            using var elsewhere = await Client(app).PostAsync("/api/nothing/here", null);
            Assert.Equal("ok", await elsewhere.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Only_route_values_are_bound_and_a_parameter_the_host_would_fill_from_the_query_stops_the_start()
    {
        await using (var app = await StartAsync(Metadata(Http("Echo", "Echo", "get", "probe/{id}", "Anonymous")), HostJsonFile()))
        {
            using var response = await Client(app).GetAsync("/api/probe/from-route?id=from-query");
            Assert.Equal("from-route", await response.Content.ReadAsStringAsync());
        }

        var unbound = await Assert.ThrowsAsync<NotSupportedException>(() => StartAsync(Metadata(Http("ByQuery", "ByQuery", "get", "probe", "Anonymous")), HostJsonFile()));
        Assert.Contains("'unit'", unbound.Message);
        Assert.Contains("query string", unbound.Message);

        var optional = await Assert.ThrowsAsync<NotSupportedException>(() => StartAsync(Metadata(Http("Echo", "Echo", "get", "probe/{id?}", "Anonymous")), HostJsonFile()));
        Assert.Contains("optional", optional.Message);
    }

    [Fact]
    public async Task Routes_take_the_prefix_host_json_gives_them()
    {
        var metadata = Metadata(Http("Echo", "Echo", "get", "probe/{id}", "Anonymous"));
        await using (var app = await StartAsync(metadata, HostJsonFile(routePrefix: "gov/v1")))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(Client(app), "/gov/v1/probe/1"));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(Client(app), "/api/probe/1"));
        }
        await using (var app = await StartAsync(metadata, HostJsonFile(routePrefix: "")))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(Client(app), "/probe/1"));
        }
        // The app's own host.json keeps the default prefix the clients use.
        Assert.Equal("api", HostJson.Load(HostJson.DefaultPath).RoutePrefix);
    }

    [Fact]
    public async Task A_call_past_the_function_timeout_is_cancelled_and_answered_500()
    {
        RunnerProbe.Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        RunnerProbe.Cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new FakeTimeProvider(Friday);
        await using var app = await StartAsync(Metadata(Http("Slow", "Slow", "get", "slow", "Anonymous")), HostJsonFile(functionTimeout: "00:05:00"), clock: clock);

        var call = Client(app).GetAsync("/api/slow");
        await RunnerProbe.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        using var response = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(await RunnerProbe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task<WebApplication> StartAsync(string metadata, string hostJson, TimeProvider? clock = null, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = "r" + Guid.NewGuid().ToString("N")[..10],
            ["Auth:BootstrapStaffToken"] = TestApp.StaffToken,
            ["LocalRunner:Timers"] = "false",
        };
        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }
        var app = LocalRunnerHost.Build([], all, metadata, services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        }, hostJson);
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) =>
        new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<TimerFiring> NextAsync(System.Threading.Channels.ChannelReader<TimerFiring> firings)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var firing = await firings.ReadAsync(timeout.Token);
        Assert.Null(firing.Error);
        return firing;
    }

    private string Metadata(params object[] functions)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".metadata");
        File.WriteAllText(path, JsonSerializer.Serialize(functions));
        return path;
    }

    private string HostJsonFile(string? routePrefix = null, string? functionTimeout = null)
    {
        var json = new Dictionary<string, object> { ["version"] = "2.0" };
        if (routePrefix is not null)
        {
            json["extensions"] = new { http = new { routePrefix } };
        }
        if (functionTimeout is not null)
        {
            json["functionTimeout"] = functionTimeout;
        }
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }

    /// <summary>A function entry as the Functions SDK writes it into functions.metadata.</summary>
    private static object Http(string name, string method, string verb, string route, string authLevel) => new
    {
        name,
        scriptFile = "Governance.Functions.Tests.dll",
        entryPoint = $"{typeof(RunnerProbe).FullName}.{method}",
        language = "dotnet-isolated",
        bindings = new object[]
        {
            new { name = "req", direction = "In", type = "httpTrigger", authLevel, methods = new[] { verb }, route },
            new { name = "$return", type = "http", direction = "Out" },
        },
    };

    /// <summary>An HTTP function whose trigger names no methods (it takes them all); the SDK then writes no "methods".</summary>
    private static object HttpAnyMethod(string name, string method, string route) => new
    {
        name,
        scriptFile = "Governance.Functions.Tests.dll",
        entryPoint = $"{typeof(RunnerProbe).FullName}.{method}",
        language = "dotnet-isolated",
        bindings = new object[]
        {
            new { name = "req", direction = "In", type = "httpTrigger", authLevel = "Anonymous", route },
            new { name = "$return", type = "http", direction = "Out" },
        },
    };

    private static object Timer(string method, string schedule) => new
    {
        name = method,
        scriptFile = "Governance.Functions.Tests.dll",
        entryPoint = $"{typeof(RunnerProbe).FullName}.{method}",
        language = "dotnet-isolated",
        bindings = new object[] { new { name = "timer", direction = "In", type = "timerTrigger", schedule } },
    };
}
