using System.Text;

namespace Governance.Core.Allocations;

/// <summary>Reads CSV (RFC 4180) as Excel in China saves it: UTF-8 with or without BOM, or GBK.</summary>
internal static class CsvGrid
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CsvGrid() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SheetContent Read(byte[] bytes)
    {
        var text = Decode(bytes);
        var errors = new List<AllocationRowError>();
        var (rows, unterminatedAt) = Tokenize(text);
        var sheet = Grid.ToSheet(rows.Select((cells, i) => (i + 1, (IReadOnlyList<SheetCell>)cells.Select(SheetCell.FromText).ToList())));
        if (unterminatedAt is { } row)
        {
            // The record holding the open quote swallowed everything after it; its contents cannot be trusted.
            return new SheetContent(
                sheet.Records.Where(r => r.Row != row).ToList(),
                [.. sheet.Errors, new AllocationRowError(row, "", AllocationMessages.UnterminatedQuote(row))]);
        }
        return sheet;
    }

    internal static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return StrictUtf8.GetString(bytes, 3, bytes.Length - 3);
        }
        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }
        if (bytes.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // GBK text is almost never valid UTF-8, so a strict UTF-8 failure is a reliable sign of
            // a CSV saved by Excel on a Chinese-locale Windows.
            return Encoding.GetEncoding(936).GetString(bytes);
        }
    }

    /// <summary>Splits into records; returns the 1-based record number where a quote was left open, if any.</summary>
    internal static (List<List<string>> Rows, int? UnterminatedAt) Tokenize(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var quoteOpenedInRow = 0;
        var fieldStarted = false;

        void EndField()
        {
            row.Add(field.ToString());
            field.Clear();
            fieldStarted = false;
        }

        void EndRow()
        {
            EndField();
            rows.Add(row);
            row = [];
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    quoteOpenedInRow = rows.Count + 1;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r':
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    EndRow();
                    break;
                case '\n':
                    EndRow();
                    break;
                default:
                    // A stray quote inside an unquoted field is kept as text, as Excel does.
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        // A final line without a newline is still a record; a trailing newline adds none.
        if (fieldStarted || field.Length > 0 || row.Count > 0)
        {
            EndRow();
        }
        return (rows, inQuotes ? quoteOpenedInRow : null);
    }
}
