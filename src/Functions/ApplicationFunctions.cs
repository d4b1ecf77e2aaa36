using System.Text.Json;
using Governance.Core.Applications;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class ApplicationFunctions(Api api, RequestForms forms, ApplicationService applications)
{
    [Function("SubmitApplication")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{year}/applications")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Created(await applications.SubmitAsync(caller, year, forms.ReadJson(req, "invalid_application", ApplicationTexts.InvalidTitle), ct)));

    [Function("ListApplications")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{year}/applications")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await applications.ListAsync(caller, year, ct)));
}
