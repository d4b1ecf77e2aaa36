using System.Net;
using System.Text;
using Governance.Core.Input;

namespace Governance.Core.Documents;

/// <summary>
/// A self-contained printable page: inline CSS only, no scripts, fonts or images fetched from
/// elsewhere, so it prints the same offline as online.
/// </summary>
public static class HtmlPage
{
    /// <summary>Cleaned first (<see cref="TextPolicy.Clean"/>): stored text from before the policy must not reorder or hide what a page shows.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(TextPolicy.Clean(text));

    public static string Wrap(string title, string pageSize, string extraCss, string body) =>
        new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("@page { size: ").Append(pageSize).Append("; margin: 15mm; }\n")
            .Append("body { font-family: \"FangSong\", \"仿宋\", \"SimSun\", \"宋体\", serif; color: #000; margin: 0 auto; max-width: 1200px; }\n")
            .Append("table { border-collapse: collapse; width: 100%; }\n")
            .Append("th, td { border: 1px solid #000; padding: 3px 5px; font-size: 11pt; vertical-align: top; }\n")
            .Append("th { background: #eee; }\n")
            .Append(".num { text-align: right; white-space: nowrap; }\n")
            .Append("@media print { body { max-width: none; } th { background: none; } tr { page-break-inside: avoid; } }\n")
            .Append(extraCss)
            .Append("</style>\n</head>\n<body>\n").Append(body).Append("</body>\n</html>\n")
            .ToString();
}
