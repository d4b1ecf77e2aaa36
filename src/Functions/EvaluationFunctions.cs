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

    private static ApiResponse WithETag(ApiResponse response, EvaluationView view)
    {
        response.Headers["ETag"] = view.ETag;
        return response;
    }
}
