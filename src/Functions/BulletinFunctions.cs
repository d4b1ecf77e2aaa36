using Governance.Core.Bulletins;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class BulletinFunctions(Api api, BulletinService bulletins)
{
    [Function("GetBulletin")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "bulletins/{quarter}")] HttpRequest req, string quarter) =>
        api.Authorized(req, async (_, ct) => ApiResponse.Ok(await bulletins.GetAsync(quarter, ct)));
}
