using System.Globalization;
using Governance.Core.Assignments;
using Governance.Core.Programme;
using Governance.Core.Rules;

namespace Governance.Core.Evaluation;

/// <summary>Every Chinese text of evaluation (评估验收), outcomes and the 验收结果 notice, in one place.</summary>
public static class EvaluationTexts
{
    public const string InvalidTitle = "验收记录有误，未保存";
    public const string NotFoundTitle = "尚未验收";
    public const string IfMatchRequiredTitle = "修订验收记录须带 If-Match";
    public const string StaleTitle = "验收记录已被他人修改";
    public const string AlreadyEvaluatedTitle = "该项目已有验收记录";
    public const string NothingToMatchTitle = "该项目尚无验收记录";
    public const string Passed = "通过";
    public const string Failed = "不通过";

    public static string Day(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public static string NotFoundDetail(Assignment a) => $"{a.Unit}{a.Community}{a.TaskType.ChineseName()}项目尚无验收记录。";

    public static string IfMatchRequiredDetail(EvaluationRecord current) =>
        $"该项目已有第{current.Version}版验收记录。修订时请在请求头 If-Match 中带上当前版本的 ETag（{current.HttpETag}），以免覆盖他人的修改。";

    public static string StaleDetail(EvaluationRecord? current) => current is null
        ? "验收记录在您读取之后已被修改，本次未保存。请重新读取后再修订。"
        : $"当前验收记录为第{current.Version}版（ETag {current.HttpETag}），与 If-Match 不符，本次未保存。请重新读取后再修订。";

    public static string AlreadyEvaluatedDetail(EvaluationRecord current) =>
        $"该项目已有第{current.Version}版验收记录（If-None-Match: * 要求尚无记录）。修订请带 If-Match: {current.HttpETag}。";

    public const string NothingToMatchDetail = "该项目尚无验收记录，首次验收不应带 If-Match。";

    // Field messages.
    public static string Required(string label) => $"请填写{label}";

    public static string NotADate(string label, string text) => $"{label}应为日期，写成“2026-10-15”的形式，收到“{Clip(text)}”";

    public static string NotText(string field) => $"“{field}”应为文字（JSON 字符串）";

    public static string TooLong(string label, int max) => $"{label}不能超过{max}个字";

    public const string CompletedAfterEvaluated = "完成日期不能晚于验收日期";

    public static string EvaluatedInFuture(DateOnly today) => $"验收日期不能晚于今天（北京时间{Day(today)}）";

    public static string CompletedBeforeStart(DateOnly start) => $"完成日期不能早于项目开始日期{Day(start)}";

    public const string ResultsNotAList = "results 应为逐项评定的列表：[{requirement, passed, note}]";

    public static string UnknownRequirement(string id, TaskType type) => $"创建要求“{Clip(id)}”不属于{type.ChineseName()}";

    public static string DuplicateRequirement(string id) => $"创建要求“{id}”重复评定";

    public static string MissingRequirement(Requirement r) => $"缺少对“{r.Id} {r.Name}”的评定：{r.TaskType.ChineseName()}的每一项创建要求都须评定";

    public const string PassedMissing = "请评定通过（true）或不通过（false）";

    public static string Contradiction(RequirementVerdict computed, bool passed) =>
        $"系统依据最新填报数据计算为“{computed.State.ChineseName()}”（{computed.Explanation}），评定为“{(passed ? Passed : Failed)}”与之不符，须在 note 中说明理由";

    public static string UnknownField(string field) => $"无法识别的字段“{Clip(field)}”";

    // Outcome reasons.
    public static string EarlyReason(EvaluationRecord e, DateOnly deadline, int daysEarly, int minimum) =>
        $"{Day(e.EvaluatedOn)}验收全部通过，工作于{Day(e.CompletedOn)}完成，比截止日期{Day(deadline)}提前{daysEarly}天" +
        (minimum <= 1 ? "（在截止日期之前完成的为提前完成）" : $"（比截止日期提前{minimum}天及以上完成的为提前完成）");

    public static string OnTimeReason(EvaluationRecord e, DateOnly deadline) => e.CompletedOn == deadline
        ? $"{Day(e.EvaluatedOn)}验收全部通过，工作于截止日期{Day(deadline)}当天完成"
        : $"{Day(e.EvaluatedOn)}验收全部通过，工作于{Day(e.CompletedOn)}完成，未超过截止日期{Day(deadline)}";

    public static string FailedAfterDeadlineReason(EvaluationRecord e, DateOnly deadline) =>
        $"截止日期{Day(deadline)}已过，{Day(e.EvaluatedOn)}验收有{e.Failed.Count()}项未通过：{FailedList(e)}";

    public static string NeverEvaluatedReason(DateOnly deadline, DateOnly windowEnd) =>
        $"截止日期{Day(deadline)}后的验收期已于{Day(windowEnd)}结束，仍无全部通过的验收记录";

    public static string CompletedLateReason(EvaluationRecord e, DateOnly deadline, DateOnly windowEnd) =>
        $"验收期已于{Day(windowEnd)}结束；工作于{Day(e.CompletedOn)}完成，晚于截止日期{Day(deadline)}";

    public static string PendingReason(EvaluationRecord? e, DateOnly deadline, DateOnly windowEnd, bool deadlinePassed) => (e, deadlinePassed) switch
    {
        (null, false) => $"截止日期{Day(deadline)}未到，尚未验收",
        (null, true) => $"截止日期{Day(deadline)}已过，尚未验收；验收期至{Day(windowEnd)}",
        ({ AllPassed: false }, _) => $"{Day(e.EvaluatedOn)}验收有{e.Failed.Count()}项未通过：{FailedList(e)}；截止日期{Day(deadline)}前整改后可重新验收",
        _ => $"工作于{Day(e.CompletedOn)}完成，晚于截止日期{Day(deadline)}；验收期至{Day(windowEnd)}",
    };

    // Consequences (四、组织保障（三）), in the plan's own words: see Consequences.
    public const string PriorityName = Consequences.PriorityName;
    public const string PilotName = Consequences.PilotName;
    public const string SuspensionName = Consequences.SuspensionName;

    public const string ConsequenceRule = Consequences.Rule;

    public static string AssignmentName(Assignment a) => $"{a.Year}年度{a.Community}“{a.TaskType.ChineseName()}”项目（{a.Id}）";

    // The 验收结果 notice.
    public static string NoticeTitle(Assignment a, EvaluationRecord e) =>
        $"验收结果：{a.Community}{a.TaskType.ChineseName()}项目（第{e.Version}版）";

    public static string NoticeText(Assignment a, EvaluationRecord e, AssignmentOutcome outcome)
    {
        var lines = new List<string>
        {
            $"{a.Unit}：",
            $"区民政局于{Day(e.EvaluatedOn)}对你单位承担的{AssignmentName(a)}进行了评估验收（第{e.Version}版，验收人：{e.Evaluator}）。",
            e.AllPassed
                ? $"验收结果：{e.Results.Count}项创建要求全部通过。"
                : $"验收结果：{e.Results.Count}项创建要求中有{e.Failed.Count()}项未通过：",
        };
        lines.AddRange(e.Failed.Select((f, i) => $"{i + 1}. {RequirementLabel(f.Requirement)}{(string.IsNullOrWhiteSpace(f.Note) ? "" : "：" + f.Note)}"));
        lines.Add($"项目结论：{outcome.Kind.ChineseName()}（{outcome.Reason}）。");
        lines.Add(outcome.Kind switch
        {
            OutcomeKind.Early =>
                $"根据{Consequences.PlanName}，{Consequences.EarlyClause}你单位可优先争取{a.Year + 1}年度工作任务，区民政局将推荐你单位承接国家级试点实验任务，推广实验成果。",
            OutcomeKind.NotCompleted =>
                $"根据{Consequences.PlanName}，{Consequences.NotCompletedClause}你单位将暂停申报{a.Year + 1}年度“2121”工程创建任务。",
            OutcomeKind.Pending when !e.AllPassed =>
                $"请在截止日期{Day(a.Deadline)}前完成整改并申请重新验收。根据{Consequences.PlanName}，{Consequences.NotCompletedClause}",
            _ => "",
        });
        return string.Join("\n", lines.Where(l => l.Length > 0));
    }

    public static string AuditDescription(Assignment a, EvaluationRecord e) =>
        $"{e.Evaluator}验收{a.Unit}{a.Community}{a.TaskType.ChineseName()}项目第{e.Version}版：" +
        (e.AllPassed ? "全部通过" : $"{e.Failed.Count()}项未通过") + $"，验收档案SHA-256 {e.Dossier.Sha256[..12]}…";

    public static string RequirementLabel(string id) =>
        RequirementCatalogue.TryGet(id, out var r) ? $"{r.Id} {r.Name}" : id;

    private static string FailedList(EvaluationRecord e) =>
        string.Join("；", e.Failed.Select(f => RequirementLabel(f.Requirement) + (string.IsNullOrWhiteSpace(f.Note) ? "" : $"（{f.Note}）")));

    private static string Clip(string text) => Problems.FieldErrors.Echo(text);

    public static string Judged(DateOnly evaluatedOn, RequirementState state, string? note, string computed) =>
        $"{evaluatedOn:yyyy-MM-dd}验收{state.ChineseName()}{(string.IsNullOrWhiteSpace(note) ? "" : "：" + note)}。计算结果：{computed}";
}
