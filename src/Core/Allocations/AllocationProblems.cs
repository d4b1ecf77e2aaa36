using Governance.Core.Problems;

namespace Governance.Core.Allocations;

/// <summary>The Chinese wording of allocation import refusals.</summary>
public static class AllocationProblems
{
    public static string TaskTypeUnknown(string community) =>
        $"未填写任务类型，且无法根据社区“{community}”推定。请填写“城乡社区服务能力提升”或“北疆示范社区创建”。";

    public static string CommunityKindUnknown(string community) =>
        $"无法根据名称判断“{community}”的社区类型，请填写“城镇社区”“农区嘎查村”或“牧区嘎查村”。";

    public static ProblemException RowsInvalid(IReadOnlyList<AllocationRowError> errors)
    {
        var ordered = errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).ToList();
        var fields = ordered
            .GroupBy(e => $"第{e.Row}行.{e.Column}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        var rows = ordered.Select(e => e.Row).Distinct().ToList();
        var detail = $"共{rows.Count}行有误（第{string.Join("、", rows)}行），未导入任何数据：" +
                     string.Join("；", ordered.Select(e => $"第{e.Row}行“{e.Column}”：{e.Message}"));
        return new ProblemException(400, "allocation_rows_invalid", "资金分配表有误，未导入", detail, fields);
    }
}
