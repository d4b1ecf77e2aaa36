using System.Text;
using Governance.Core.Documents;
using Governance.Core.Periods;
using static Governance.Core.Documents.XlsxBuilder;

namespace Governance.Core.Dispatch;

/// <summary>Renders a dispatch sheet as the .xlsx 调度表 and as a printable HTML page (A4 landscape).</summary>
public static class DispatchDocuments
{
    public static byte[] Workbook(DispatchSheet sheet)
    {
        var month = MonthPeriod.Parse(sheet.Period);
        var xlsx = new XlsxBuilder(DispatchTexts.SheetName, DispatchTexts.Widths);
        xlsx.Banner(DispatchTexts.TitleRow(month, sheet.Totals.Allocation, sheet.Totals.CumulativeSpend), XlsxStyle.Title, 30);
        xlsx.Banner(DispatchTexts.Subtitle(sheet.DueDay, sheet.CompiledAt), XlsxStyle.Plain);
        xlsx.Add(DispatchTexts.Headers.Select(h => (Value)new Text(h, XlsxStyle.Header)).ToList());
        foreach (var r in sheet.Rows)
        {
            xlsx.Add(
            [
                new Number(r.Number, XlsxStyle.Integer), new Text(r.Unit), new Text(r.Community), new Text(r.Task),
                new Number(r.Allocation, XlsxStyle.Money), new Number(r.CumulativeSpend, XlsxStyle.Money), new Number(r.ExecutionRate, XlsxStyle.Percent),
                new Text(DispatchTexts.Met(r.RequirementsMet, r.RequirementsTotal), XlsxStyle.Integer),
                new Text(r.Progress), new Text(r.Problems), new Text(r.NextPlan), new Text(r.Timeliness, XlsxStyle.Integer),
            ]);
        }
        var t = sheet.Totals;
        xlsx.Add(
        [
            new Text(DispatchTexts.Totals, XlsxStyle.TotalText), new Text($"{t.Assignments}个项目", XlsxStyle.TotalText), new Text("", XlsxStyle.TotalText), new Text("", XlsxStyle.TotalText),
            new Number(t.Allocation, XlsxStyle.TotalMoney), new Number(t.CumulativeSpend, XlsxStyle.TotalMoney), new Number(t.ExecutionRate, XlsxStyle.TotalPercent),
            new Text("", XlsxStyle.TotalText), new Text("", XlsxStyle.TotalText), new Text("", XlsxStyle.TotalText), new Text("", XlsxStyle.TotalText),
            new Text(DispatchTexts.Counts(t.OnTime, t.Late, t.Missing), XlsxStyle.TotalText),
        ]);
        xlsx.Banner(DispatchTexts.NotReported(sheet.UnitsNotReported), XlsxStyle.Plain);
        return xlsx.Build();
    }

    public static string Page(DispatchSheet sheet)
    {
        var month = MonthPeriod.Parse(sheet.Period);
        var e = HtmlPage.Encode;
        var body = new StringBuilder();
        body.Append("<h1>").Append(e(sheet.Title)).Append("</h1>\n");
        body.Append("<p class=\"sub\">").Append(e(DispatchTexts.TitleRow(month, sheet.Totals.Allocation, sheet.Totals.CumulativeSpend)[sheet.Title.Length..]))
            .Append("　").Append(e(DispatchTexts.Subtitle(sheet.DueDay, sheet.CompiledAt))).Append("</p>\n");
        body.Append("<table>\n<thead><tr>");
        foreach (var h in DispatchTexts.Headers)
        {
            body.Append("<th>").Append(e(h)).Append("</th>");
        }
        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in sheet.Rows)
        {
            body.Append("<tr").Append(r.Timeliness == Reports.Timeliness.Missing ? " class=\"missing\"" : "").Append('>')
                .Append("<td class=\"num\">").Append(r.Number).Append("</td><td>").Append(e(r.Unit)).Append("</td><td>").Append(e(r.Community))
                .Append("</td><td>").Append(e(r.Task)).Append("</td><td class=\"num\">").Append(DispatchTexts.Yuan(r.Allocation))
                .Append("</td><td class=\"num\">").Append(DispatchTexts.Yuan(r.CumulativeSpend)).Append("</td><td class=\"num\">").Append(e(r.ExecutionRateText))
                .Append("</td><td class=\"num\">").Append(DispatchTexts.Met(r.RequirementsMet, r.RequirementsTotal)).Append("</td><td>").Append(e(r.Progress))
                .Append("</td><td>").Append(e(r.Problems)).Append("</td><td>").Append(e(r.NextPlan)).Append("</td><td>").Append(e(r.Timeliness)).Append("</td></tr>\n");
        }
        var t = sheet.Totals;
        body.Append("<tr class=\"totals\"><td>").Append(DispatchTexts.Totals).Append("</td><td colspan=\"3\">").Append(t.Assignments).Append("个项目</td><td class=\"num\">")
            .Append(DispatchTexts.Yuan(t.Allocation)).Append("</td><td class=\"num\">").Append(DispatchTexts.Yuan(t.CumulativeSpend)).Append("</td><td class=\"num\">")
            .Append(e(t.ExecutionRateText)).Append("</td><td colspan=\"4\"></td><td>").Append(e(DispatchTexts.Counts(t.OnTime, t.Late, t.Missing))).Append("</td></tr>\n");
        body.Append("</tbody>\n</table>\n<p class=\"missing-units\">").Append(e(DispatchTexts.NotReported(sheet.UnitsNotReported))).Append("</p>\n");
        return HtmlPage.Wrap(sheet.Title, "A4 landscape",
            "h1 { text-align: center; font-size: 18pt; }\n.sub { text-align: center; }\ntr.missing td { color: #b00; }\ntr.totals td { font-weight: bold; }\n",
            body.ToString());
    }
}
