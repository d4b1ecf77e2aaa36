using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AccessTests(AzuriteServer azurite) : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite);
        await _app.ImportSeed2023Async();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_unit_sees_only_its_own_assignments_and_gets_403_on_another_units()
    {
        var hantai = await _app.IssueUnitTokenAsync("罕台镇");
        var staffList = await _app.ItemsAsync("programmes/2023/assignments");
        var xinyuanId = staffList.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "新园社区").GetProperty("id").GetString();
        var tianyuanId = staffList.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "田园社区").GetProperty("id").GetString();

        var own = await _app.ItemsAsync("programmes/2023/assignments", token: hantai);
        Assert.Equal(new[] { "田园社区" }, own.EnumerateArray().Select(a => a.GetProperty("community").GetString()!).ToArray());

        using var forbidden = await _app.SendAsync(HttpMethod.Get, $"assignments/{xinyuanId}", token: hantai);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var problem = JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("forbidden", problem.GetProperty("code").GetString());
        Assert.Contains("兴胜街道办事处", problem.GetProperty("detail").GetString());

        var mine = await _app.JsonAsync(HttpMethod.Get, $"assignments/{tianyuanId}", token: hantai);
        Assert.Equal("田园社区", mine.GetProperty("assignment").GetProperty("community").GetString());
    }

    [Fact]
    public async Task Requests_without_a_valid_token_get_401_problems()
    {
        using var none = await _app.SendAsync(HttpMethod.Get, "programmes/2023/assignments", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains("令牌", await none.Content.ReadAsStringAsync());

        using var made = await _app.SendAsync(HttpMethod.Get, "programmes/2023/assignments", token: "dsg_0123456789ab_notarealsecret");
        Assert.Equal(HttpStatusCode.Unauthorized, made.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var issued = await _app.JsonAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "unit", unit = "兴胜街道办事处" }), expect: 201);
        var token = issued.GetProperty("token").GetString();
        await _app.ItemsAsync("programmes/2023/assignments", token: token);

        await _app.JsonAsync(HttpMethod.Delete, $"tokens/{issued.GetProperty("id").GetString()}", expect: 204);

        using var after = await _app.SendAsync(HttpMethod.Get, "programmes/2023/assignments", token: token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        var issued = await _app.JsonAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "staff", name = "王科长" }), expect: 201);
        var token = issued.GetProperty("token").GetString()!;
        var secret = token.Split('_', 3)[2];

        var stored = await _app.Table("Tokens").GetEntityAsync<TableEntity>(issued.GetProperty("id").GetString(), "token");
        Assert.DoesNotContain(stored.Value, kv => kv.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
        var staffList = await _app.ItemsAsync("programmes/2023/assignments", token: token);
        Assert.Equal(2, staffList.GetArrayLength());
    }

    [Fact]
    public async Task Bad_token_requests_name_the_field()
    {
        using var unknownUnit = await _app.SendAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "unit", unit = "罕台" }));
        Assert.Equal(HttpStatusCode.BadRequest, unknownUnit.StatusCode);
        var problem = JsonDocument.Parse(await unknownUnit.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_token_request", problem.GetProperty("code").GetString());
        Assert.Contains("罕台", problem.GetProperty("errors").GetProperty("unit")[0].GetString());

        using var badRole = await _app.SendAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "admin" }));
        var roleProblem = JsonDocument.Parse(await badRole.Content.ReadAsStringAsync()).RootElement;
        Assert.True(roleProblem.GetProperty("errors").TryGetProperty("role", out _));

        using var notJson = await _app.SendAsync(HttpMethod.Post, "tokens", new StringContent("{role:", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("invalid_json", await notJson.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_unit_cannot_issue_tokens()
    {
        var hantai = await _app.IssueUnitTokenAsync("罕台镇");
        using var response = await _app.SendAsync(HttpMethod.Post, "tokens", JsonContent.Create(new { role = "unit", unit = "罕台镇" }), hantai);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
