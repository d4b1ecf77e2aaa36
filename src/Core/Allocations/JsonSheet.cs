using System.Text.Json;
using Governance.Core.Problems;

namespace Governance.Core.Allocations;

/// <summary>Reads allocations sent as JSON: an array of objects, or {"allocations": [...]}.</summary>
internal static class JsonSheet
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static SheetContent Read(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(CsvGrid.Decode(bytes), Options);
        }
        catch (JsonException e)
        {
            throw new ProblemException(400, "invalid_json", AllocationMessages.InvalidJsonTitle, AllocationMessages.JsonSyntaxDetail(e.LineNumber, e.BytePositionInLine));
        }

        using (document)
        {
            var items = Items(document.RootElement);
            var records = new List<SheetRecord>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                index++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new ProblemException(400, "invalid_json", AllocationMessages.InvalidJsonTitle, AllocationMessages.JsonShapeDetail);
                }
                var cells = new Dictionary<string, SheetCell>(StringComparer.Ordinal);
                var anyValue = false;
                foreach (var property in item.EnumerateObject())
                {
                    var cell = ToCell(property.Value);
                    anyValue |= !cell.IsBlank;
                    // A key holding a lone surrogate cannot be read as a string, and names no column we use.
                    if (StringOf(property) is { } name && AllocationColumns.Canonical(name) is { } column)
                    {
                        cells[column] = cell;
                    }
                }
                // {} or all nulls is the JSON form of an empty row; unknown keys with values are not,
                // so a misspelt key shows up as a blank required column instead of vanishing.
                if (!anyValue)
                {
                    continue;
                }
                records.Add(new SheetRecord(index, cells));
            }
            return records.Count == 0
                ? new SheetContent([], [new AllocationRowError(1, "", AllocationMessages.NoDataRows)])
                : new SheetContent(records, []);
        }
    }

    private static JsonElement Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("allocations", out var allocations)
            && allocations.ValueKind == JsonValueKind.Array)
        {
            return allocations;
        }
        throw new ProblemException(400, "invalid_json", AllocationMessages.InvalidJsonTitle, AllocationMessages.JsonShapeDetail);
    }

    private static SheetCell ToCell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => SheetCell.Blank,
        JsonValueKind.String => SheetCell.FromText(StringOf(value)),
        JsonValueKind.Number => value.TryGetDecimal(out var number)
            ? SheetCell.FromNumber(number, fromSpreadsheet: false)
            : SheetCell.Unsupported(value.GetRawText()),
        _ => SheetCell.Unsupported(value.GetRawText()),
    };

    private static string? StringOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The string as sent. System.Text.Json refuses to materialise an escaped lone surrogate
    /// (<c>"\ud800"</c>); unescaping it here keeps it, so the text policy refuses the cell by row and column.
    /// </summary>
    private static string StringOf(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Unescape(value.GetRawText());
        }
    }

    private static string Unescape(string literal)
    {
        var sb = new System.Text.StringBuilder(literal.Length);
        // The raw text is a valid JSON string literal: the quotes and every escape are well formed.
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            var e = literal[++i];
            switch (e)
            {
                case 'u':
                    sb.Append((char)Convert.ToUInt16(literal.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                default: sb.Append(e); break;
            }
        }
        return sb.ToString();
    }
}
