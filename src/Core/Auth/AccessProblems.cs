using Governance.Core.Problems;

namespace Governance.Core.Auth;

/// <summary>The Chinese wording of every access refusal.</summary>
public static class AccessProblems
{
    public static ProblemException MissingToken() =>
        new(401, "unauthenticated", "未登录或令牌无效", "请在请求头 Authorization 中提供有效的访问令牌（Bearer）。");

    public static ProblemException UnknownToken() =>
        new(401, "unauthenticated", "未登录或令牌无效", "访问令牌不存在、已撤销或格式不正确。");

    public static ProblemException StaffOnly() =>
        new(403, "forbidden", "无权操作", "此操作仅限区民政局工作人员。");

    public static ProblemException NotYourUnit(string unit) =>
        new(403, "forbidden", "无权访问", $"此项目属于“{unit}”，您的令牌无权访问。");
}
