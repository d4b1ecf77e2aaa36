using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace Governance.Functions.Tests;

/// <summary>
/// The HTTP contract (docs/openapi.yaml) is machine-checked: a real OpenAPI reader parses it, it
/// lists exactly the functions' routes, the app serves it, and the behaviours it promises for
/// every route (paging, the 401 challenge) hold.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContractTests(AzuriteServer azurite)
{
    private static readonly string ContractPath = Path.Combine(RepoRoot.Path, "docs", "openapi.yaml");

    /// <summary>Every HTTP function: its [Function] name, route and methods, read from the attributes in the Functions assembly.</summary>
    private static IReadOnlyList<(string Name, string Method, string Route)> HttpFunctions() =>
        typeof(OpenApiFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .SelectMany(f => (f.Trigger!.Methods ?? []).Select(method => (f.Function!.Name, method.ToUpperInvariant(), "/" + f.Trigger.Route!.Trim('/').Replace("{*", "{", StringComparison.Ordinal))))
            .ToList();

    private static OpenApiDocument ReadContract()
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var (document, diagnostic) = OpenApiDocument.Parse(File.ReadAllText(ContractPath), "yaml", settings);
        Assert.NotNull(diagnostic);
        Assert.True(diagnostic.Errors.Count == 0, "docs/openapi.yaml does not read cleanly:\n" + string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.NotNull(document);
        return document;
    }

    private static IEnumerable<(string Path, string Method, OpenApiOperation Operation)> Operations(OpenApiDocument document) =>
        document.Paths.SelectMany(p => (p.Value.Operations ?? []).Select(o => (p.Key, o.Key.Method.ToUpperInvariant(), o.Value)));

    [Fact]
    public void The_contract_parses_and_lists_exactly_the_functions_routes()
    {
        var document = ReadContract();
        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var served = HttpFunctions().Select(f => $"{f.Method} {f.Route}").ToHashSet();

        Assert.NotEmpty(served);
        Assert.Empty(served.Except(documented).Order());
        Assert.Empty(documented.Except(served).Order());
    }

    [Fact]
    public void Every_operation_is_named_after_its_function_once()
    {
        var byRoute = HttpFunctions().ToDictionary(f => $"{f.Method} {f.Route}", f => f.Name);
        var operations = Operations(ReadContract()).ToList();

        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.Operation.OperationId), $"{o.Method} {o.Path} has no operationId"));
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.OperationId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(operations, o => Assert.Equal(byRoute.GetValueOrDefault($"{o.Method} {o.Path}"), o.Operation.OperationId));
    }

    [Fact]
    public void Every_4xx_is_a_problem_and_every_401_and_503_carries_its_header()
    {
        foreach (var (path, method, operation) in Operations(ReadContract()))
        {
            var where = $"{method} {path}";
            var needsToken = operation.Security is not { Count: 0 };
            Assert.True(!needsToken || operation.Responses!.ContainsKey("401"), $"{where} takes a token but documents no 401");
            foreach (var (status, response) in operation.Responses!)
            {
                if (status[0] == '4')
                {
                    Assert.True(response.Content?.ContainsKey("application/problem+json") == true, $"{where} {status} is not a problem+json");
                }
                if (status == "401")
                {
                    Assert.True(response.Headers?.ContainsKey("WWW-Authenticate") == true, $"{where} 401 has no WWW-Authenticate");
                }
                if (status == "503")
                {
                    Assert.True(response.Headers?.ContainsKey("Retry-After") == true, $"{where} 503 has no Retry-After");
                }
            }
        }
    }

    [Fact]
    public async Task The_app_serves_the_contract_byte_for_byte_without_a_token()
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var response = await app.SendAsync(HttpMethod.Get, "openapi.yaml", token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(await File.ReadAllBytesAsync(ContractPath), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_401_challenges_with_bearer_and_says_invalid_token_when_one_was_given()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ImportSeed2023Async();

        using var none = await app.SendAsync(HttpMethod.Get, "programmes/2023/assignments", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", Challenge(none));

        using var unknown = await app.SendAsync(HttpMethod.Get, "audit", token: "dsg_0123456789ab_notarealsecret");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", Challenge(unknown));

        var issued = await app.JsonAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "unit", unit = "罕台镇" }), expect: 201);
        await app.JsonAsync(HttpMethod.Delete, $"tokens/{issued.GetProperty("id").GetString()}", expect: 204);
        using var revoked = await app.SendAsync(HttpMethod.Get, "notices?unit=" + Uri.EscapeDataString("罕台镇"), token: issued.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", Challenge(revoked));
    }

    [Fact]
    public async Task The_audit_trail_answers_two_entries_and_a_continuation_that_yields_the_rest()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ImportSeed2023Async();
        foreach (var unit in new[] { "罕台镇", "兴胜街道办事处", "罕台镇", "兴胜街道办事处" })
        {
            await app.IssueUnitTokenAsync(unit);
        }
        var whole = await app.JsonAsync(HttpMethod.Get, "audit?limit=1000");
        Assert.Null(whole.GetProperty("continuation").GetString());
        var all = Entries(whole);
        Assert.Equal(5, all.Count);

        var first = await app.JsonAsync(HttpMethod.Get, "audit?limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var continuation = first.GetProperty("continuation").GetString();
        Assert.False(string.IsNullOrEmpty(continuation));

        var rest = await app.JsonAsync(HttpMethod.Get, "audit?continuation=" + Uri.EscapeDataString(continuation!));
        Assert.Null(rest.GetProperty("continuation").GetString());
        Assert.Equal(all, Entries(first).Concat(Entries(rest)).ToList());
    }

    [Fact]
    public async Task Assignments_page_one_at_a_time_to_the_whole_year()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ImportSeed2023Async();

        var first = await app.JsonAsync(HttpMethod.Get, "programmes/2023/assignments?limit=1");
        Assert.Equal(1, first.GetProperty("items").GetArrayLength());
        var next = await app.JsonAsync(HttpMethod.Get, "programmes/2023/assignments?limit=1&continuation=" + Uri.EscapeDataString(first.GetProperty("continuation").GetString()!));
        var communities = first.GetProperty("items").EnumerateArray().Concat(next.GetProperty("items").EnumerateArray())
            .Select(a => a.GetProperty("community").GetString()).Order().ToList();

        Assert.Equal(["新园社区", "田园社区"], communities);
    }

    [Theory]
    [InlineData("audit?limit=0", "limit")]
    [InlineData("audit?limit=1001", "limit")]
    [InlineData("audit?limit=abc", "limit")]
    [InlineData("audit?continuation=made-up", "continuation")]
    [InlineData("programmes/2023/assignments?limit=0", "limit")]
    [InlineData("programmes/2023/assignments?continuation=c1.", "continuation")]
    [InlineData("notices?period=2023-10&limit=-5", "limit")]
    [InlineData("notices?period=2023-10&continuation=%E7%BF%BB%E9%A1%B5", "continuation")]
    public async Task Bad_paging_is_a_400_naming_the_field(string path, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var response = await app.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_paging", problem.GetProperty("code").GetString());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray());
    }

    private static string Challenge(HttpResponseMessage response) =>
        Assert.Single(response.Headers.WwwAuthenticate).ToString();

    private static List<string> Entries(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => e.GetRawText()).ToList();
}
