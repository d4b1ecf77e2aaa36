using Governance.Core.Programme;

namespace Governance.Core.Allocations;

/// <summary>
/// One line of the allocation table (资金分配表), read and checked. <paramref name="Row"/> is the
/// row number the user sees in the spreadsheet (header = 1), or the 1-based item index in JSON.
/// Task type, community kind and dates are null when the table leaves them blank, so the
/// importer can apply the programme's defaults.
/// </summary>
public sealed record AllocationRow(
    int Row,
    string? SerialNumber,
    string Unit,
    string Community,
    decimal AmountYuan,
    TaskType? TaskType,
    CommunityKind? CommunityKind,
    DateOnly? StartDate,
    DateOnly? Deadline);

/// <summary>One bad cell: its row, its Chinese column name (e.g. 分配金额) and a Chinese message.</summary>
public sealed record AllocationRowError(int Row, string Column, string Message);

/// <summary>The rows that were read cleanly and every error found; a row with an error is not in <see cref="Rows"/>.</summary>
public sealed record AllocationTable(IReadOnlyList<AllocationRow> Rows, IReadOnlyList<AllocationRowError> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}
