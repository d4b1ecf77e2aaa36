using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

/// <summary>
/// Serves the HTTP contract (docs/openapi.yaml) as the app carries it: the file is embedded in this
/// assembly at build time, so what a deployment answers is the contract it was built with.
/// </summary>
public sealed class OpenApiFunctions(Api api)
{
    public const string ResourceName = "Governance.Functions.openapi.yaml";
    public const string ContentType = "application/yaml; charset=utf-8";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The contract {ResourceName} is not embedded in {typeof(OpenApiFunctions).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function("GetOpenApi")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.yaml")] HttpRequest req) =>
        api.Anonymous(req, _ => Task.FromResult<IActionResult>(new BytesResult(Document.Value, ContentType)));

    private sealed class BytesResult(byte[] bytes, string contentType) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
        }
    }
}
