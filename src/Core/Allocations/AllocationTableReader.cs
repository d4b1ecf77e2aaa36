using System.Globalization;
using System.Text.RegularExpressions;
using Governance.Core.Problems;
using Governance.Core.Programme;
using Governance.Core.Input;

namespace Governance.Core.Allocations;

/// <summary>
/// Reads the allocation table (资金分配表) from CSV, XLSX or JSON and checks every cell, so the
/// importer either gets clean rows or a list of errors a user can fix cell by cell.
/// </summary>
public static partial class AllocationTableReader
{
    private enum Format
    {
        Csv,
        Xlsx,
        Json,
    }

    private const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static AllocationTable Read(Stream content, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(content);
        var declared = Declared(contentType);
        var bytes = ReadAll(content);
        var format = Decide(declared, bytes);
        if (bytes.Length == 0)
        {
            return new AllocationTable([], [new AllocationRowError(1, "", AllocationMessages.NoDataRows)]);
        }
        var sheet = format switch
        {
            Format.Xlsx => XlsxGrid.Read(bytes),
            Format.Json => JsonSheet.Read(bytes),
            _ => CsvGrid.Read(bytes),
        };
        return Validate(sheet);
    }

    /// <summary>The format the content type names; null when it names none (missing or octet-stream).</summary>
    private static Format? Declared(string? contentType)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "" or "application/octet-stream" => null,
            "text/csv" or "application/csv" => Format.Csv,
            XlsxMediaType => Format.Xlsx,
            "application/json" => Format.Json,
            // Browsers on Windows label .csv uploads with Excel's legacy type or as plain text;
            // the bytes decide what they really are.
            "application/vnd.ms-excel" or "text/plain" => null,
            _ => throw new ProblemException(415, "unsupported_media_type", AllocationMessages.UnsupportedMediaTypeTitle,
                AllocationMessages.UnsupportedMediaTypeDetail(contentType!)),
        };
    }

    private static Format Decide(Format? declared, byte[] bytes)
    {
        var sniffed = Sniff(bytes);
        return (declared, sniffed) switch
        {
            // A zip is never CSV or JSON, whatever the label says.
            (_, Format.Xlsx) => Format.Xlsx,
            // Send malformed JSON back as invalid_json rather than as a CSV missing its columns.
            (Format.Json, _) => Format.Json,
            _ => sniffed,
        };
    }

    private static Format Sniff(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith("PK"u8))
        {
            return Format.Xlsx;
        }
        if (span.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            throw new ProblemException(415, "unsupported_media_type", AllocationMessages.UnsupportedMediaTypeTitle, AllocationMessages.LegacyExcelDetail);
        }
        if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            span = span[3..];
        }
        foreach (var b in span)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            return b is (byte)'[' or (byte)'{' ? Format.Json : Format.Csv;
        }
        return Format.Csv;
    }

    private static byte[] ReadAll(Stream content)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer) && memory.Position == 0)
        {
            return buffer.AsSpan().ToArray();
        }
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    private static AllocationTable Validate(SheetContent sheet)
    {
        var rows = new List<AllocationRow>();
        var errors = new List<AllocationRowError>(sheet.Errors);
        var firstRowByKey = new Dictionary<(string Unit, string Community, TaskType? TaskType), int>();

        foreach (var record in sheet.Records)
        {
            var rowErrors = new List<AllocationRowError>();

            // A cell that breaks the text policy gets that one message; what its content would
            // have meant (an unreadable amount, a date) is not worth a second.
            var refused = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (column, cell) in record.Cells.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (!cell.IsBlank && TextPolicy.Violation(cell.Text) is { } violation)
                {
                    refused.Add(column);
                    rowErrors.Add(new AllocationRowError(record.Row, column, AllocationMessages.RefusedText(record.Row, column, violation)));
                }
            }
            void Fail(string column, string message)
            {
                if (!refused.Contains(column))
                {
                    rowErrors.Add(new AllocationRowError(record.Row, column, message));
                }
            }

            var serial = Text(record, AllocationColumns.SerialNumber, Fail);
            var unit = Name(record, AllocationColumns.Unit, Fail);
            var community = Name(record, AllocationColumns.Community, Fail);
            var amount = Amount(record, Fail);
            var taskType = Optional<TaskType>(record, AllocationColumns.TaskType, Fail, ProgrammeNames.TryParseTaskType, AllocationMessages.UnreadableTaskType);
            var kind = Optional<CommunityKind>(record, AllocationColumns.CommunityKind, Fail, ProgrammeNames.TryParseCommunityKind, AllocationMessages.UnreadableCommunityKind);
            var start = Date(record, AllocationColumns.StartDate, Fail);
            var deadline = Date(record, AllocationColumns.Deadline, Fail);

            if (start is { } s && deadline is { } d && d < s)
            {
                Fail(AllocationColumns.Deadline, AllocationMessages.DeadlineBeforeStart(record.Row, s, d));
            }

            var taskTypeReadable = record[AllocationColumns.TaskType].IsBlank || taskType is not null;
            if (unit is not null && community is not null && taskTypeReadable)
            {
                var key = (unit, community, taskType);
                if (firstRowByKey.TryGetValue(key, out var earlier))
                {
                    Fail(AllocationColumns.Community, AllocationMessages.DuplicateRow(record.Row, earlier, unit, community, taskType));
                }
                else
                {
                    firstRowByKey[key] = record.Row;
                }
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }
            rows.Add(new AllocationRow(record.Row, serial, unit!, community!, amount!.Value, taskType, kind, start, deadline));
        }
        return new AllocationTable(rows, errors);
    }

    private static string? Text(SheetRecord record, string column, Action<string, string> fail)
    {
        var cell = record[column];
        switch (cell.Kind)
        {
            case CellKind.Blank:
                return null;
            case CellKind.Unsupported:
                fail(column, AllocationMessages.NotTextOrNumber(record.Row, column));
                return null;
            default:
                var text = cell.Text.Trim();
                return text.Length == 0 ? null : text;
        }
    }

    private static string? Required(SheetRecord record, string column, Action<string, string> fail)
    {
        var cell = record[column];
        var text = Text(record, column, fail);
        if (text is null && cell.Kind != CellKind.Unsupported)
        {
            fail(column, AllocationMessages.Blank(record.Row, column));
        }
        return text;
    }

    /// <summary>A unit or community: required, and usable as a storage key (<see cref="ProgrammeNames.NameViolation"/>).</summary>
    private static string? Name(SheetRecord record, string column, Action<string, string> fail)
    {
        var name = Required(record, column, fail);
        if (name is not null && ProgrammeNames.NameViolation(name, column) is { } violation)
        {
            fail(column, AllocationMessages.BadName(record.Row, violation));
            return null;
        }
        return name;
    }

    private static decimal? Amount(SheetRecord record, Action<string, string> fail)
    {
        const string column = AllocationColumns.Amount;
        var cell = record[column];
        decimal yuan;
        switch (cell.Kind)
        {
            case CellKind.Blank:
                fail(column, AllocationMessages.Blank(record.Row, column));
                return null;
            case CellKind.Number:
                if (!Money.HasAtMostTwoDecimals(cell.Number))
                {
                    fail(column, AllocationMessages.AmountTooPrecise(record.Row, cell.Text));
                    return null;
                }
                yuan = cell.Number;
                break;
            case CellKind.Text when Money.TryParseYuan(cell.Text, out var parsed):
                yuan = parsed;
                break;
            default:
                fail(column, AllocationMessages.UnreadableAmount(record.Row, cell.Text.Trim()));
                return null;
        }
        if (yuan <= 0m)
        {
            fail(column, AllocationMessages.AmountNotPositive(record.Row, cell.Text.Trim()));
            return null;
        }
        return yuan;
    }

    private delegate bool TryParse<T>(string? text, out T value);

    private static T? Optional<T>(SheetRecord record, string column, Action<string, string> fail, TryParse<T> parse, Func<int, string, string> message)
        where T : struct
    {
        var text = Text(record, column, fail);
        if (text is null)
        {
            return null;
        }
        if (parse(text, out var value))
        {
            return value;
        }
        fail(column, message(record.Row, text));
        return null;
    }

    // Excel's serial day 1 is 1900-01-01; anything past 9999-12-31 is not a date.
    private const decimal MaxExcelSerial = 2_958_465m;

    private static DateOnly? Date(SheetRecord record, string column, Action<string, string> fail)
    {
        var cell = record[column];
        switch (cell.Kind)
        {
            case CellKind.Blank:
                return null;
            case CellKind.Date:
                return cell.Date;
            case CellKind.Number when cell.FromSpreadsheet && cell.Number >= 1m && cell.Number <= MaxExcelSerial:
                return DateOnly.FromDateTime(DateTime.FromOADate((double)decimal.Floor(cell.Number)));
            case CellKind.Text when TryParseDate(cell.Text.Trim(), out var date):
                return date;
            default:
                fail(column, AllocationMessages.UnreadableDate(record.Row, column, cell.Text.Trim()));
                return null;
        }
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?<sep>[-/.])(?<m>[0-9]{1,2})\k<sep>(?<d>[0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatedDate();

    [GeneratedRegex(@"^(?<y>[0-9]{4})年(?<m>[0-9]{1,2})月(?<d>[0-9]{1,2})日$", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseDate();

    internal static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var match = SeparatedDate().Match(text);
        if (!match.Success)
        {
            match = ChineseDate().Match(text);
        }
        if (!match.Success)
        {
            return false;
        }
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }
}
