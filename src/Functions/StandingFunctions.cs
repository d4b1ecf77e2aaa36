using Governance.Core.Assignments;
using Governance.Core.Standing;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

/// <summary>The programme year at a glance: every assignment's standing, and the month-by-month totals.</summary>
public sealed class StandingFunctions(Api api, AssignmentService assignments, TrendService trend)
{
    [Function("ListStanding")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{year}/standing")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Ok(await assignments.StandingAsync(caller, year, req.Query["unit"].FirstOrDefault(), PageQuery.Of(req), ct)));

    [Function("GetTrend")]
    public Task<IActionResult> Trend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{year}/trend")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await trend.GetAsync(caller, year, ct)));
}
