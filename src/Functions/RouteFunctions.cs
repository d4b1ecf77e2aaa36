using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

/// <summary>
/// Every request no other function takes (a wrong method, a mistyped address) gets problem+json,
/// never an empty body: 405 with Allow when the path is a route for other methods, else 404. The
/// trigger names no methods, so it takes all; the host tries it after every more specific route.
/// </summary>
public sealed class RouteFunctions(Api api, KnownRoutes routes)
{
    [Function("RouteNotFound")]
    public Task<IActionResult> NotFound(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "{*path}")] HttpRequest req, string? path) =>
        api.Anonymous(req, _ => Task.FromResult<IActionResult>(ApiResponse.Problem(routes.Refusal(req.Method, path))));
}
