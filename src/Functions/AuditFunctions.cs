using Governance.Core.Audit;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class AuditFunctions(Api api, AuditLog audit)
{
    [Function("ReadAudit")]
    public Task<IActionResult> Read(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit")] HttpRequest req) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Ok(await audit.ReadAsync(caller, req.Query["assignment"].FirstOrDefault(), PageQuery.Of(req), ct)));
}
