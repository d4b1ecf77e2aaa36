namespace Governance.Core.Evaluation;

/// <summary>
/// The consequences of the evaluation as the implementation plan states them (四、组织保障（三）
/// 加强调度指导). Every text that restates them — notices, refusals, bulletins — quotes these words:
/// the subject is the town or sub-district office (镇、街道办事处), not the project.
/// </summary>
public static class Consequences
{
    /// <summary>The plan's full title, as a document cites it.</summary>
    public const string PlanName = "《鄂尔多斯市东胜区城乡社区治理“2121”工程实施方案》";

    /// <summary>Where in the plan the rule stands.</summary>
    public const string PlanSection = "“四、组织保障”第（三）项";

    /// <summary>The plan's sentence on work completed early.</summary>
    public const string EarlyClause = "提前完成工作任务的镇、街道办事处，优先争取下年度工作任务，并推荐承接国家级试点实验任务，推广实验成果。";

    /// <summary>The plan's sentence on work not completed in the set period.</summary>
    public const string NotCompletedClause = "规定期限未完成工作任务的镇、街道办事处，将暂停申报下一年度“2121”工程创建任务。";

    /// <summary>The plan's words, exactly.</summary>
    public const string PlanText = EarlyClause + NotCompletedClause;

    /// <summary>The plan's words with their source, ready to stand as a sentence of its own.</summary>
    public const string Rule = "根据" + PlanName + PlanSection + "，" + PlanText;

    /// <summary>What 提前完成 brings the unit.</summary>
    public const string PriorityName = "优先争取下年度工作任务";

    public const string PilotName = "推荐承接国家级试点实验任务，推广实验成果";

    /// <summary>What 未完成 costs the unit.</summary>
    public const string SuspensionName = "暂停申报下一年度“2121”工程创建任务";
}
