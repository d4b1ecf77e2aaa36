using System.Globalization;
using System.Net;
using System.Text;
using Governance.Core.Allocations;
using Governance.Core.Applications;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Governance.Functions.Http;

/// <summary>
/// The answer to an HTML form post when the browser asks for HTML (表单提交结果页): a short Chinese
/// page with the same status code the JSON answer has — “已保存” and what was saved, or “未保存”
/// with the problem and each refused field — and a link back. It carries the pages' security
/// headers; everything shown is escaped. A client that does not prefer HTML gets the JSON.
/// </summary>
public sealed class FormAnswer(HttpRequest request, ApiResponse answer, string contentSecurityPolicy) : IActionResult
{
    /// <summary>Where the link back goes unless the form names a page of this site (<c>return_to</c>).</summary>
    public const string DefaultReturn = "/api/app/";

    /// <summary>
    /// True for a POST whose Accept ranks text/html above JSON, as a browser's navigation does
    /// (<c>text/html,application/xhtml+xml,…,*/*;q=0.8</c>); <c>*/*</c> alone (fetch, curl) ranks them equal.
    /// </summary>
    public static bool Wanted(HttpRequest req)
    {
        if (!HttpMethods.IsPost(req.Method) || !MediaTypeHeaderValue.TryParseList(req.Headers.Accept.OfType<string>().ToList(), out var accept))
        {
            return false;
        }
        return Quality(accept, "text", "html") > Quality(accept, "application", "json");
    }

    /// <summary>The quality the Accept list gives a media type: its most specific match wins (RFC 9110 §12.5.1).</summary>
    private static double Quality(IList<MediaTypeHeaderValue> accept, string type, string subtype)
    {
        var best = -1;
        var quality = 0.0;
        foreach (var range in accept)
        {
            var t = range.Type.ToString();
            var s = range.SubType.ToString();
            var specificity = t == "*" && s == "*" ? 0
                : t.Equals(type, StringComparison.OrdinalIgnoreCase) && s == "*" ? 1
                : t.Equals(type, StringComparison.OrdinalIgnoreCase) && s.Equals(subtype, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (specificity > best)
            {
                best = specificity;
                quality = range.Quality ?? 1.0;
            }
        }
        return quality;
    }

    /// <summary>
    /// The form's <c>return_to</c> when it is a path on this site (<c>/…</c>, not <c>//host</c> nor
    /// <c>/\host</c>, no control characters), else <see cref="DefaultReturn"/>.
    /// </summary>
    public static string ReturnTo(string? given) =>
        given is { Length: > 0 and <= 2000 } path && path[0] == '/' && (path.Length == 1 || path[1] is not ('/' or '\\'))
        && !path.Any(char.IsControl)
            ? path
            : DefaultReturn;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var html = Encoding.UTF8.GetBytes(Page());
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = html.Length;
        response.Headers.CacheControl = "no-store";
        SecurityHeaders.Apply(response, contentSecurityPolicy);
        await response.Body.WriteAsync(html, context.HttpContext.RequestAborted);
    }

