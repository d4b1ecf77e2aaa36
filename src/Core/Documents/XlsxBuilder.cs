using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Governance.Core.Input;

namespace Governance.Core.Documents;

/// <summary>The cell styles a published sheet uses; each maps to one cell format in the stylesheet.</summary>
public enum XlsxStyle : uint
{
    Plain = 0,
    Title = 1,
    Header = 2,
    Text = 3,
    Money = 4,
    Percent = 5,
    TotalText = 6,
    TotalMoney = 7,
    TotalPercent = 8,
    Integer = 9,

    /// <summary>A short text centred in a bordered cell (状态, 报送情况).</summary>
    Centered = 10,

    /// <summary>A percentage followed by "超支": a flag to watch, the number stays a number.</summary>
    PercentFlagged = 11,

    /// <summary>A note under the table: no border, wrapped, left.</summary>
    Note = 12,

    /// <summary>A line under the title: no border, wrapped, centred.</summary>
    Subtitle = 13,
}

/// <summary>One worksheet of a workbook: rows, merged banners, and how it prints.</summary>
public sealed class XlsxSheet(string name, IReadOnlyList<double> widths)
{
    internal readonly List<Row> Rows = [];
    internal readonly List<string> Merges = [];

    public string Name { get; } = name;

    /// <summary>Column widths in Excel character units (the width of "0" in the default font).</summary>
    public IReadOnlyList<double> Widths { get; } = widths;

    /// <summary>Rows printed again at the top of every page (print titles), 1-based, inclusive.</summary>
    public (uint First, uint Last)? RepeatRows { get; set; }

    /// <summary>The next row's 1-based number.</summary>
    public uint NextRow => (uint)Rows.Count + 1;

    /// <summary>A row spanning every column, merged (title, subtitle, notes); without a height, sized to its wrapped text.</summary>
    public void Banner(string text, XlsxStyle style, double? height = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = NextRow;
        var row = NewRow(index, height ?? XlsxBuilder.RowHeight([(text, style, Widths.Sum())]));
        // Only the first cell: banners have no border, so the merged cells need no style of their own.
        row.Append(XlsxBuilder.Cell(0, index, new XlsxBuilder.Text(text, style)));
        Rows.Add(row);
        Merges.Add($"A{index}:{XlsxBuilder.Column(Widths.Count - 1)}{index}");
    }

    /// <summary>
    /// A row of cells; without a height, sized to its longest wrapped text. Set explicitly because
    /// neither Excel nor LibreOffice reliably sizes an unsized row on opening: LibreOffice keeps the
    /// default height and wrapped lines overlap the next row.
    /// </summary>
    public void Add(IReadOnlyList<XlsxBuilder.Value> values, double? height = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var index = NextRow;
        var row = NewRow(index, height ?? XlsxBuilder.RowHeight(values
            .Select((v, i) => v is XlsxBuilder.Text t && i < Widths.Count ? (t.Value, t.Style, Widths[i]) : ("", XlsxStyle.Plain, 1d))
            .ToList()));
        for (var i = 0; i < values.Count; i++)
        {
            row.Append(XlsxBuilder.Cell(i, index, values[i]));
        }
        Rows.Add(row);
    }

    /// <summary>Merges cells of the last added row from column <paramref name="first"/> to <paramref name="last"/> (0-based).</summary>
    public void MergeLast(int first, int last) =>
        Merges.Add($"{XlsxBuilder.Column(first)}{Rows.Count}:{XlsxBuilder.Column(last)}{Rows.Count}");

    private static Row NewRow(uint index, double? height)
    {
        var row = new Row { RowIndex = index };
        if (height is { } h)
        {
            row.Height = h;
            row.CustomHeight = true;
        }
        return row;
    }
}

/// <summary>
/// Writes a workbook with OpenXml directly, so column widths, number formats (元 with two
/// decimals, percentages), merged title rows and the print setup (A4 landscape, one page wide,
/// header rows repeated on every page, centred, page numbers in the footer) are exactly what the
/// bureau prints.
/// </summary>
public sealed class XlsxBuilder
{
    /// <summary>Page numbers in the footer, centred: 第 1 页 共 3 页.</summary>
    public const string PageFooter = "&C第 &P 页 共 &N 页";

    private readonly List<XlsxSheet> _sheets = [];

    public XlsxBuilder()
    {
    }

    /// <summary>A workbook whose first sheet is written through <see cref="Banner"/> and <see cref="Add"/>.</summary>
    public XlsxBuilder(string sheetName, IReadOnlyList<double> widths) => AddSheet(sheetName, widths);

    public abstract record Value;
    public sealed record Text(string Value, XlsxStyle Style = XlsxStyle.Text) : Value;
    public sealed record Number(decimal Value, XlsxStyle Style) : Value;

    public XlsxSheet AddSheet(string name, IReadOnlyList<double> widths)
    {
        var sheet = new XlsxSheet(name, widths);
        _sheets.Add(sheet);
        return sheet;
    }

    public void Banner(string text, XlsxStyle style, double? height = null) => _sheets[0].Banner(text, style, height);

