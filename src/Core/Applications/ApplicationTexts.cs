using Governance.Core.Evaluation;

namespace Governance.Core.Applications;

/// <summary>Every Chinese text of next year's applications (申报), in one place.</summary>
public static class ApplicationTexts
{
    public const string InvalidTitle = "申报内容有误，未提交";
    public const string SuspendedTitle = "暂停申报";
    public const string UnitsOnly = "申报由责任单位提交，请使用本单位的令牌。";
    public const string DuplicateTitle = "已申报";
    public const string PriorityName = "优先";

    public static string Required(string label) => $"请填写{label}";

    public static string TooLong(string label, int max) => $"{label}不能超过{max}个字";

    public static string UnknownTaskType(string text) =>
        $"任务类型应为 service-capacity（城乡社区服务能力提升）或 model-community（北疆示范社区创建），收到“{Problems.FieldErrors.Echo(text)}”";

    public static string UnknownField(string field) => $"无法识别的字段“{Problems.FieldErrors.Echo(field)}”";

    public static string Suspended(string unit, int year, IEnumerable<ConsequenceBasis> basis) =>
        $"{unit}{year}年度“2121”工程任务申报不予受理：{year - 1}年度" +
        string.Join("；", basis.Select(b => $"{b.Community}“{b.TaskTypeName}”项目（{b.AssignmentId}）未完成（{b.Reason}）")) +
        $"。根据{EvaluationTexts.ConsequenceRule}";

    public static string PriorityReason(int year, IEnumerable<ConsequenceBasis> basis) =>
        $"{year - 1}年度" + string.Join("；", basis.Select(b => $"{b.Community}“{b.TaskTypeName}”项目（{b.AssignmentId}）提前完成（{b.Reason}）")) +
        $"，{year}年度优先安排任务";

    public static string Duplicate(string unit, string community, string taskTypeName, int year) =>
        $"{unit}已申报{year}年度{community}“{taskTypeName}”任务，不重复受理。";

    public static string AuditDescription(ApplicationRecord a) =>
        $"{a.Unit}申报{a.Year}年度{a.Community}“{a.TaskTypeName}”任务" + (a.PriorityAtSubmission ? "（优先）" : "");
}
