using System.Globalization;

namespace Governance.Core.Allocations;

internal enum CellKind
{
    Blank,
    Text,
    Number,
    Date,

    /// <summary>A JSON value that is neither text nor a number (true, an object, an array).</summary>
    Unsupported,
}

/// <summary>
/// One cell as the source format gave it, before any domain meaning is applied; <see cref="Text"/>
/// is always what the user typed or sees, so messages can quote it.
/// </summary>
internal readonly record struct SheetCell(CellKind Kind, string Text, decimal Number = 0m, DateOnly Date = default, bool FromSpreadsheet = false)
{
    public static SheetCell Blank { get; } = new(CellKind.Blank, "");

    public static SheetCell FromText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Blank : new(CellKind.Text, text);

    public static SheetCell FromNumber(decimal number, bool fromSpreadsheet) =>
        new(CellKind.Number, number.ToString(CultureInfo.InvariantCulture), number, FromSpreadsheet: fromSpreadsheet);

    public static SheetCell FromDate(DateOnly date) =>
        new(CellKind.Date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Date: date);

    public static SheetCell Unsupported(string raw) => new(CellKind.Unsupported, raw);

    public bool IsBlank => Kind == CellKind.Blank;
}

/// <summary>A data row keyed by canonical Chinese column; a column the row lacks is blank.</summary>
internal sealed record SheetRecord(int Row, IReadOnlyDictionary<string, SheetCell> Cells)
{
    public SheetCell this[string column] => Cells.TryGetValue(column, out var cell) ? cell : SheetCell.Blank;
}

/// <summary>What a format reader hands the validator: data rows plus errors about the table's shape.</summary>
internal sealed record SheetContent(IReadOnlyList<SheetRecord> Records, IReadOnlyList<AllocationRowError> Errors);

/// <summary>Turns a grid (CSV or worksheet) into records: finds the header, maps columns, drops empty rows.</summary>
internal static class Grid
{
    public static SheetContent ToSheet(IEnumerable<(int Row, IReadOnlyList<SheetCell> Cells)> rows)
    {
        var errors = new List<AllocationRowError>();
        var records = new List<SheetRecord>();
        int? headerRow = null;
        var columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var (row, cells) in rows)
        {
            if (cells.All(c => c.IsBlank))
            {
                continue;
            }
            if (headerRow is null)
            {
                if (IsTitle(cells))
                {
                    continue;
                }
                headerRow = row;
                for (var i = 0; i < cells.Count; i++)
                {
                    var column = AllocationColumns.Canonical(cells[i].Text);
                    if (column is null)
                    {
                        continue;
                    }
                    if (!columnIndex.TryAdd(column, i))
                    {
                        errors.Add(new AllocationRowError(row, column, AllocationMessages.DuplicateColumn(column)));
                    }
                }
                continue;
            }
            var mapped = new Dictionary<string, SheetCell>(StringComparer.Ordinal);
            foreach (var (column, index) in columnIndex)
            {
                if (index < cells.Count)
                {
                    mapped[column] = cells[index];
                }
            }
            records.Add(new SheetRecord(row, mapped));
        }

        if (records.Count == 0)
        {
            return new SheetContent([], [new AllocationRowError(headerRow ?? 1, "", AllocationMessages.NoDataRows)]);
        }
        foreach (var column in AllocationColumns.Required.Where(c => !columnIndex.ContainsKey(c)))
        {
            errors.Add(new AllocationRowError(headerRow ?? 1, column, AllocationMessages.MissingColumn(column)));
        }
        // Without its required columns no row can be read; reporting every row as blank would bury the real problem.
        return errors.Count > 0 ? new SheetContent([], errors) : new SheetContent(records, []);
    }

    // The bureau's own table (附件1) carries its title in a row above the header; a lone
    // non-header cell before any header is that title, not a header missing its columns.
    private static bool IsTitle(IReadOnlyList<SheetCell> cells)
    {
        var filled = cells.Where(c => !c.IsBlank).ToList();
        return filled.Count == 1 && AllocationColumns.Canonical(filled[0].Text) is null;
    }
}
