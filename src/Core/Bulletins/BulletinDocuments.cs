using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.Core.Documents;
using Governance.Core.Input;

namespace Governance.Core.Bulletins;

/// <summary>
/// Renders the bulletin as a government notice in the GB/T 9704 manner: A4, margins 37/35/28/26 mm,
/// title in 小标宋 二号 centred, body in 仿宋 三号, section headings in 黑体, issuer and date
/// right-aligned at the end; and as a printable HTML page.
/// </summary>
public static class BulletinDocuments
{
    private const string TitleFont = "方正小标宋简体";
    private const string BodyFont = "仿宋_GB2312";
    private const string HeadingFont = "黑体";

    public static byte[] Docx(Bulletin b)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(Para(b.Title, TitleFont, 44, JustificationValues.Center, spacingAfter: 600));
            body.Append(Para(b.Addressees, BodyFont, 32, JustificationValues.Left));
            body.Append(Para(b.Opening, BodyFont, 32, JustificationValues.Both, indent: true));
            body.Append(Para(BulletinTexts.Sections[0], HeadingFont, 32, JustificationValues.Left, indent: true));
            body.Append(Para(b.Overall, BodyFont, 32, JustificationValues.Both, indent: true));
            body.Append(Para(BulletinTexts.Sections[1], HeadingFont, 32, JustificationValues.Left, indent: true));
            body.Append(Para(b.RankingRule, BodyFont, 32, JustificationValues.Both, indent: true));
            body.Append(Para(b.BehindRule, BodyFont, 32, JustificationValues.Both, indent: true));
            body.Append(RankTable(b));
            body.Append(Para(BulletinTexts.Sections[2], HeadingFont, 32, JustificationValues.Left, indent: true));
            body.Append(Para(b.Praise, BodyFont, 32, JustificationValues.Both, indent: true));
            body.Append(Para(BulletinTexts.Sections[3], HeadingFont, 32, JustificationValues.Left, indent: true));
            body.Append(Para(b.Criticism, BodyFont, 32, JustificationValues.Both, indent: true));
            body.Append(Para(BulletinTexts.Sections[4], HeadingFont, 32, JustificationValues.Left, indent: true));
            body.Append(Para(b.Requirements, BodyFont, 32, JustificationValues.Both, indent: true));
            body.Append(Para(b.IssuingAuthority, BodyFont, 32, JustificationValues.Right, spacingBefore: 600));
            body.Append(Para(b.IssuedOn, BodyFont, 32, JustificationValues.Right));
            // A4 in twentieths of a point; GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    // A4 width less the GB/T 9704 left and right margins, in twentieths of a point.
    private const int TextWidthTwips = 11906 - 1588 - 1474;

    private static Table RankTable(Bulletin b)
    {
        // Word's schema fixes the order here too: table width before borders, borders top-left-bottom-right,
        // and a grid with one column per header before the rows.
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }, borders));
        var columnWidth = (TextWidthTwips / BulletinTexts.TableHeaders.Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
        table.Append(new TableGrid(BulletinTexts.TableHeaders.Select(_ => new GridColumn { Width = columnWidth })));
        table.Append(Row(BulletinTexts.TableHeaders, bold: true));
        foreach (var e in b.Entries)
        {
            table.Append(Row(Cells(e), bold: false));
        }
        return table;
    }

    public static IReadOnlyList<string> Cells(BulletinEntry e) =>
    [
        e.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Unit, e.Community, e.Task, $"{e.RequirementsMet}/{e.RequirementsTotal}",
        BulletinTexts.Percent(e.MetShare), BulletinTexts.Percent(e.ElapsedShare), BulletinTexts.Percent(e.ExecutionRate), $"{e.OnTimeReports}/{e.ReportsDue}",
        e.BehindReasons.Count > 0 ? $"{e.Standing}（{string.Join("，", e.BehindReasons)}）" : e.Standing,
    ];

    private static TableRow Row(IEnumerable<string> cells, bool bold) =>
        new(cells.Select(c => new TableCell(Para(c, BodyFont, 21, JustificationValues.Center, bold: bold))));

    private static Paragraph Para(string text, string font, int halfPoints, JustificationValues align, bool indent = false, bool bold = false, int spacingBefore = 0, int spacingAfter = 0)
    {
        // Word's schema fixes the order of paragraph properties: spacing, then indentation, then justification.
        var props = new ParagraphProperties(
            new SpacingBetweenLines { Before = spacingBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), After = spacingAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), Line = "560", LineRule = LineSpacingRuleValues.Exact });
        if (indent)
        {
            props.Append(new Indentation { FirstLineChars = 200 });
        }
        props.Append(new Justification { Val = align });
        var runProps = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        if (bold)
        {
            runProps.Append(new Bold());
        }
        runProps.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Paragraph(props, new Run(runProps, new Text(TextPolicy.Clean(text)) { Space = SpaceProcessingModeValues.Preserve }));
    }

    public static string Page(Bulletin b)
    {
        var e = HtmlPage.Encode;
        var s = new StringBuilder();
        s.Append("<h1>").Append(e(b.Title)).Append("</h1>\n<p>").Append(e(b.Addressees)).Append("</p>\n<p class=\"i\">").Append(e(b.Opening)).Append("</p>\n");
        void Section(int i, params string[] paras)
        {
            s.Append("<h2>").Append(e(BulletinTexts.Sections[i])).Append("</h2>\n");
            foreach (var p in paras)
            {
                s.Append("<p class=\"i\">").Append(e(p)).Append("</p>\n");
            }
        }
        Section(0, b.Overall);
        Section(1, b.RankingRule, b.BehindRule);
        s.Append("<table>\n<tr>");
        foreach (var h in BulletinTexts.TableHeaders)
        {
            s.Append("<th>").Append(e(h)).Append("</th>");
        }
        s.Append("</tr>\n");
        foreach (var entry in b.Entries)
        {
            s.Append("<tr>");
            foreach (var c in Cells(entry))
            {
                s.Append("<td>").Append(e(c)).Append("</td>");
            }
            s.Append("</tr>\n");
        }
        s.Append("</table>\n");
        Section(2, b.Praise);
        Section(3, b.Criticism);
        Section(4, b.Requirements);
        s.Append("<p class=\"r\">").Append(e(b.IssuingAuthority)).Append("</p>\n<p class=\"r\">").Append(e(b.IssuedOn)).Append("</p>\n");
        return HtmlPage.Wrap(b.Title, "A4 portrait",
            "@page { margin: 37mm 26mm 35mm 28mm; }\nbody { font-size: 16pt; line-height: 28pt; max-width: 156mm; }\nh1 { font-family: \"SimSun\", serif; text-align: center; font-size: 22pt; line-height: 1.4; }\n" +
            "h2 { font-family: \"SimHei\", \"黑体\", sans-serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }\n.i { text-indent: 2em; margin: 0; }\n.r { text-align: right; margin: 0 2em 0 0; }\n" +
            "td, th { font-size: 10.5pt; line-height: 1.3; text-align: center; }\n",
            s.ToString());
    }
}
