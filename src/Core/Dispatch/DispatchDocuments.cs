using System.Text;
using Governance.Core.Documents;
using Governance.Core.Periods;
using static Governance.Core.Documents.XlsxBuilder;

namespace Governance.Core.Dispatch;

/// <summary>
/// Renders a dispatch sheet as the .xlsx 调度表 and as a printable HTML page, both for A4 landscape.
/// The workbook has three sheets so each prints readably: the dispatch (figures and the start of
/// each text), each requirement's progress as the unit reported it, and the reported texts in full.
/// </summary>
public static class DispatchDocuments
{
    public static byte[] Workbook(DispatchSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var book = new XlsxBuilder();
        Dispatch(book.AddSheet(DispatchTexts.SheetName, DispatchTexts.Widths), sheet);
        Requirements(book.AddSheet(DispatchTexts.RequirementsSheet, DispatchTexts.RequirementWidths), sheet);
        Texts(book.AddSheet(DispatchTexts.TextsSheet, DispatchTexts.TextWidths), sheet);
        return book.Build();
    }

    private static void Dispatch(XlsxSheet xlsx, DispatchSheet sheet)
    {
        var last = DispatchTexts.Headers.Length - 1;
        xlsx.Banner(sheet.Title, XlsxStyle.Title, 30);
        xlsx.Banner(DispatchTexts.Compiled(sheet.CompiledBy, sheet.Contact, sheet.DueDay, sheet.CompiledAt), XlsxStyle.Subtitle);
        xlsx.Banner(sheet.Totals.Text, XlsxStyle.Subtitle);
        xlsx.RepeatRows = (xlsx.NextRow, xlsx.NextRow);
        xlsx.Add(DispatchTexts.Headers.Select(h => (Value)new Text(h, XlsxStyle.Header)).ToList());
        foreach (var r in sheet.Rows)
        {
            xlsx.Add(
            [
                new Number(r.Number, XlsxStyle.Integer), new Text(r.Unit), new Text(r.Community), new Text(r.Task),
                new Number(r.Allocation, XlsxStyle.Money), new Number(r.CumulativeSpend, XlsxStyle.Money),
                new Number(r.ExecutionRate, r.Overspent ? XlsxStyle.PercentFlagged : XlsxStyle.Percent),
                new Number(r.ProgressShare, XlsxStyle.Percent), new Text(r.ProgressText),
                new Text(DispatchTexts.Excerpt(r.Progress)), new Text(DispatchTexts.Excerpt(r.Problems)), new Text(DispatchTexts.Excerpt(r.NextPlan)),
                new Text(r.StateText, XlsxStyle.Centered),
            ]);
        }
        var t = sheet.Totals;
        var totals = new List<Value>
        {
            new Text(DispatchTexts.Totals, XlsxStyle.TotalText), new Text(DispatchTexts.Assignments(t.Assignments), XlsxStyle.TotalText),
            new Text("", XlsxStyle.TotalText), new Text("", XlsxStyle.TotalText),
            new Number(t.Allocation, XlsxStyle.TotalMoney), new Number(t.CumulativeSpend, XlsxStyle.TotalMoney), new Number(t.ExecutionRate, XlsxStyle.TotalPercent),
            new Text("", XlsxStyle.TotalText), new Text("", XlsxStyle.TotalText),
            new Text(DispatchTexts.Counts(t.OnTime, t.Late, t.Missing, t.Returned), XlsxStyle.TotalText),
        };
        totals.AddRange(Enumerable.Range(0, last - 9).Select(_ => (Value)new Text("", XlsxStyle.TotalText)));
        xlsx.Add(totals);
        xlsx.MergeLast(1, 3);
        xlsx.MergeLast(9, last);
        xlsx.Banner(DispatchTexts.NotReported(sheet.UnitsNotReported), XlsxStyle.Note);
        xlsx.Banner(DispatchTexts.Note, XlsxStyle.Note);
    }

