using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Governance.Functions.Tests;

/// <summary>
/// The routes that take JSON only (tokens, evaluation, applications) read their body through the
/// web edge and hand it to the service: a body without a Content-Type is still read as JSON, any
/// other type is a 415 quoting it, and a caller of the wrong role is refused before the body is read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class JsonRouteBodyTests(AzuriteServer azurite)
{
    private static ByteArrayContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return content;
    }

    [Fact]
    public async Task A_token_request_without_a_content_type_is_read_as_json_and_another_type_is_refused_naming_it()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ImportSeed2023Async();

        var issued = await app.JsonAsync(HttpMethod.Post, "tokens", Body("""{"role":"unit","unit":"罕台镇"}""", null), expect: 201);
        Assert.Equal("罕台镇", issued.GetProperty("unit").GetString());

        var refused = await app.JsonAsync(HttpMethod.Post, "tokens", Body("role=unit&unit=罕台镇", "text/plain; charset=utf-8"), expect: 415);
        Assert.Equal("unsupported_media_type", refused.GetProperty("code").GetString());
        Assert.Contains("text/plain", refused.GetProperty("detail").GetString());

        var broken = await app.JsonAsync(HttpMethod.Post, "tokens", Body("{\"role\":", "application/json"), expect: 400);
        Assert.Equal("invalid_json", broken.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_unit_is_refused_an_evaluation_before_its_body_is_read_and_staff_get_the_json_error()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (tianyuan, _) = await app.Import2026Async();
        var unit = await app.IssueUnitTokenAsync("罕台镇");

        // The body is not JSON at all: the unit still hears that evaluation is staff work, not a parse error.
        var forbidden = await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/evaluation", Body("not json", "application/json"), token: unit, expect: 403);
        Assert.NotEqual("invalid_json", forbidden.GetProperty("code").GetString());

        var broken = await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/evaluation", Body("not json", "application/json"), expect: 400);
        Assert.Equal("invalid_json", broken.GetProperty("code").GetString());

        var form = await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/evaluation", Body("completedOn=2026-10-01", "application/x-www-form-urlencoded"), expect: 415);
        Assert.Equal("unsupported_media_type", form.GetProperty("code").GetString());

        var audit = await app.ItemsAsync($"audit?assignment={tianyuan}");
        Assert.DoesNotContain(audit.EnumerateArray(), e => e.GetProperty("action").GetString()!.StartsWith("evaluation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_are_refused_an_application_before_its_body_is_read()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ImportSeed2023Async();
        var refused = await app.JsonAsync(HttpMethod.Post, "programmes/2024/applications", Body("{broken", "application/json"), expect: 403);
        Assert.NotEqual("invalid_json", refused.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.String, refused.GetProperty("title").ValueKind);
    }
}