    private string Page()
    {
        var back = ReturnTo(RequestForms.Existing(request)?.Edge.GetValueOrDefault(RequestForms.ReturnToField));
        var page = new StringBuilder();
        var refusal = answer.Refusal;
        var title = refusal is null ? FormAnswerTexts.Saved : FormAnswerTexts.NotSaved;
        page.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · ").Append(E(FormAnswerTexts.SiteName)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/api/app/app.css\">\n</head>\n<body>\n<main class=\"form-answer\">\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n");
        if (refusal is null)
        {
            Saved(page);
        }
        else
        {
            page.Append("<p>").Append(E(refusal.Detail ?? refusal.Title)).Append("</p>\n");
            if (refusal.Errors.Count > 0)
            {
                page.Append("<p>").Append(E(FormAnswerTexts.FieldsRefused)).Append("</p>\n<dl class=\"form-errors\">\n");
                foreach (var (field, messages) in refusal.Errors)
                {
                    page.Append("<dt><code>").Append(E(field)).Append("</code></dt>\n");
                    foreach (var message in messages)
                    {
                        page.Append("<dd>").Append(E(message)).Append("</dd>\n");
                    }
                }
                page.Append("</dl>\n");
            }
            page.Append("<p>").Append(E(FormAnswerTexts.NothingWritten)).Append("</p>\n");
        }
        page.Append("<p><a href=\"").Append(E(back)).Append("\">").Append(E(FormAnswerTexts.Back)).Append("</a></p>\n")
            .Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>What was saved, in a sentence, from the body the JSON answer carries; files listed.</summary>
    private void Saved(StringBuilder page)
    {
        IReadOnlyList<EvidenceItem> files = [];
        string sentence;
        switch (answer.Body)
        {
            case ReportService.ReportView report when request.Path.Value?.EndsWith("/return", StringComparison.Ordinal) == true:
                sentence = FormAnswerTexts.ReportReturned(Month(report.Period), report.Current.Version);
                break;
            case ReportService.ReportView report:
                sentence = FormAnswerTexts.ReportSaved(Month(report.Period), report.Current.Version, report.Current.Timeliness);
                files = report.Attachments ?? [];
                break;
            case EvidenceUploadResult upload:
                sentence = FormAnswerTexts.EvidenceSaved(upload.Items.Count);
                files = upload.Items;
                break;
            case EvaluationView evaluation:
                sentence = FormAnswerTexts.EvaluationSaved(evaluation.Current.Version);
                break;
            case ApplicationView application:
                sentence = FormAnswerTexts.ApplicationSaved(application.Community);
                break;
            case AllocationImportService.ImportResult import:
                sentence = FormAnswerTexts.AllocationsImported(import.Year, import.Created, import.Updated, import.Unchanged);
                break;
            default:
                sentence = FormAnswerTexts.SavedPlain;
                break;
        }
        page.Append("<p>").Append(E(sentence)).Append("</p>\n");
        if (files.Count > 0)
        {
            page.Append("<p>").Append(E(FormAnswerTexts.FilesAttached)).Append("</p>\n<ul class=\"form-files\">\n");
            foreach (var file in files)
            {
                page.Append("<li>").Append(E(FormAnswerTexts.File(file.FileName, file.Size, file.Duplicate))).Append("</li>\n");
            }
            page.Append("</ul>\n");
        }
    }

    /// <summary>"2023-06" as 2023年6月 (a period the route already validated).</summary>
    private static string Month(string period) =>
        DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? FormAnswerTexts.Month(day.Year, day.Month)
            : period;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>The Chinese words of the HTML answers to form posts (表单提交结果页), in one place.</summary>
public static class FormAnswerTexts
{
    public const string SiteName = "东胜区“2121”社区治理";
    public const string Saved = "已保存";
    public const string NotSaved = "未保存";
    public const string SavedPlain = "提交的内容已保存。";
    public const string FieldsRefused = "以下字段需要修改：";
    public const string NothingWritten = "本次提交未做任何更改，请返回修改后重新提交。";
    public const string FilesAttached = "已附上的文件：";
    public const string Back = "返回";
    public const string FilesNotAcceptedTitle = "此处不接收文件";
    public const string FilesNotAcceptedDetail = "这项提交只接收文字字段，未做任何更改。证明材料请在证明材料或月度进展中上传。";
    public const string FilesNotAcceptedField = "此处不接收文件，请去掉后重新提交。";

    public static string Month(int year, int month) => $"{year}年{month}月";

    public static string ReportSaved(string month, int version, string timeliness) =>
        $"{month}的月度进展已保存，第 {version} 版，{(timeliness == Timeliness.OnTime ? "按时报送" : timeliness)}。";

    public static string ReportReturned(string month, int version) => $"{month}的月度进展（第 {version} 版）已退回修改。";

    public static string EvidenceSaved(int count) => $"已上传 {count} 个证明材料文件。";

    public static string EvaluationSaved(int version) => $"评估验收记录已保存，第 {version} 版。";

    public static string ApplicationSaved(string community) => $"{community}的申请已提交。";

    public static string AllocationsImported(int year, int created, int updated, int unchanged) =>
        $"{year}年资金分配表已导入：新增 {created} 项，更新 {updated} 项，未变 {unchanged} 项。";

    public static string File(string name, long bytes, bool duplicate) =>
        $"{name}（{Size(bytes)}）{(duplicate ? "，此前已上传过" : "")}";

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} 字节"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };
}
