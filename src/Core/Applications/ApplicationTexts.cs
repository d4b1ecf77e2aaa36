using Governance.Core.Evaluation;

namespace Governance.Core.Applications;

/// <summary>Every Chinese text of next year's applications (申报), in one place.</summary>
public static class ApplicationTexts
{
    public const string InvalidTitle = "申报内容有误，未提交";
    public const string SuspendedTitle = "暂停申报";
    public const string UnitsOnly = "申报由责任单位提交，请使用责任单位的令牌。";
    public const string DuplicateTitle = "已申报";
    public const string PriorityName = "优先";

    public static string Required(string label) => $"请填写{label}";

    public static string TooLong(string label, int max) => $"{label}不能超过{max}个字";

    public static string UnknownTaskType(string text) =>
        $"任务类型应为 service-capacity（城乡社区服务能力提升）或 model-community（北疆示范社区创建），收到“{Problems.FieldErrors.Echo(text)}”";

    public static string UnknownField(string field) => $"无法识别的字段“{Problems.FieldErrors.Echo(field)}”";

    public static string Suspended(string unit, int year, IEnumerable<ConsequenceBasis> basis) =>
        $"{unit}{year}年度“2121”工程创建任务申报不予受理。你单位承担的{year - 1}年度" +
        string.Join("；", basis.Select(b => $"{b.Community}“{b.TaskTypeName}”项目（{b.AssignmentId}）未在规定期限内完成工作任务（{b.Reason}）")) +
        $"。根据{Consequences.PlanName}，{Consequences.NotCompletedClause}";

    public static string PriorityReason(int year, IEnumerable<ConsequenceBasis> basis) =>
        $"{year - 1}年度" + string.Join("；", basis.Select(b => $"{b.Community}“{b.TaskTypeName}”项目（{b.AssignmentId}）提前完成工作任务（{b.Reason}）")) +
        $"。根据{Consequences.PlanName}，优先争取{year}年度工作任务";

    public static string Duplicate(string unit, string community, string taskTypeName, int year) =>
        $"{unit}已申报{year}年度{community}“{taskTypeName}”任务，不重复受理。";

    public static string AuditDescription(ApplicationRecord a) =>
        $"{a.Unit}申报{a.Year}年度{a.Community}“{a.TaskTypeName}”任务" + (a.PriorityAtSubmission ? "（优先）" : "");
}
