using Governance.Testing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.LocalRunner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Browser.Tests;

/// <summary>
/// The app as the browser meets it: the real functions behind the local runner (real Kestrel) on a
/// free loopback port, over the fixture's Azurite with storage names of its own, its clock a
/// <see cref="FakeTimeProvider"/> the test sets. The pages are at <see cref="PagesUrl"/>.
/// </summary>
public sealed class BrowserApp : IAsyncDisposable
{
    /// <summary>The documented local staff token, accepted because the app runs over the storage emulator.</summary>
    public const string StaffToken = TestHostSettings.StaffToken;

    /// <summary>2026-10-05 12:00 Beijing: September 2026's report is still on time (due day 5).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 10, 5, 12, 0, 0, TimeSpan.FromHours(8));

    private readonly WebApplication _app;

    private BrowserApp(WebApplication app, FakeTimeProvider clock, CapturedLogs logs)
    {
        _app = app;
        Clock = clock;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Origin = new Uri(address).GetLeftPart(UriPartial.Authority);
        Client = new HttpClient { BaseAddress = new Uri(Origin + "/api/") };
    }

    /// <summary>scheme://host:port of the app, e.g. http://127.0.0.1:41234.</summary>
    public string Origin { get; }

    /// <summary>The start page, <c>/api/app/</c>.</summary>
    public string PagesUrl => Origin + "/api/app/";

    /// <summary>A page by file name, e.g. <c>Page("clerk.html")</c>.</summary>
    public string Page(string file) => PagesUrl + file;

    /// <summary>An API URL, e.g. <c>Api("assignments/x/reports/2026-09")</c>.</summary>
    public string Api(string path) => Origin + "/api/" + path;

    /// <summary>What the app logged; its errors explain a 500 a page met.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>The app's error-level log lines, one block each (exception included).</summary>
    public string Errors => string.Join("\n", Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => $"{e.Category}: {e.Message}"));

    /// <summary>The app's clock; everything the app decides ("now", due dates, timeliness) reads it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>An API client (base address <c>/api/</c>), for setting up and checking what the browser did.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BrowserApp> StartAsync(BrowserFixture fixture, DateTimeOffset? start = null, IDictionary<string, string?>? extra = null)
    {
        var clock = new FakeTimeProvider(start ?? DefaultStart);
        var settings = TestHostSettings.For(fixture.Azurite.ConnectionString, "b" + Guid.NewGuid().ToString("N")[..10], extra);
        var logs = new CapturedLogs();
        var app = LocalRunnerHost.Build([], settings, overrideServices: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        });
        await app.StartAsync();
        return new BrowserApp(app, clock, logs);
    }

    /// <summary>
    /// Moves the app's clock to storage's own time. Download links are signed with the app's clock
    /// and checked by Azurite against the machine's, so do this before following an evidence link.
    /// </summary>
    public void ClockToStorageTime() => Clock.SetUtcNow(StorageClock.Now);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? token = StaffToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await Client.SendAsync(request);
    }

    /// <summary>Sends and returns the JSON answer, failing with the body when the status is not <paramref name="expect"/>.</summary>
    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, HttpContent? content = null, string? token = StaffToken, int expect = 200)
    {
        using var response = await SendAsync(method, path, content, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expect, $"{method} {path}: expected {expect}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Issues a token (<c>POST /tokens</c>) and returns the whole answer (id, token, and signInUrl once issued links exist).</summary>
    public async Task<IssuedToken> IssueTokenAsync(string role, string? unit = null, string? name = null)
    {
        var issued = await JsonAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role, unit, name = name ?? (role == "staff" ? "测试科员" : "测试联络员") }), expect: 201);
        return new IssuedToken(issued.GetProperty("id").GetString()!, issued.GetProperty("token").GetString()!, issued);
    }

    public Task<IssuedToken> IssueUnitTokenAsync(string unit) => IssueTokenAsync("unit", unit);

    /// <summary>Revokes a token (<c>DELETE /tokens/{id}</c>); it stops working at once.</summary>
    public async Task RevokeTokenAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Delete, "tokens/" + Uri.EscapeDataString(id));
        Assert.True((int)response.StatusCode == 204, $"DELETE tokens/{id}: expected 204, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Imports the real 2023 table (附件1) shipped in seed/.</summary>
    public async Task<JsonElement> ImportSeed2023Async()
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoRoot.Path, "seed", "allocation-2023.csv")));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await JsonAsync(HttpMethod.Post, "programmes/2023/allocations", content);
    }

    /// <summary>
    /// A small 2026 programme: 罕台镇/田园社区 (城乡社区服务能力提升, 150,000) and 兴胜街道办事处/新园社区
    /// (示范社区, 100,000), both from 2026-01-01. Returns their assignment ids.
    /// </summary>
    public async Task<(string Tianyuan, string Xinyuan)> Import2026Async()
    {
        var csv = "序号,责任单位,承接项目社区,分配金额,开始日期\n1,罕台镇,田园社区,15万元,2026-01-01\n2,兴胜街道办事处,新园社区,10万元,2026-01-01\n";
        var result = await JsonAsync(HttpMethod.Post, "programmes/2026/allocations", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        var ids = result.GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("assignment").GetProperty("community").GetString()!, a => a.GetProperty("assignment").GetProperty("id").GetString()!);
        return (ids["田园社区"], ids["新园社区"]);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An issued token: its id (for revoking), the secret, and the whole answer of <c>POST /tokens</c>.</summary>
public sealed record IssuedToken(string Id, string Token, JsonElement Answer);
