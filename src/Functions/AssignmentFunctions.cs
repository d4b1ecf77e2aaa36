using Governance.Core.Assignments;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class AssignmentFunctions(Api api, AssignmentService assignments)
{
    [Function("ListAssignments")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{year}/assignments")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await assignments.ListAsync(caller, year, PageQuery.Of(req), ct)));

    [Function("GetAssignment")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{id}")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await assignments.GetAsync(caller, id, ct)));
}
