using System.Net;
using System.Text.Json;

namespace Governance.Functions.Tests;

/// <summary>A request no route takes is answered in words (problem+json), never with an empty body.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WrongMethodTests(AzuriteServer azurite) : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(azurite);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task A_known_path_with_a_method_it_does_not_take_is_405_with_allow()
    {
        using var delete = await _app.SendAsync(HttpMethod.Delete, "health", token: null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(["GET"], delete.Content.Headers.Allow);
        var problem = await ProblemAsync(delete);
        Assert.Equal("method_not_allowed", problem.GetProperty("code").GetString());
        Assert.Contains("DELETE", problem.GetProperty("detail").GetString());

        // A route with several functions lists every method they take.
        using var patch = await _app.SendAsync(HttpMethod.Patch, "assignments/2026-00000000/reports/2026-10");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);
        Assert.Equal(["GET", "POST", "PUT"], patch.Content.Headers.Allow.Order(StringComparer.Ordinal));

        // The pages take GET only.
        using var post = await _app.SendAsync(HttpMethod.Post, "app/index.html", new StringContent("x"), token: null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET"], post.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_path_that_is_no_route_is_404_route_not_found()
    {
        using var response = await _app.SendAsync(HttpMethod.Get, "nowhere", token: null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("route_not_found", problem.GetProperty("code").GetString());
        Assert.Contains("/api/nowhere", problem.GetProperty("detail").GetString());

        using var deep = await _app.SendAsync(HttpMethod.Post, "assignments/x/y/z/w", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, deep.StatusCode);
        Assert.Equal("route_not_found", (await ProblemAsync(deep)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_routes_still_answer_the_methods_they_take()
    {
        using var health = await _app.SendAsync(HttpMethod.Get, "health", token: null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var page = await _app.SendAsync(HttpMethod.Get, "app/", token: null);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
    }
}
