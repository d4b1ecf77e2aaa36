using Governance.Core.Problems;

namespace Governance.Core.Allocations;

/// <summary>The Chinese wording of allocation import refusals.</summary>
public static class AllocationProblems
{
    public static ProblemException RowsInvalid(IReadOnlyList<AllocationRowError> errors)
    {
        var ordered = errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).ToList();
        var fields = ordered
            .GroupBy(e => $"第{e.Row}行.{e.Column}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        var rows = ordered.Select(e => e.Row).Distinct().ToList();
        var detail = $"共{rows.Count}行有误（第{string.Join("、", rows)}行），未导入任何数据：" +
                     string.Join("；", ordered.Select(e => e.Message));
        return new ProblemException(400, "allocation_rows_invalid", "资金分配表有误，未导入", detail, fields);
    }
}
