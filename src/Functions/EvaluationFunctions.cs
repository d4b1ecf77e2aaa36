using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class EvaluationFunctions(Api api, RequestForms forms, EvaluationService evaluations, OutcomeService outcomes)
{
    [Function("RecordEvaluation")]
    public Task<IActionResult> Record(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "assignments/{id}/evaluation")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) =>
        {
            var preconditions = new Preconditions(req.Headers.IfMatch.ToString(), req.Headers.IfNoneMatch.ToString());
            var result = await evaluations.RecordAsync(caller, id, forms.ReadJson(req, "invalid_evaluation", EvaluationTexts.InvalidTitle), preconditions, ct);
            return WithETag(new ApiResponse(result.Status, result.View), result.View);
        });

    /// <summary>
    /// The same as the PUT for an HTML form (urlencoded or multipart, <c>results[0].passed</c> and so
    /// on); the form field <c>ifMatch</c> stands in for the If-Match header when that is absent.
    /// </summary>
    [Function("PostEvaluation")]
    public Task<IActionResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/evaluation")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) =>
        {
            var (body, ifMatch) = await FormJson.ReadAsync(forms.ReadJson(req, "invalid_evaluation", EvaluationTexts.InvalidTitle), FormBooleans, ct);
            var header = req.Headers.IfMatch.ToString();
            var preconditions = new Preconditions(string.IsNullOrWhiteSpace(header) ? ifMatch : header, req.Headers.IfNoneMatch.ToString());
            var result = await evaluations.RecordAsync(caller, id, body, preconditions, ct);
            return WithETag(new ApiResponse(result.Status, result.View), result.View);
        });

    [Function("GetEvaluation")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{id}/evaluation")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) =>
        {
            var view = await evaluations.GetAsync(caller, id, ct);
            return WithETag(ApiResponse.Ok(view), view);
        });

    [Function("ListOutcomes")]
    public Task<IActionResult> Outcomes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{year}/outcomes")] HttpRequest req, string year) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await outcomes.ListAsync(caller, year, ct)));

    private static readonly IReadOnlySet<string> FormBooleans = new HashSet<string>(StringComparer.Ordinal) { "passed" };

    private static ApiResponse WithETag(ApiResponse response, EvaluationView view)
    {
        response.Headers["ETag"] = view.ETag;
        return response;
    }
}
