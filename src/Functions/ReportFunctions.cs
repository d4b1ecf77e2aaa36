using Governance.Core.Reports;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class ReportFunctions(Api api, RequestForms forms, ReportService reports)
{
    [Function("SubmitReport")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "assignments/{id}/reports/{period}")] HttpRequest req, string id, string period) =>
        api.Authorized(req, ct => reports.PrefetchAssignmentAsync(id, ct), async (caller, assignment, ct) =>
        {
            var result = await reports.SubmitAsync(caller, assignment, period, forms.Read(req, "invalid_report", ReportMessages.InvalidTitle), ct);
            return new ApiResponse(result.Status, result.Report);
        }, RequestForms.IsMultipart(req) ? BodyKind.Files : BodyKind.Fields);

    /// <summary>The same as the PUT for what a form can send (POST, urlencoded or multipart with files).</summary>
    [Function("PostReport")]
    public Task<IActionResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/reports/{period}")] HttpRequest req, string id, string period) =>
        Submit(req, id, period);

    [Function("GetReport")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{id}/reports/{period}")] HttpRequest req, string id, string period) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await reports.GetAsync(caller, id, period, ct)));
}