    private static void Requirements(XlsxSheet xlsx, DispatchSheet sheet)
    {
        var title = $"{sheet.Title}——{DispatchTexts.RequirementsSheet}";
        xlsx.Banner(title, XlsxStyle.Title, 30);
        xlsx.RepeatRows = (xlsx.NextRow, xlsx.NextRow);
        xlsx.Add(DispatchTexts.RequirementHeaders.Select(h => (Value)new Text(h, XlsxStyle.Header)).ToList());
        foreach (var r in sheet.Rows)
        {
            foreach (var q in r.Requirements)
            {
                xlsx.Add(
                [
                    new Number(r.Number, XlsxStyle.Integer), new Text(r.Unit), new Text(r.Community), new Text($"{q.Id} {q.Name}"),
                    new Text(q.Reported, XlsxStyle.Centered), new Text(q.Note), new Text(q.State, XlsxStyle.Centered),
                ]);
            }
        }
    }

    private static void Texts(XlsxSheet xlsx, DispatchSheet sheet)
    {
        xlsx.Banner($"{sheet.Title}——{DispatchTexts.TextsSheet}", XlsxStyle.Title, 30);
        xlsx.RepeatRows = (xlsx.NextRow, xlsx.NextRow);
        xlsx.Add(DispatchTexts.TextHeaders.Select(h => (Value)new Text(h, XlsxStyle.Header)).ToList());
        foreach (var r in sheet.Rows)
        {
            foreach (var (label, text) in new[] { (DispatchTexts.ProgressLabel, r.Progress), (DispatchTexts.ProblemsLabel, r.Problems), (DispatchTexts.NextPlanLabel, r.NextPlan) })
            {
                var pieces = Chunks(text);
                for (var i = 0; i < pieces.Count; i++)
                {
                    xlsx.Add(
                    [
                        new Number(r.Number, XlsxStyle.Integer), new Text(r.Unit), new Text(r.Community),
                        new Text(i == 0 ? label : label + DispatchTexts.Continued, XlsxStyle.Centered), new Text(pieces[i]),
                    ]);
                }
            }
        }
    }

    // A text of up to 2,000 characters in one cell would be taller than a page, and no spreadsheet
    // splits a row across pages: long texts continue on the next row.
    private static List<string> Chunks(string text)
    {
        var pieces = new List<string>();
        for (var i = 0; i < text.Length; i += DispatchTexts.ChunkLength)
        {
            pieces.Add(text.Substring(i, Math.Min(DispatchTexts.ChunkLength, text.Length - i)));
        }
        return pieces;
    }

