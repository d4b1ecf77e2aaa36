using Governance.Core.Storage;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class HealthFunctions(Api api, GovernanceStorage storage)
{
    [Function("Health")]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        api.Anonymous(req, async ct =>
        {
            var reachable = await storage.IsReachableAsync(ct);
            var response = new ApiResponse(reachable ? 200 : 503, new { status = reachable ? "ok" : "storage_unavailable", storage = reachable ? "可用" : "不可用" });
            if (!reachable)
            {
                response.Headers["Retry-After"] = "30";
            }
            return response;
        });
}
