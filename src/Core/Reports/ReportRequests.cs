using Governance.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace Governance.Core.Reports;

/// <summary>The report fields of a request, whichever of API.md's body kinds it used.</summary>
public static class ReportRequests
{
    public static bool IsMultipart(HttpRequest req) =>
        req.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>JSON or a urlencoded form (multipart goes through the evidence upload, which streams files).</summary>
    public static async Task<Dictionary<string, string>> ReadFieldsAsync(HttpRequest req, FieldErrors errors, CancellationToken ct)
    {
        var type = req.ContentType ?? "";
        if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return await ReportService.ReadJsonFieldsAsync(req.Body, errors, ct);
        }
        if (type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = await req.ReadFormAsync(ct);
            return form.ToDictionary(f => f.Key, f => f.Value.LastOrDefault() ?? "", StringComparer.Ordinal);
        }
        throw new ProblemException(415, "unsupported_media_type", "不支持的内容类型",
            $"月度进展请以 application/json、application/x-www-form-urlencoded 或 multipart/form-data 提交，收到“{type}”。");
    }
}
