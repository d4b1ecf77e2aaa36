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
        {
            // An HTML form (urlencoded or multipart) with the JSON's field names reads as that JSON.
            var (body, _) = await FormJson.ReadAsync(forms.ReadJson(req, "invalid_application", ApplicationTexts.InvalidTitle), NoBooleans, ct);
            return ApiResponse.Created(await applications.SubmitAsync(caller, year, body, ct));
        });

    private static readonly IReadOnlySet<string> NoBooleans = new HashSet<string>();

    [Function("ListApplications")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{year}/applications")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await applications.ListAsync(caller, year, ct)));
}
