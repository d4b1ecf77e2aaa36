using Governance.Core.Problems;

namespace Governance.Core.Allocations;

/// <summary>The Chinese wording of allocation import refusals.</summary>
public static class AllocationProblems
{
    private const int ListedRows = 20;

    public static ProblemException RowsInvalid(IReadOnlyList<AllocationRowError> errors)
    {
        // The answer lists the first rows' errors and counts the rest, so a table of a thousand bad
        // rows gets a short answer a person can act on, not one that grows with the table.
        var ordered = errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).ToList();
        var fields = new FieldErrors();
        foreach (var e in ordered)
        {
            fields.Add($"第{e.Row}行.{e.Column}", e.Message);
        }
        var rows = ordered.Select(e => e.Row).Distinct().ToList();
        var shownRows = rows.Take(ListedRows).ToList();
        var shownMessages = ordered.Where(e => shownRows.Contains(e.Row)).Take(FieldErrors.MaxFields).Select(e => e.Message).ToList();
        var detail = $"共{rows.Count}行有误（第{string.Join("、", shownRows)}行{(rows.Count > shownRows.Count ? $"等，另有{rows.Count - shownRows.Count}行未列出" : "")}），未导入任何数据：" +
                     string.Join("；", shownMessages) + (ordered.Count > shownMessages.Count ? $"；另有{ordered.Count - shownMessages.Count}处错误未列出。" : "");
        return new ProblemException(400, "allocation_rows_invalid", "资金分配表有误，未导入", detail, fields.ToDictionary());
    }
}
