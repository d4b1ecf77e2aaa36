using Governance.Core.Input;
using Governance.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace Governance.Core.Reports;

/// <summary>The report fields of a request, whichever body kind it used (JSON, urlencoded or multipart; see docs/openapi.yaml).</summary>
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
            // Read by the app's own strict reader: ASP.NET's form reader answers too many fields with an
            // InvalidDataException (a 500) and turns bytes that are not UTF-8 into U+FFFD unnoticed.
            return UrlEncodedForm.Parse(await Utf8Text.ReadAllAsync(req.Body, ct));
        }
        throw new ProblemException(415, "unsupported_media_type", "不支持的内容类型",
            $"月度进展请以 application/json、application/x-www-form-urlencoded 或 multipart/form-data 提交，收到“{type}”。");
    }
}
