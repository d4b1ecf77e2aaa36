using Governance.Core.Problems;

namespace Governance.Core.Input;

/// <summary>
/// The refusals of a request body as a whole (请求内容), before any field is looked at: bytes that
/// are not UTF-8, more fields than any form of the app has, a body over its route's limit.
/// </summary>
public static class BodyProblems
{
    /// <summary>More fields than any form of the app sends; a form (urlencoded or multipart) with more is refused whole.</summary>
    public const int MaxFormFields = 1024;

    public static ProblemException InvalidEncoding() =>
        new(400, "invalid_encoding", TextMessages.InvalidEncodingTitle, TextMessages.InvalidEncodingDetail);

    public static ProblemException TooManyFields(int max) =>
        new(400, "too_many_fields", "表单字段过多", $"一次提交最多{max}个字段，本次超过了这个数量，未做任何更改。");

    public static ProblemException InvalidForm() =>
        new(400, "invalid_form", "表单内容有误", $"表单格式不正确，或字段过多、过长（最多{MaxFormFields}个字段），未做任何更改。");

    public static ProblemException TooLarge(long maxBytes) =>
        new(413, "request_too_large", "请求内容过大", $"这项操作的请求内容不能超过{Size(maxBytes)}，未做任何更改。");

    public static ProblemException InvalidJson(long lineNumber) =>
        new(400, "invalid_json", "请求内容不是有效的JSON", $"JSON格式错误（第{lineNumber + 1}行）。");

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KB",
        _ => $"{bytes}字节",
    };
}
