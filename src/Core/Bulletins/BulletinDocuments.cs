using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.Core.Documents;
using Governance.Core.Input;

namespace Governance.Core.Bulletins;

/// <summary>
/// Renders the bulletin as a formal document in the GB/T 9704-2012 layout, and as a printable HTML page.
/// <list type="bullet">
/// <item>A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a type area of 156 × 225 mm;
/// 22 lines (a line grid of 28.95 pt) of 28 characters of 仿宋_GB2312 三号 (16 pt, spaced −0.25 pt).</item>
/// <item>发文机关标志 in red 方正小标宋简体, centred; two lines under it the 发文字号, centred, with the red
/// separator line 4 mm under it (a bottom border of that paragraph, as wide as the type area).</item>
/// <item>Two lines under the line the title in 方正小标宋简体 二号, centred, broken between its parts;
/// one line under it the 主送机关 flush left; the body in 仿宋_GB2312 三号 with 黑体 headings (一、)
/// and 楷体_GB2312 run-in second-level headings (（一）).</item>
/// <item>落款 for a sealed document: the 成文日期 four characters from the right, the issuer centred over it.</item>
/// <item>版记 at the foot of the last page (a frame anchored to the bottom of the type area): thick
/// line, 抄送 (仿宋 四号, one character in from both sides), thin line, 印发机关 and 印发日期, thick line.</item>
/// <item>Page numbers "— 1 —" in 宋体 四号 under the type area, odd pages right and even pages left,
/// one character in (GB/T 9704 7.5).</item>
/// </list>
/// Fonts are named as the standard names them; a machine without them substitutes its own.
/// </summary>
public static class BulletinDocuments
{
    private const string TitleFont = "方正小标宋简体";
    private const string BodyFont = "仿宋_GB2312";
    private const string HeadingFont = "黑体";
    private const string SubHeadingFont = "楷体_GB2312";
    private const string PageNumberFont = "宋体";
    private const string Red = "FF0000";

    // A4 and the GB/T 9704 margins, in twentieths of a point (twips): 1 mm = 56.693 twips.
    private const int PageWidth = 11906;
    private const int PageHeight = 16838;
    private const int MarginTop = 2098;     // 37 mm
    private const int MarginBottom = 1984;  // 35 mm
    private const int MarginLeft = 1588;    // 28 mm
    private const int MarginRight = 1474;   // 26 mm
    private const int FooterDistance = 1247; // 22 mm: the page number's line starts about 7 mm under the type area

    /// <summary>The type area's width: 156 mm.</summary>
    public const int TypeWidth = PageWidth - MarginLeft - MarginRight; // 8844

    private const int TypeHeight = PageHeight - MarginTop - MarginBottom; // 12756 = 225 mm
    private const int BodySize = 32; // half-points: 三号 16 pt
    private const int Lines = 22;

    /// <summary>One line of the grid: 225 mm / 22 = 579 twips (28.95 pt).</summary>
    public const int LinePitch = TypeHeight / Lines;

    /// <summary>
    /// Character spacing of the body text, in twentieths of a point: −0.25 pt brings a 16 pt character
    /// to 15.75 pt, so 28 fit the 442 pt line (GB/T 9704: 28 characters a line). The grid itself is a
    /// line grid only: LibreOffice puts each 16 pt character into two cells of a 15.79 pt character
    /// grid (14 characters a line), while spacing reads the same in Word, WPS and LibreOffice.
    /// </summary>
    public const int BodyCharacterSpacing = -5;

    private const int TableTextSize = 21; // 五号 10.5 pt
    private const int CellMargin = 45;    // 0.8 mm either side of a cell's text
    private const decimal Slack = 0.15m;  // ems a column keeps beyond its text, for fonts a little wider than reckoned

