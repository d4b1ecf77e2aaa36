using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

/// <summary>The clerk's form and the bureau's workbench, served from this app's own origin.</summary>
public sealed class PageFunctions(Api api, PageFiles pages)
{
    [Function("GetPage")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "app/{*path}")] HttpRequest req, string? path) =>
        api.Anonymous(req, _ => Task.FromResult(pages.Serve(path)));
}
