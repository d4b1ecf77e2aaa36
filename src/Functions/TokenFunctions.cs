using Governance.Core.Auth;
using Governance.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class TokenFunctions(Api api, TokenService tokens)
{
    [Function("IssueToken")]
    public Task<IActionResult> Issue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tokens")] HttpRequest req) =>
        api.Authorized(req, async (caller, ct) =>
        {
            caller.EnsureStaff();
            var body = await Api.ReadJsonAsync<TokenService.IssueRequest>(req, "invalid_token_request", "令牌申请有误", ct);
            return ApiResponse.Created(await tokens.IssueAsync(caller, body, ct));
        });

    [Function("RevokeToken")]
    public Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "tokens/{id}")] HttpRequest req, string id) =>
        api.Authorized(req, async (caller, ct) =>
        {
            await tokens.RevokeAsync(caller, id, ct);
            return ApiResponse.NoContent();
        });
}