    public static byte[] Docx(Bulletin b)
    {
        ArgumentNullException.ThrowIfNull(b);
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            AddStyles(main);
            var settings = main.AddNewPart<DocumentSettingsPart>();
            // Odd and even pages carry their numbers on opposite sides (GB/T 9704 7.5).
            settings.Settings = new Settings(new EvenAndOddHeaders());
            var odd = main.AddNewPart<FooterPart>();
            odd.Footer = PageNumberFooter(JustificationValues.Right);
            var even = main.AddNewPart<FooterPart>();
            even.Footer = PageNumberFooter(JustificationValues.Left);

            var body = new Body();
            foreach (var element in Content(b))
            {
                body.Append(element);
            }
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(odd) },
                new FooterReference { Type = HeaderFooterValues.Even, Id = main.GetIdOfPart(even) },
                new PageSize { Width = (UInt32Value)(uint)PageWidth, Height = (UInt32Value)(uint)PageHeight },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = (UInt32Value)(uint)MarginLeft, Right = (UInt32Value)(uint)MarginRight, Header = 851U, Footer = (UInt32Value)(uint)FooterDistance, Gutter = 0U },
                new DocGrid { Type = DocGridValues.Lines, LinePitch = LinePitch }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static IEnumerable<OpenXmlElement> Content(Bulletin b)
    {
        // 发文机关标志: 35 mm from the top of the type area, red 小标宋, as large as fits the type area's width.
        var mastheadSize = Math.Min(72, (int)(TypeWidth / 20m * 2m * 0.96m / Math.Max(1m, Ems(b.Masthead))));
        yield return Para(
            Props(JustificationValues.Center, before: 1984 - 120, line: mastheadSize * 10 + 120, grid: false),
            TextRun(b.Masthead, TitleFont, mastheadSize, Red));

        // 发文字号 two lines under the masthead; the red separator line 4 mm (≈ 11 pt) under it.
        var number = Props(JustificationValues.Center, before: 2 * LinePitch, line: LinePitch, grid: false);
        number.ParagraphBorders = new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 12U, Space = 11U, Color = Red });
        yield return Para(number, TextRun(b.DocumentNumber, BodyFont, BodySize));

        // The title two lines under the red line, broken between its parts so each line is whole words.
        var title = new Paragraph(Props(JustificationValues.Center, before: 2 * LinePitch, line: 700, grid: false));
        var lines = TitleLines(b);
        for (var i = 0; i < lines.Count; i++)
        {
            var run = TextRun(lines[i], TitleFont, 44);
            if (i > 0)
            {
                run.InsertAfter(new Break(), run.RunProperties);
            }
            title.Append(run);
        }
        yield return title;

        // 主送机关 one line under the title, flush left.
        yield return Para(Props(JustificationValues.Both, before: LinePitch), TextRun(b.Addressees, BodyFont, BodySize));
        yield return Body(null, b.Opening);
        foreach (var section in b.Sections)
        {
            yield return Para(Props(JustificationValues.Both, firstLineChars: true, keepNext: true), TextRun(section.Heading, HeadingFont, BodySize));
            foreach (var p in section.Paragraphs)
            {
                yield return Body(p.Lead, p.Text);
            }
            if (section.HasTable)
            {
                yield return RankTable(b);
            }
        }

        // 落款 of a sealed document: 成文日期 four characters from the right, the issuer centred over it.
        var dateEms = Ems(b.IssuedOn);
        var issuerEms = Ems(b.Issuer);
        var dateRight = 4 * BodySize * 10;
        var issuerRight = Math.Max(0, (int)(dateRight + (dateEms - issuerEms) / 2m * BodySize * 10));
        yield return Para(Props(JustificationValues.Right, before: 2 * LinePitch, right: issuerRight, keepNext: true), TextRun(b.Issuer, BodyFont, BodySize));
        yield return Para(Props(JustificationValues.Right, right: dateRight), TextRun(b.IssuedOn, BodyFont, BodySize));

        yield return Imprint(b);
        // A document ends with a paragraph; this one sits under the floating 版记, empty and one point high.
        yield return Para(Props(JustificationValues.Left, line: 20, grid: false));
    }

    // The 版记, a floating table anchored to the foot of the type area of the page it lands on (the
    // last page): thick line, 抄送, thin line, 印发机关 and 印发日期, thick line (GB/T 9704 7.4).
    private static Table Imprint(Bulletin b)
    {
        const int size = 28; // 四号 14 pt
        const int oneChar = size * 10;
        const int line = 520;
        var props = new TableProperties(
            new TablePositionProperties
            {
                LeftFromText = 0, RightFromText = 0, TopFromText = 0, BottomFromText = 0,
                VerticalAnchor = VerticalAnchorValues.Margin, HorizontalAnchor = HorizontalAnchorValues.Margin,
                TablePositionXAlignment = HorizontalAlignmentValues.Center, TablePositionYAlignment = VerticalAlignmentValues.Bottom,
            },
            new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TypeWidth.ToString(CultureInfo.InvariantCulture) },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 8U, Color = "000000" },
                new LeftBorder { Val = BorderValues.Nil },
                new BottomBorder { Val = BorderValues.Single, Size = 8U, Color = "000000" },
                new RightBorder { Val = BorderValues.Nil },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U, Color = "000000" },
                new InsideVerticalBorder { Val = BorderValues.Nil }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(
                new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = 0, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = 0, Type = TableWidthValues.Dxa }));
        var table = new Table(props, new TableGrid(new GridColumn { Width = TypeWidth.ToString(CultureInfo.InvariantCulture) }));
        TableRow Row(Paragraph p) => new(
            new TableRowProperties(new CantSplit()),
            new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = TypeWidth.ToString(CultureInfo.InvariantCulture) }), p));
        if (b.CopyTo is { } copyTo)
        {
            // 抄送 one character in from both sides; a second line aligns with the first name after the colon.
            table.Append(Row(Para(Props(JustificationValues.Both, line: line, left: oneChar * 4, right: oneChar, hanging: oneChar * 3, grid: false),
                TextRun(copyTo, BodyFont, size))));
        }
        var printed = Props(JustificationValues.Left, line: line, left: oneChar, right: 0, grid: false);
        printed.Tabs = new Tabs(new TabStop { Val = TabStopValues.Right, Position = TypeWidth - oneChar });
        var paragraph = Para(printed, TextRun(b.PrintedBy, BodyFont, size));
        paragraph.Append(new Run(RunProps(BodyFont, size, null), new TabChar()), TextRun(b.PrintedOn, BodyFont, size));
        table.Append(Row(paragraph));
        return table;
    }

    private static List<string> TitleLines(Bulletin b)
    {
        // Whole parts per line, as many as fit in 19 characters of 二号 (20 fit in the type area).
        var parts = BulletinTexts.TitleParts(b.Issuer, Periods.QuarterPeriod.Parse(b.Quarter));
        if (!string.Join("", parts).Equals(b.Title, StringComparison.Ordinal))
        {
            return [b.Title];
        }
        var lines = new List<string>();
        foreach (var part in parts)
        {
            if (lines.Count > 0 && Ems(lines[^1] + part) <= 19m)
            {
                lines[^1] += part;
            }
            else
            {
                lines.Add(part);
            }
        }
        return lines;
    }

    private static Paragraph Body(string? lead, string text)
    {
        // A heading on its own line stays with what it heads.
        var p = new Paragraph(Props(JustificationValues.Both, firstLineChars: true, keepNext: text.Length == 0));
        if (!string.IsNullOrEmpty(lead))
        {
            p.Append(TextRun(lead, SubHeadingFont, BodySize));
        }
        if (text.Length > 0)
        {
            p.Append(TextRun(text, BodyFont, BodySize));
        }
        return p;
    }

    private static Table RankTable(Bulletin b)
    {
        var rows = b.Entries.Select(Cells).ToList();
        var widths = ColumnWidths(BulletinTexts.TableHeaders, rows);
        BorderType Border<T>() where T : BorderType, new() => new T { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        var props = new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TypeWidth.ToString(CultureInfo.InvariantCulture) },
            new TableJustification { Val = TableRowAlignmentValues.Center },
            new TableBorders(Border<TopBorder>(), Border<LeftBorder>(), Border<BottomBorder>(), Border<RightBorder>(),
                Border<InsideHorizontalBorder>(), Border<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(
                new TopMargin { Width = "28", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = (Int16Value)(short)CellMargin, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "28", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = (Int16Value)(short)CellMargin, Type = TableWidthValues.Dxa }));
        var table = new Table(props, new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(BulletinTexts.TableHeaders, widths, header: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, widths, header: false));
        }
        return table;
    }

    public static IReadOnlyList<string> Cells(BulletinEntry e) =>
    [
        e.Rank.ToString(CultureInfo.InvariantCulture), e.Unit, e.Community, e.Task, BulletinTexts.DoneCell(e),
        OfficialWording.Percent(e.ProgressShare), OfficialWording.Percent(e.TimeShare), OfficialWording.Percent(e.ExecutionRate),
        BulletinTexts.OnTimeCell(e), e.Verdict,
    ];

    /// <summary>
    /// Column widths in twips summing to the type area's width, set from the content: each column
    /// wants its longest text on one line; when they do not all fit, the columns that can wrap give
    /// up width (down to half their text, two lines, never under their longest unbreakable run such
    /// as "100.0%"); room left over is shared out in proportion.
    /// </summary>
    public static int[] ColumnWidths(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var em = TableTextSize * 10m; // twips per em at 10.5 pt
        var n = headers.Count;
        var want = new decimal[n];
        var least = new decimal[n];
        for (var c = 0; c < n; c++)
        {
            var cells = rows.Select(r => r[c]).ToList();
            want[c] = cells.Append(headers[c]).Max(Ems) + Slack;
            // A short text stays on one line; a longer one may take two, never splitting "100.0%".
            decimal Least(string t) => Ems(t) <= 4m ? Ems(t) : Math.Max(Unbreakable(t), Math.Ceiling(Ems(t) / 2m));
            var header = Ems(headers[c]) <= 2m ? Ems(headers[c]) : Math.Ceiling(Ems(headers[c]) / 2m);
            least[c] = cells.Select(Least).Append(header).Max() + Slack;
        }
        var room = (TypeWidth - n * 2 * CellMargin) / em;
        decimal[] chosen;
        if (want.Sum() <= room)
        {
            chosen = want;
        }
        else if (least.Sum() >= room)
        {
            chosen = least;
        }
        else
        {
            var cut = (want.Sum() - room) / (want.Sum() - least.Sum());
            chosen = want.Select((w, i) => w - (w - least[i]) * cut).ToArray();
        }
        var total = chosen.Sum();
        var widths = chosen.Select(w => (int)Math.Floor((w / total * room * em) + 2 * CellMargin)).ToArray();
        widths[Array.IndexOf(widths, widths.Max())] += TypeWidth - widths.Sum();
        return widths;
    }

    // The width of a text in ems: CJK and full-width characters one, others a little over a half
    // (a substituted font's digits run wider than the half em of 仿宋).
    private static decimal Ems(string text) => text.Sum(ch => ch < 0x2000 ? 0.55m : 1m);

    // The longest run that cannot break across lines: Latin letters, digits and signs stay together.
    private static decimal Unbreakable(string text)
    {
        decimal longest = 1m, run = 0m;
        foreach (var ch in text)
        {
            run = ch < 0x2000 ? run + 0.55m : 0m;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        // A row never breaks across pages; the header row repeats on every page the table runs to.
        var rowProps = new TableRowProperties(new CantSplit());
        if (header)
        {
            rowProps.Append(new TableHeader());
        }
        var row = new TableRow(rowProps);
        for (var i = 0; i < cells.Count; i++)
        {
            var p = new ParagraphProperties
            {
                SnapToGrid = new SnapToGrid { Val = false },
                SpacingBetweenLines = new SpacingBetweenLines { Before = "0", After = "0", Line = "300", LineRule = LineSpacingRuleValues.Exact },
                Justification = new Justification { Val = JustificationValues.Center },
            };
            row.Append(new TableCell(
                new TableCellProperties(
                    new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString(CultureInfo.InvariantCulture) },
                    new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                new Paragraph(p, TextRun(cells[i], header ? HeadingFont : BodyFont, TableTextSize))));
        }
        return row;
    }

    private static Footer PageNumberFooter(JustificationValues side)
    {
        const int size = 28; // 四号
        var props = new ParagraphProperties
        {
            SnapToGrid = new SnapToGrid { Val = false },
            SpacingBetweenLines = new SpacingBetweenLines { Before = "0", After = "0", Line = "340", LineRule = LineSpacingRuleValues.Exact },
            // One character in from the outer edge.
            Indentation = side == JustificationValues.Right ? new Indentation { Right = "280" } : new Indentation { Left = "280" },
            Justification = new Justification { Val = side },
        };
        return new Footer(new Paragraph(props,
            TextRun("— ", PageNumberFont, size),
            new SimpleField(new Run(RunProps(PageNumberFont, size, null), new Text("1"))) { Instruction = " PAGE " },
            TextRun(" —", PageNumberFont, size)));
    }

    private static void AddStyles(MainDocumentPart main)
    {
        // The grid's character pitch is reckoned from the default font size: 三号 仿宋.
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = BodyFont, HighAnsi = BodyFont, EastAsia = BodyFont, ComplexScript = BodyFont },
                    new FontSize { Val = BodySize.ToString(CultureInfo.InvariantCulture) },
                    new FontSizeComplexScript { Val = BodySize.ToString(CultureInfo.InvariantCulture) },
                    new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { Before = "0", After = "0", Line = LinePitch.ToString(CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Exact }))),
            // LibreOffice reckons the grid from the Normal style's font size, not the document defaults.
            new Style(
                new StyleName { Val = "Normal" },
                new PrimaryStyle(),
                new StyleRunProperties(
                    new RunFonts { Ascii = BodyFont, HighAnsi = BodyFont, EastAsia = BodyFont, ComplexScript = BodyFont },
                    new FontSize { Val = BodySize.ToString(CultureInfo.InvariantCulture) },
                    new FontSizeComplexScript { Val = BodySize.ToString(CultureInfo.InvariantCulture) }))
            { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
    }

    private static ParagraphProperties Props(JustificationValues align, int before = 0, int? line = null, bool firstLineChars = false,
        int left = 0, int right = 0, int hanging = 0, bool keepNext = false, bool grid = true)
    {
        var props = new ParagraphProperties
        {
            SnapToGrid = grid ? null : new SnapToGrid { Val = false },
            SpacingBetweenLines = new SpacingBetweenLines
            {
                Before = before.ToString(CultureInfo.InvariantCulture),
                After = "0",
                Line = (line ?? LinePitch).ToString(CultureInfo.InvariantCulture),
                LineRule = LineSpacingRuleValues.Exact,
            },
            Justification = new Justification { Val = align },
        };
        if (keepNext)
        {
            props.KeepNext = new KeepNext();
        }
        if (firstLineChars)
        {
            props.Indentation = new Indentation { FirstLine = (2 * BodySize * 10).ToString(CultureInfo.InvariantCulture), FirstLineChars = 200 };
        }
        else if (left != 0 || right != 0 || hanging != 0)
        {
            props.Indentation = new Indentation
            {
                Left = left.ToString(CultureInfo.InvariantCulture),
                Right = right.ToString(CultureInfo.InvariantCulture),
            };
            if (hanging != 0)
            {
                props.Indentation.Hanging = hanging.ToString(CultureInfo.InvariantCulture);
            }
        }
        return props;
    }

    private static Paragraph Para(ParagraphProperties props, params OpenXmlElement[] runs)
    {
        var p = new Paragraph(props);
        p.Append(runs);
        return p;
    }

    private static RunProperties RunProps(string font, int halfPoints, string? color) => new()
    {
        RunFonts = new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font },
        Color = color is null ? null : new Color { Val = color },
        Spacing = halfPoints == BodySize && font != TitleFont ? new Spacing { Val = BodyCharacterSpacing } : null,
        FontSize = new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
        FontSizeComplexScript = new FontSizeComplexScript { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
    };

    private static Run TextRun(string text, string font, int halfPoints, string? color = null) =>
        new(RunProps(font, halfPoints, color), new Text(TextPolicy.Clean(text)) { Space = SpaceProcessingModeValues.Preserve });

    public static string Page(Bulletin b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var e = HtmlPage.Encode;
        var s = new StringBuilder();
        s.Append("<p class=\"masthead\">").Append(e(b.Masthead)).Append("</p>\n");
        s.Append("<p class=\"number\">").Append(e(b.DocumentNumber)).Append("</p>\n");
        s.Append("<h1>").Append(string.Join("<br>", TitleLines(b).Select(e))).Append("</h1>\n");
        s.Append("<p class=\"to\">").Append(e(b.Addressees)).Append("</p>\n");
        s.Append("<p class=\"i\">").Append(e(b.Opening)).Append("</p>\n");
        foreach (var section in b.Sections)
        {
            s.Append("<h2>").Append(e(section.Heading)).Append("</h2>\n");
            foreach (var p in section.Paragraphs)
            {
                s.Append("<p class=\"i\">");
                if (!string.IsNullOrEmpty(p.Lead))
                {
                    s.Append("<span class=\"lead\">").Append(e(p.Lead)).Append("</span>");
                }
                s.Append(e(p.Text)).Append("</p>\n");
            }
            if (section.HasTable)
            {
                var widths = ColumnWidths(BulletinTexts.TableHeaders, b.Entries.Select(Cells).ToList());
                s.Append("<table>\n<colgroup>");
                foreach (var w in widths)
                {
                    s.Append("<col style=\"width:").Append((w * 100m / TypeWidth).ToString("0.00", CultureInfo.InvariantCulture)).Append("%\">");
                }
                s.Append("</colgroup>\n<thead><tr>");
                foreach (var h in BulletinTexts.TableHeaders)
                {
                    s.Append("<th>").Append(e(h)).Append("</th>");
                }
                s.Append("</tr></thead>\n<tbody>\n");
                foreach (var entry in b.Entries)
                {
                    s.Append("<tr>");
                    foreach (var c in Cells(entry))
                    {
                        s.Append("<td>").Append(e(c)).Append("</td>");
                    }
                    s.Append("</tr>\n");
                }
                s.Append("</tbody>\n</table>\n");
            }
        }
        s.Append("<p class=\"issuer\">").Append(e(b.Issuer)).Append("</p>\n<p class=\"date\">").Append(e(b.IssuedOn)).Append("</p>\n");
        s.Append("<div class=\"imprint\">\n");
        if (b.CopyTo is { } copyTo)
        {
            s.Append("<p class=\"copy\">").Append(e(copyTo)).Append("</p>\n");
        }
        s.Append("<p class=\"printed\"><span>").Append(e(b.PrintedBy)).Append("</span><span>").Append(e(b.PrintedOn)).Append("</span></p>\n</div>\n");
        return HtmlPage.Wrap(b.Title, "A4 portrait",
            "@page { margin: 37mm 26mm 35mm 28mm; }\n" +
            "body { font-family: \"仿宋_GB2312\", \"FangSong\", \"仿宋\", serif; font-size: 16pt; line-height: 28.95pt; max-width: 156mm; }\n" +
            ".masthead { font-family: \"方正小标宋简体\", \"SimSun\", serif; color: #f00; text-align: center; font-size: 32pt; line-height: 1.2; margin: 0; }\n" +
            ".number { text-align: center; margin: 2em 0 0 0; padding-bottom: 4mm; border-bottom: 2px solid #f00; }\n" +
            "h1 { font-family: \"方正小标宋简体\", \"SimSun\", serif; text-align: center; font-size: 22pt; font-weight: normal; line-height: 1.6; margin: 2em 0 1em 0; }\n" +
            "h2 { font-family: \"黑体\", \"SimHei\", sans-serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }\n" +
            ".to { margin: 0; }\n.i { text-indent: 2em; margin: 0; text-align: justify; }\n.lead { font-family: \"楷体_GB2312\", \"KaiTi\", \"楷体\", serif; }\n" +
            "table { table-layout: fixed; margin: 0.5em 0; }\ntd, th { font-size: 10.5pt; line-height: 1.3; text-align: center; vertical-align: middle; overflow-wrap: anywhere; }\n" +
            "th { font-family: \"黑体\", \"SimHei\", sans-serif; font-weight: normal; }\nthead { display: table-header-group; }\n" +
            ".issuer { text-align: right; margin: 2em 5em 0 0; }\n.date { text-align: right; margin: 0 4em 0 0; }\n" +
            ".imprint { margin-top: 3em; font-size: 14pt; line-height: 1.8; border-top: 1.5px solid #000; border-bottom: 1.5px solid #000; page-break-inside: avoid; }\n" +
            ".copy { margin: 0; padding: 0 1em 0 1em; border-bottom: 1px solid #000; }\n.printed { margin: 0; padding: 0 1em; display: flex; justify-content: space-between; }\n",
            s.ToString());
    }
}