    public static string Page(DispatchSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var e = HtmlPage.Encode;
        var body = new StringBuilder();
        body.Append("<h1>").Append(e(sheet.Title)).Append("</h1>\n");
        body.Append("<p class=\"sub\">").Append(e(DispatchTexts.Compiled(sheet.CompiledBy, sheet.Contact, sheet.DueDay, sheet.CompiledAt))).Append("</p>\n");
        body.Append("<p class=\"sub\">").Append(e(sheet.Totals.Text)).Append("</p>\n");
        TableStart(body, "dispatch", DispatchTexts.Widths, DispatchTexts.Headers);
        foreach (var r in sheet.Rows)
        {
            body.Append("<tr").Append(r.Timeliness == Reports.Timeliness.Missing ? " class=\"missing\"" : "").Append('>')
                .Append("<td class=\"num\">").Append(r.Number).Append("</td><td>").Append(e(r.Unit)).Append("</td><td>").Append(e(r.Community))
                .Append("</td><td>").Append(e(r.Task)).Append("</td><td class=\"num\">").Append(DispatchTexts.Yuan(r.Allocation))
                .Append("</td><td class=\"num\">").Append(DispatchTexts.Yuan(r.CumulativeSpend)).Append("</td><td class=\"num\">").Append(e(r.ExecutionRateText))
                .Append(r.Overspent ? "<br><span class=\"flag\">超支</span>" : "")
                .Append("</td><td class=\"num\">").Append(e(r.ProgressShareText)).Append("</td><td>").Append(e(r.ProgressText))
                .Append("</td><td>").Append(e(r.Progress)).Append("</td><td>").Append(e(r.Problems)).Append("</td><td>").Append(e(r.NextPlan))
                .Append("</td><td class=\"c\">").Append(e(r.StateText)).Append("</td></tr>\n");
        }
        var t = sheet.Totals;
        body.Append("<tr class=\"totals\"><td>").Append(DispatchTexts.Totals).Append("</td><td colspan=\"3\">").Append(e(DispatchTexts.Assignments(t.Assignments))).Append("</td><td class=\"num\">")
            .Append(DispatchTexts.Yuan(t.Allocation)).Append("</td><td class=\"num\">").Append(DispatchTexts.Yuan(t.CumulativeSpend)).Append("</td><td class=\"num\">")
            .Append(e(t.ExecutionRateText)).Append("</td><td colspan=\"2\"></td><td colspan=\"4\">").Append(e(DispatchTexts.Counts(t.OnTime, t.Late, t.Missing, t.Returned))).Append("</td></tr>\n");
        body.Append("</tbody>\n</table>\n<p class=\"note\">").Append(e(DispatchTexts.NotReported(sheet.UnitsNotReported))).Append("</p>\n");
        body.Append("<p class=\"note\">").Append(e(DispatchTexts.Note)).Append("</p>\n");

        body.Append("<h2>").Append(e(DispatchTexts.RequirementsSheet)).Append("</h2>\n");
        TableStart(body, "requirements", DispatchTexts.RequirementWidths, DispatchTexts.RequirementHeaders);
        foreach (var r in sheet.Rows)
        {
            foreach (var q in r.Requirements)
            {
                body.Append("<tr><td class=\"num\">").Append(r.Number).Append("</td><td>").Append(e(r.Unit)).Append("</td><td>").Append(e(r.Community))
                    .Append("</td><td>").Append(e($"{q.Id} {q.Name}")).Append("</td><td class=\"c\">").Append(e(q.Reported))
                    .Append("</td><td>").Append(e(q.Note)).Append("</td><td class=\"c\">").Append(e(q.State)).Append("</td></tr>\n");
            }
        }
        body.Append("</tbody>\n</table>\n");
        return HtmlPage.Wrap(sheet.Title, "A4 landscape",
            "h1 { text-align: center; font-size: 16pt; margin: 0 0 4pt; }\nh2 { font-size: 13pt; margin: 12pt 0 4pt; }\n.sub { text-align: center; margin: 2pt 0; font-size: 10.5pt; }\n" +
            "table.dispatch, table.requirements { table-layout: fixed; }\nth, td { font-size: 10.5pt; overflow-wrap: anywhere; }\n" +
            "td.c { text-align: center; }\n.flag { font-size: 10pt; }\n.note { font-size: 10.5pt; margin: 4pt 0; }\n" +
            "tr.missing td { color: #b00; }\ntr.totals td { font-weight: bold; }\nthead { display: table-header-group; }\n" +
            "@media print { h2 { page-break-before: always; } tr { page-break-inside: auto; } }\n",
            body.ToString());
    }

    // A table with fixed column shares and its header row, up to the opening of its body.
    private static void TableStart(StringBuilder body, string cssClass, IReadOnlyList<double> widths, IReadOnlyList<string> headers)
    {
        body.Append("<table class=\"").Append(cssClass).Append("\">\n<colgroup>");
        foreach (var w in widths)
        {
            body.Append("<col style=\"width:").Append(Share(w, widths)).Append("%\">");
        }
        body.Append("</colgroup>\n<thead><tr>");
        foreach (var h in headers)
        {
            body.Append("<th>").Append(HtmlPage.Encode(h)).Append("</th>");
        }
        body.Append("</tr></thead>\n<tbody>\n");
    }

    private static string Share(double width, IReadOnlyList<double> widths) =>
        (width / widths.Sum() * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
