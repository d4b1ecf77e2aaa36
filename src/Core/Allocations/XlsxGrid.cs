using Governance.Core.Problems;
using MiniExcelLibs;

namespace Governance.Core.Allocations;

/// <summary>Reads the first worksheet of an .xlsx; the first non-empty row is the header.</summary>
internal static class XlsxGrid
{
    public static SheetContent Read(byte[] bytes)
    {
        List<(int Row, IReadOnlyList<SheetCell> Cells)> rows;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            // Without a header row MiniExcel yields every row from A1, blank ones included, so the
            // position in the sequence is the row number the user sees.
            rows = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Select((cells, index) => (index + 1, (IReadOnlyList<SheetCell>)cells.Values.Select(ToCell).ToList()))
                .ToList();
        }
        catch (Exception e) when (e is not ProblemException)
        {
            // MiniExcel reports a damaged or encrypted package with whatever its zip/XML layer throws.
            throw new ProblemException(400, "invalid_xlsx", AllocationMessages.InvalidXlsxTitle, AllocationMessages.InvalidXlsxDetail(e.GetType().Name));
        }
        return Grid.ToSheet(rows);
    }

    private static SheetCell ToCell(object? value) => value switch
    {
        null => SheetCell.Blank,
        string s => SheetCell.FromText(s),
        DateTime d => SheetCell.FromDate(DateOnly.FromDateTime(d)),
        DateOnly d => SheetCell.FromDate(d),
        double d when double.IsFinite(d) => SheetCell.FromNumber((decimal)d, fromSpreadsheet: true),
        float f when float.IsFinite(f) => SheetCell.FromNumber((decimal)f, fromSpreadsheet: true),
        decimal m => SheetCell.FromNumber(m, fromSpreadsheet: true),
        int i => SheetCell.FromNumber(i, fromSpreadsheet: true),
        long l => SheetCell.FromNumber(l, fromSpreadsheet: true),
        _ => SheetCell.FromText(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
