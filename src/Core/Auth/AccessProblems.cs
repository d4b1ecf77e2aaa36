using Governance.Core.Problems;

namespace Governance.Core.Auth;

/// <summary>The Chinese wording of every access refusal.</summary>
public static class AccessProblems
{
    /// <summary>No bearer token was given: the challenge names the scheme only (RFC 6750 §3).</summary>
    public static ProblemException MissingToken() =>
        Challenge(new(401, "unauthenticated", "未登录或令牌无效", "请在请求头 Authorization 中提供有效的访问令牌（Bearer），或在表单的第一个字段 access_token 中提交。"), "Bearer");

    /// <summary>A token was given but is unknown, revoked or malformed: the challenge says so (RFC 6750 §3.1).</summary>
    public static ProblemException UnknownToken() =>
        Challenge(new(401, "unauthenticated", "未登录或令牌无效", "访问令牌不存在、已撤销或格式不正确。"), "Bearer error=\"invalid_token\"");

    /// <summary>
    /// A token in the address (<c>?access_token=</c>) is refused even when another is given: an
    /// address is written to server logs, browser history and referrers (RFC 6750 §5.3).
    /// </summary>
    public static ProblemException TokenInQuery() =>
        new(400, "token_in_query", "令牌不能放在网址中", "访问令牌不能写在网址的查询参数里（会被记录和转发），未做任何更改。请放在请求头 Authorization 中，或作为表单字段 access_token 提交。",
            new Dictionary<string, string[]> { ["access_token"] = ["请勿在网址中提交访问令牌。"] });

    public static ProblemException StaffOnly() =>
        new(403, "forbidden", "无权操作", "此操作仅限区民政局工作人员。");

    public static ProblemException NotYourUnit(string unit) =>
        new(403, "forbidden", "无权访问", $"此项目属于“{unit}”，您的令牌无权访问。");

    private static ProblemException Challenge(ProblemException p, string challenge)
    {
        p.Headers["WWW-Authenticate"] = challenge;
        return p;
    }
}
