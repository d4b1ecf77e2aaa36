using System.Text.Json;
using Governance.Core;
using Governance.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Functions.Http;

/// <summary>
/// Writes a JSON body itself rather than through MVC formatters, so it behaves the same under the
/// Functions host and the local runner, and Chinese is written unescaped in both.
/// </summary>
public sealed class ApiResponse(int status, object? body, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public int Status { get; } = status;

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>What the JSON answer carries (null for none), for an HTML answer of the same request.</summary>
    public object? Body => body;

    /// <summary>The refusal this answer reports, when it is one.</summary>
    public ProblemException? Refusal { get; private init; }

    public static ApiResponse Ok(object body) => new(200, body);

    public static ApiResponse Created(object body) => new(201, body);

    public static ApiResponse NoContent() => new(204, null);

    public static ApiResponse Problem(ProblemException p)
    {
        var response = new ApiResponse(p.Status, new ProblemBody(
            $"https://dongsheng-2121.local/problems/{p.Code}", p.Title, p.Status, p.Detail ?? p.Title, p.Code, p.Errors),
            "application/problem+json; charset=utf-8") { Refusal = p };
        foreach (var (name, value) in p.Headers)
        {
            response.Headers[name] = value;
        }
        return response;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (body is null)
        {
            return;
        }
        response.ContentType = contentType;
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), Json.Options, context.HttpContext.RequestAborted);
    }

    private sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Code, IReadOnlyDictionary<string, string[]> Errors);
}
