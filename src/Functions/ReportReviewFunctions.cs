using Governance.Core.Reports;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

/// <summary>A report before and after it is sent: the preview a clerk sees while typing, and staff returning it for revision.</summary>
public sealed class ReportReviewFunctions(Api api, RequestForms forms, ReportService reports)
{
    [Function("PreviewReport")]
    public Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/reports/{period}/preview")] HttpRequest req, string id, string period) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Ok(await reports.PreviewAsync(caller, id, period, forms.Read(req, "invalid_report", ReportMessages.InvalidTitle), ct)),
            RequestForms.IsMultipart(req) ? BodyKind.Files : BodyKind.Fields);

    [Function("ReturnReport")]
    public Task<IActionResult> Return(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/reports/{period}/return")] HttpRequest req, string id, string period) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Ok(await reports.ReturnAsync(caller, id, period, forms.Read(req, "invalid_return", ReportMessages.InvalidReturnTitle), ct)));
}
