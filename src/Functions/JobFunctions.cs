using Governance.Core.Jobs;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class JobFunctions(Api api, JobService jobs)
{
    /// <summary>The one timer: works out in Beijing time what is due and runs it (schedule: app setting TickSchedule, UTC).</summary>
    [Function("Tick")]
    public async Task Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        _ = timer;
        await jobs.TickAsync(ct);
    }

    [Function("RunJob")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/{job}/run")] HttpRequest req, string job) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await jobs.RunAsync(caller, job, req.Query["period"].FirstOrDefault(), ct)));
}
