using Governance.Core.Dispatch;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class DispatchFunctions(Api api, DispatchService dispatches)
{
    [Function("GetDispatch")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dispatches/{period}")] HttpRequest req, string period) =>
        api.Authorized(req, async (_, ct) => ApiResponse.Ok(await dispatches.GetAsync(period, ct)));
}
