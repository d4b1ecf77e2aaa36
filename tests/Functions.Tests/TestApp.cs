using Governance.Testing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Governance.LocalRunner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Governance.Functions.Tests;

/// <summary>
/// The app as a clerk's browser meets it: the real functions behind the local runner on a free
/// loopback port, over the shared Azurite, with storage names of its own.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    // The documented local value: accepted because every test app runs over the storage emulator (Azurite).
    public const string StaffToken = TestHostSettings.StaffToken;

    private readonly WebApplication _app;

    private TestApp(WebApplication app, string prefix, string connectionString)
    {
        _app = app;
        NamePrefix = prefix;
        ConnectionString = connectionString;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address + "/api/") };
    }

    public HttpClient Client { get; }

    public string NamePrefix { get; }

    public string ConnectionString { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(AzuriteServer azurite, IDictionary<string, string?>? extra = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null) =>
        await StartAsync(azurite.ConnectionString, extra, clock, services);

    /// <param name="clock">Replaces the app's TimeProvider (e.g. a FakeTimeProvider), for time-dependent behaviour.</param>
    /// <param name="services">Further registrations after the app's own (e.g. a fault-injecting table policy).</param>
    public static async Task<TestApp> StartAsync(string connectionString, IDictionary<string, string?>? extra = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        // A caller may pass Storage:NamePrefix to start a second app over the first one's storage (a restart).
        var prefix = extra is not null && extra.TryGetValue("Storage:NamePrefix", out var given) && !string.IsNullOrEmpty(given)
            ? given
            : "t" + Guid.NewGuid().ToString("N")[..10];
        var settings = TestHostSettings.For(connectionString, prefix, extra);
        var app = LocalRunnerHost.Build([], settings, overrideServices: registrations =>
        {
            if (clock is not null)
            {
                registrations.AddSingleton(clock);
            }
            services?.Invoke(registrations);
        });
        await app.StartAsync();
        return new TestApp(app, prefix, connectionString);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? token = StaffToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? token = StaffToken)
    {
        var request = Request(method, path, token);
        request.Content = content;
        return await Client.SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, HttpContent? content = null, string? token = StaffToken, int expect = 200)
    {
        using var response = await SendAsync(method, path, content, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expect, $"{method} {path}: expected {expect}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Every item of a paged list (<c>{"items","continuation"}</c>), following continuations to the
    /// end, as one JSON array.
    /// </summary>
    public async Task<JsonElement> ItemsAsync(string path, string? token = StaffToken)
    {
        var items = new List<JsonElement>();
        string? continuation = null;
        do
        {
            var page = await JsonAsync(HttpMethod.Get, continuation is null ? path : path + (path.Contains('?') ? "&" : "?") + "continuation=" + Uri.EscapeDataString(continuation), token: token);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);
        return JsonSerializer.SerializeToElement(items);
    }

    /// <summary>Imports the real 2023 table (附件1) shipped in seed/.</summary>
    public async Task<JsonElement> ImportSeed2023Async()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(RepoRoot.Path, "seed", "allocation-2023.csv"));
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await JsonAsync(HttpMethod.Post, "programmes/2023/allocations", content);
    }

    public async Task<string> IssueUnitTokenAsync(string unit)
    {
        var issued = await JsonAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "unit", unit }), expect: 201);
        return issued.GetProperty("token").GetString()!;
    }

    /// <summary>Imports a 2026 programme: 罕台镇/田园社区 (service capacity, 150,000) and 兴胜街道办事处/新园社区 (model community, 100,000), both from 2026-01-01.</summary>
    public async Task<(string Tianyuan, string Xinyuan)> Import2026Async()
    {
        var csv = "序号,责任单位,承接项目社区,分配金额,开始日期\n1,罕台镇,田园社区,15万元,2026-01-01\n2,兴胜街道办事处,新园社区,10万元,2026-01-01\n";
        var result = await JsonAsync(HttpMethod.Post, "programmes/2026/allocations", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        var ids = result.GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("assignment").GetProperty("community").GetString()!, a => a.GetProperty("assignment").GetProperty("id").GetString()!);
        return (ids["田园社区"], ids["新园社区"]);
    }

    public TableClient Table(string name) => new TableServiceClient(ConnectionString).GetTableClient(NamePrefix + name);

    public BlobContainerClient Container(string name) =>
        new BlobServiceClient(ConnectionString, new BlobClientOptions(Governance.Core.GovernanceServices.BlobServiceVersion))
            .GetBlobContainerClient((NamePrefix + name).ToLowerInvariant());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