    public void Add(IReadOnlyList<Value> values) => _sheets[0].Add(values);

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = new Sheets();
            var titles = new DefinedNames();
            for (var i = 0; i < _sheets.Count; i++)
            {
                var sheet = _sheets[i];
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheet);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)i + 1, Name = sheet.Name });
                if (sheet.RepeatRows is { } r)
                {
                    titles.Append(new DefinedName($"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!${r.First}:${r.Last}")
                    { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
                }
            }
            workbook.Workbook.Append(sheets);
            if (titles.HasChildren)
            {
                workbook.Workbook.Append(titles);
            }
        }
        return stream.ToArray();
    }

    private static Worksheet Worksheet(XlsxSheet sheet)
    {
        var worksheet = new Worksheet();
        // Fit to one page wide is only a safety net: the columns are chosen to fit A4 landscape at
        // 100%, so a wide sheet is never shrunk below a readable size.
        worksheet.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        worksheet.Append(new Columns(sheet.Widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })));
        var data = new SheetData();
        data.Append(sheet.Rows);
        worksheet.Append(data);
        if (sheet.Merges.Count > 0)
        {
            worksheet.Append(new MergeCells(sheet.Merges.Select(m => new MergeCell { Reference = m })) { Count = (uint)sheet.Merges.Count });
        }
        worksheet.Append(new PrintOptions { HorizontalCentered = true });
        worksheet.Append(new PageMargins { Left = 0.3, Right = 0.3, Top = 0.5, Bottom = 0.6, Header = 0.2, Footer = 0.25 });
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        worksheet.Append(new HeaderFooter(new OddFooter(PageFooter)));
        return worksheet;
    }

    /// <summary>
    /// The height in points a row needs for its wrapped texts: lines per cell estimated as Excel
    /// measures them (a CJK character is two width units, a Latin one one), so a row is never too
    /// short in Excel; LibreOffice's wider unit then leaves a little space below.
    /// </summary>
    internal static double RowHeight(IReadOnlyList<(string Text, XlsxStyle Style, double Width)> cells)
    {
        var height = LineHeight(BodyFontSize);
        foreach (var (text, style, width) in cells)
        {
            if (!Wraps(style) || text.Length == 0)
            {
                continue;
            }
            var size = style == XlsxStyle.Title ? TitleFontSize : BodyFontSize;
            var capacity = Math.Max(2, (width - 0.5) * BodyFontSize / size);
            var lines = TextPolicy.Clean(text).Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(line.Sum(c => c >= 0x2E80 ? 2.0 : 1.0) / capacity)));
            height = Math.Max(height, lines * LineHeight(size));
        }
        return Math.Ceiling(height + 4);
    }

    private static double LineHeight(double fontSize) => Math.Ceiling(fontSize * 1.3);

    private static bool Wraps(XlsxStyle style) => style is XlsxStyle.Title or XlsxStyle.Header or XlsxStyle.Text or XlsxStyle.TotalText
        or XlsxStyle.Centered or XlsxStyle.Note or XlsxStyle.Subtitle;

    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    internal static Cell Cell(int column, uint row, Value value)
    {
        var reference = Column(column) + row.ToString(CultureInfo.InvariantCulture);
        return value switch
        {
            // Cleaned: a control character stored before the text policy would make the writer throw.
            Text t => new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(TextPolicy.Clean(t.Value)) { Space = SpaceProcessingModeValues.Preserve }))
            { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = (uint)t.Style },
            Number n => new Cell(new CellValue(n.Value.ToString(CultureInfo.InvariantCulture)))
            { CellReference = reference, DataType = CellValues.Number, StyleIndex = (uint)n.Style },
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };
    }

    private const uint PercentFormat = 164;
    private const uint PercentFlaggedFormat = 165;

    /// <summary>The body's font size in points: 10.5 pt (五号) stays above 9 pt even if a printer shrinks the page to 90%.</summary>
    public const double BodyFontSize = 10.5;

    public const double TitleFontSize = 16;

    private static Stylesheet Stylesheet()
    {
        static Font Font(bool bold, double size)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }
            font.Append(new FontSize { Val = size }, new FontName { Val = "宋体" });
            return font;
        }
        static CellFormat Format(uint font, uint border, uint numberFormat, HorizontalAlignmentValues align, bool wrap = true, VerticalAlignmentValues? vertical = null) =>
            new(new Alignment { Horizontal = align, Vertical = vertical ?? VerticalAlignmentValues.Center, WrapText = wrap })
            {
                FontId = font, BorderId = border, NumberFormatId = numberFormat, FillId = 0,
                ApplyFont = true, ApplyBorder = border != 0, ApplyNumberFormat = numberFormat != 0, ApplyAlignment = true,
            };
        var thin = new Border(
            new LeftBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        const uint money = 4; // built-in "#,##0.00"
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = PercentFormat, FormatCode = "0.0%" },
                new NumberingFormat { NumberFormatId = PercentFlaggedFormat, FormatCode = "0.0%\"超支\"" }) { Count = 2 },
            new Fonts(Font(false, BodyFontSize), Font(true, BodyFontSize), Font(true, TitleFontSize)) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellFormats(
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 },
                Format(2, 0, 0, HorizontalAlignmentValues.Center),
                Format(1, 1, 0, HorizontalAlignmentValues.Center),
                Format(0, 1, 0, HorizontalAlignmentValues.Left),
                Format(0, 1, money, HorizontalAlignmentValues.Right, wrap: false),
                Format(0, 1, PercentFormat, HorizontalAlignmentValues.Right, wrap: false),
                Format(1, 1, 0, HorizontalAlignmentValues.Center),
                Format(1, 1, money, HorizontalAlignmentValues.Right, wrap: false),
                Format(1, 1, PercentFormat, HorizontalAlignmentValues.Right, wrap: false),
                Format(0, 1, 0, HorizontalAlignmentValues.Center, wrap: false),
                Format(0, 1, 0, HorizontalAlignmentValues.Center),
                Format(0, 1, PercentFlaggedFormat, HorizontalAlignmentValues.Right, wrap: false),
                Format(0, 0, 0, HorizontalAlignmentValues.Left, vertical: VerticalAlignmentValues.Top),
                Format(0, 0, 0, HorizontalAlignmentValues.Center)) { Count = 14 });
    }
}
