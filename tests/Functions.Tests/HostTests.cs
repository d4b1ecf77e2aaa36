using System.Net;
using System.Text.Json;
using Governance.LocalRunner;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class HostTests(AzuriteServer azurite)
{
    private static IReadOnlyList<FunctionDescription> Functions => FunctionMetadata.Load(FunctionMetadata.DefaultPath);

    [Fact]
    public async Task Every_http_function_in_the_metadata_answers_through_the_runner()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var http = Functions.Where(f => f.HttpTrigger is not null).ToList();
        Assert.NotEmpty(http);
        foreach (var function in http)
        {
            var path = function.HttpTrigger!.Route!
                .Replace("{year}", "2023").Replace("{id}", "2023-00000000").Replace("{period}", "2023-06")
                .Replace("{quarter}", "2023-Q3").Replace("{job}", "dispatch");
            foreach (var method in function.HttpTrigger.Methods)
            {
                using var response = await app.SendAsync(new HttpMethod(method), path);
                Assert.True(response.Headers.TryGetValues("X-Local-Runner-Function", out var names), $"{method} {path} was not served by a function");
                Assert.Equal(function.Name, names!.Single());
                Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            }
        }
    }

    [Fact]
    public void The_worker_host_builds_and_every_function_class_resolves()
    {
        using var host = BuildWorkerHost();

        var classes = Functions.Select(f => f.ResolveMethod().DeclaringType!).Distinct().ToList();
        Assert.NotEmpty(classes);
        foreach (var type in classes)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }
    }

    [Fact]
    public void The_worker_accepts_request_bodies_up_to_the_evidence_file_limit_plus_the_form_framing()
    {
        using var host = BuildWorkerHost();

        var kestrel = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        Assert.Equal(52428800L + 1024 * 1024, kestrel.Limits.MaxRequestBodySize);
    }

    [Fact]
    public async Task Health_answers_200_when_storage_answers()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var response = await app.SendAsync(HttpMethod.Get, "health", token: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task When_storage_is_unreachable_requests_get_503_with_retry_after_and_no_stack_trace()
    {
        var closed = AzuriteServer.FreePort();
        var unreachable = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteServer.AccountKey};" +
                          $"BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;";
        await using var app = await TestApp.StartAsync(unreachable);

        using var health = await app.SendAsync(HttpMethod.Get, "health", token: null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.NotNull(health.Headers.RetryAfter);

        var content = new StringContent("责任单位,承接项目社区,分配金额\n罕台镇,田园社区,15万元\n", System.Text.Encoding.UTF8, "text/csv");
        using var import = await app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", content);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, import.StatusCode);
        Assert.NotNull(import.Headers.RetryAfter);
        var body = await import.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("storage_unavailable", problem.GetProperty("code").GetString());
        Assert.Contains("稍后重试", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
    }

    [Theory]
    [InlineData("0 0 * * * *", "2026-11-26T10:15:00Z", "2026-11-26T11:00:00Z")]
    [InlineData("0 30 16 * * *", "2026-11-26T16:30:00Z", "2026-11-27T16:30:00Z")]
    [InlineData("0 */15 * * * *", "2026-12-31T23:50:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 1 5 * *", "2026-02-05T01:00:00Z", "2026-03-05T01:00:00Z")]
    public void Timer_schedules_fire_at_their_next_utc_occurrence(string cron, string after, string expected)
    {
        var next = CronSchedule.Parse(cron).Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public async Task The_runner_fires_each_timer_function_at_its_next_scheduled_utc_instant()
    {
        // 10:15 UTC: SweepEvidence is due at 10:30 (0 30 * * * *), Tick at 11:00 (0 0 * * * *).
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.Zero));
        // Jobs:Since keeps the first tick's catch-up to a day: the test is about when timers fire, not what Tick does.
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["LocalRunner:Timers"] = "true", ["Jobs:Since"] = "2026-11-19" }, clock);
        var firings = app.Services.GetRequiredService<TimerFirings>().Reader;
        Assert.False(firings.TryRead(out _));

        clock.Advance(TimeSpan.FromMinutes(50));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var fired = new List<TimerFiring> { await firings.ReadAsync(timeout.Token), await firings.ReadAsync(timeout.Token) };
        Assert.Equal(
            new[] { ("SweepEvidence", new DateTimeOffset(2026, 11, 20, 10, 30, 0, TimeSpan.Zero)), ("Tick", new DateTimeOffset(2026, 11, 20, 11, 0, 0, TimeSpan.Zero)) },
            fired.Select(f => (f.Function, f.Due)).OrderBy(f => f.Due).ToArray());
        Assert.All(fired, f => Assert.Null(f.Error));
    }

    /// <summary>The worker's own host, built as Program.cs builds it, without the Functions host attached.</summary>
    private Microsoft.Extensions.Hosting.IHost BuildWorkerHost()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Auth:BootstrapStaffToken"] = TestApp.StaffToken,
        });
        builder.Services.AddGovernanceFunctions(builder.Configuration);
        return builder.Build();
    }
}
