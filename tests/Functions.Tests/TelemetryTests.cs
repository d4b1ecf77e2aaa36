using Governance.Testing;
using Governance.Core;
using Governance.Core.Notices;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// What reaches Application Insights: telemetry only where Azure sets its connection string, no
/// robot key or query text in recorded URLs, and the log events the template's alerts match.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteServer azurite)
{
    private const string RobotUrl = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

    [Fact]
    public void Without_a_connection_string_nothing_is_registered_so_local_runs_and_tests_send_nothing()
    {
        var services = new ServiceCollection().AddGovernanceTelemetry(new ConfigurationBuilder().Build());

        Assert.Empty(services);
    }

    [Fact]
    public async Task With_a_connection_string_recorded_urls_keep_host_and_path_but_lose_the_robot_key_and_query_text()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Telemetry.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:9/",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddGovernanceTelemetry(configuration);
        await using var provider = services.BuildServiceProvider();
        var initializers = provider.GetRequiredService<TelemetryConfiguration>().TelemetryInitializers;

        var push = new DependencyTelemetry("Http", "qyapi.weixin.qq.com", "POST /cgi-bin/webhook/send?key=693a91f6", RobotUrl);
        var request = new RequestTelemetry { Url = new Uri("https://func.example.org/api/notices?unit=罕台镇&period=2026-10") };
        foreach (var initializer in initializers)
        {
            initializer.Initialize(push);
            initializer.Initialize(request);
        }

        Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", push.Data);
        Assert.Equal("POST /cgi-bin/webhook/send", push.Name);
        Assert.Equal("https://func.example.org/api/notices", request.Url.ToString());
    }

    [Fact]
    public async Task A_notice_that_ends_failed_logs_the_event_the_alert_matches_naming_the_unit_but_not_the_text()
    {
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.FromHours(8)));
        // A loopback port nobody listens on: the attempt fails, and with one attempt allowed the
        // notice ends 推送失败.
        const string key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
        var webhook = $"http://127.0.0.1:{AzuriteServer.FreePort()}/cgi-bin/webhook/send?key={key}";
        await using var app = await TestApp.StartAsync(azurite,
            new Dictionary<string, string?>
            {
                ["Jobs:Since"] = "2026-11-10",
                ["Notices:MaxAttempts"] = "1",
                ["Notices:Webhooks:0:Unit"] = "罕台镇",
                ["Notices:Webhooks:0:Url"] = webhook,
            },
            clock,
            services => services.AddSingleton<ILoggerProvider>(logs));
        const string personal = "联系人张三，电话13800000000";
        await app.Services.GetRequiredService<NoticeStore>().CreateOnceAsync(
            new Notice(NoticeKind.EvaluationResult, "罕台镇", "2026-01", "验收结果：田园社区", personal, [], clock.GetUtcNow()), CancellationToken.None);

        await Timer.FireAsync(app);

        var failed = Assert.Single(logs.Entries, e => e.EventId == LogEvents.NoticePushFailed);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains(nameof(LogEvents.NoticePushFailed), failed.Message, StringComparison.Ordinal);
        Assert.Contains("罕台镇", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("13800000000", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backup_that_fails_logs_the_event_the_failed_jobs_alert_matches()
    {
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 19, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(azurite, null, clock, services => services.AddSingleton<ILoggerProvider>(logs));
        var backup = app.Services.GetRequiredService<Governance.Core.Backups.TableBackup>();
        await backup.BackupAsync(CancellationToken.None);

        // A second run in the same second finds that backup's manifest and must not overwrite it.
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => backup.BackupAsync(CancellationToken.None));

        var failed = Assert.Single(logs.Entries, e => e.EventId == LogEvents.JobFailed);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains(nameof(LogEvents.JobFailed), failed.Message, StringComparison.Ordinal);
        Assert.Contains("2026-11-10T190000Z", failed.Message, StringComparison.Ordinal);
    }
}
