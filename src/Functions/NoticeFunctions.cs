using Governance.Core.Notices;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class NoticeFunctions(Api api, NoticeService notices)
{
    [Function("ListNotices")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notices")] HttpRequest req) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await notices.ListAsync(
            caller, req.Query["kind"].FirstOrDefault(), req.Query["period"].FirstOrDefault(), req.Query["unit"].FirstOrDefault(), PageQuery.Of(req), ct)));
}
