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
}

/// <summary>
/// Writes one worksheet with OpenXml directly, so column widths, number formats (元 with two
/// decimals, percentages) and merged title rows are exactly what the bureau's Excel sheets use.
/// </summary>
public sealed class XlsxBuilder(string sheetName, IReadOnlyList<double> widths)
{
    private readonly List<Row> _rows = [];
    private readonly List<string> _merges = [];

    public abstract record Value;
    public sealed record Text(string Value, XlsxStyle Style = XlsxStyle.Text) : Value;
    public sealed record Number(decimal Value, XlsxStyle Style) : Value;

    /// <summary>A row spanning every column, merged (title, subtitle, notes).</summary>
    public void Banner(string text, XlsxStyle style, double? height = null)
    {
        var index = (uint)_rows.Count + 1;
        var row = new Row { RowIndex = index };
        if (height is { } h)
        {
            row.Height = h;
            row.CustomHeight = true;
        }
        row.Append(Cell(0, index, new Text(text, style)));
        _rows.Add(row);
        _merges.Add($"A{index}:{Column(widths.Count - 1)}{index}");
    }

    public void Add(IReadOnlyList<Value> values)
    {
        var index = (uint)_rows.Count + 1;
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            row.Append(Cell(i, index, values[i]));
        }
        _rows.Add(row);
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var worksheet = new Worksheet();
            worksheet.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
            worksheet.Append(new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })));
            var data = new SheetData();
            data.Append(_rows);
            worksheet.Append(data);
            if (_merges.Count > 0)
            {
                worksheet.Append(new MergeCells(_merges.Select(m => new MergeCell { Reference = m })));
            }
            worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            sheetPart.Worksheet = worksheet;
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
        }
        return stream.ToArray();
    }

    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    private static Cell Cell(int column, uint row, Value value)
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
        static CellFormat Format(uint font, uint border, uint numberFormat, HorizontalAlignmentValues align, bool wrap = true) =>
            new(new Alignment { Horizontal = align, Vertical = VerticalAlignmentValues.Center, WrapText = wrap })
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
            new NumberingFormats(new NumberingFormat { NumberFormatId = PercentFormat, FormatCode = "0.0%" }) { Count = 1 },
            new Fonts(Font(false, 11), Font(true, 11), Font(true, 16)) { Count = 3 },
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
                Format(0, 1, 0, HorizontalAlignmentValues.Center, wrap: false)) { Count = 10 });
    }
}
