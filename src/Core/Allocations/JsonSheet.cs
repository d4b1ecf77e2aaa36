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
                    anyValue |= !ToCell(property.Value).IsBlank;
                    if (AllocationColumns.Canonical(property.Name) is { } column)
                    {
                        cells[column] = ToCell(property.Value);
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
        JsonValueKind.String => SheetCell.FromText(value.GetString()),
        JsonValueKind.Number => value.TryGetDecimal(out var number)
            ? SheetCell.FromNumber(number, fromSpreadsheet: false)
            : SheetCell.Unsupported(value.GetRawText()),
        _ => SheetCell.Unsupported(value.GetRawText()),
    };
}
