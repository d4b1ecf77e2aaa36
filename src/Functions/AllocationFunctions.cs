using Governance.Core.Allocations;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class AllocationFunctions(Api api, AllocationImportService imports)
{
    [Function("ImportAllocations")]
    public Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{year}/allocations")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Ok(await imports.ImportAsync(caller, year, fileCt => Api.ReadFileAsync(req, fileCt), ct)), BodyKind.Import);
}
