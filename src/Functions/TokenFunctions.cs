using Governance.Core.Auth;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class TokenFunctions(Api api, RequestForms forms, TokenService tokens, SignInLinks links)
{
    /// <summary>Issues a token; the answer carries its sign-in link (token in the fragment) and that link's QR code.</summary>
    [Function("IssueToken")]
    public Task<IActionResult> Issue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tokens")] HttpRequest req) =>
        api.Authorized(req, async (caller, ct) =>
            ApiResponse.Created(links.For(req, await tokens.IssueAsync(caller, forms.ReadJson(req, "invalid_token_request", "令牌申请有误"), ct))));

    [Function("ListTokens")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tokens")] HttpRequest req) =>
        api.Authorized(req, async (caller, ct) => ApiResponse.Ok(await tokens.ListAsync(caller, PageQuery.Of(req), ct)));

    [Function("GetSession")]
    public Task<IActionResult> Session(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req) =>
        api.Authorized(req, (caller, _) => Task.FromResult<IActionResult>(ApiResponse.Ok(TokenService.Describe(caller))));

    [Function("RevokeToken")]
    public Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "tokens/{id}")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) =>
        {
            await tokens.RevokeAsync(caller, id, ct);
            return ApiResponse.NoContent();
        });
}
