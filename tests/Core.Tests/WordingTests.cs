using Governance.Core.Applications;
using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Notices;
using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Rules;

namespace Governance.Core.Tests;

/// <summary>The Chinese a bureau writes to its towns: 你单位, months named as people write them, the plan quoted.</summary>
public sealed class WordingTests
{
    private static readonly Assignment Tianyuan = new("2026-0a1b2c3d", 2026, "1", "罕台镇", "田园社区", CommunityKind.Urban,
        TaskType.ServiceCapacity, 150_000m, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    private static EvaluationRecord Evaluation(bool allPassed) => new(
        Tianyuan.Id, 1, new DateOnly(2026, 10, 16), new DateOnly(2026, 10, 20), "李明",
        RequirementCatalogue.For(TaskType.ServiceCapacity).Select((r, i) => new RequirementJudgement(r.Id, allPassed || i != 2, allPassed || i != 2 ? null : "产权证明未提供")).ToList(),
        [], DateTimeOffset.UnixEpoch, "区民政局:李明", new DossierInfo("b", "f", "00", 1));

    [Fact]
    public void The_consequences_are_the_plans_words_with_the_town_as_subject()
    {
        Assert.Equal("提前完成工作任务的镇、街道办事处，优先争取下年度工作任务，并推荐承接国家级试点实验任务，推广实验成果。" +
                     "规定期限未完成工作任务的镇、街道办事处，将暂停申报下一年度“2121”工程创建任务。", Consequences.PlanText);
        Assert.EndsWith(Consequences.PlanText, EvaluationTexts.ConsequenceRule);
        Assert.Equal("优先争取下年度工作任务", EvaluationTexts.PriorityName);
        Assert.Equal("推荐承接国家级试点实验任务，推广实验成果", EvaluationTexts.PilotName);
        Assert.Equal("暂停申报下一年度“2121”工程创建任务", EvaluationTexts.SuspensionName);
    }

    [Fact]
    public void The_evaluation_notice_addresses_the_unit_as_you_and_quotes_the_plan()
    {
        var early = EvaluationTexts.NoticeText(Tianyuan, Evaluation(true), new AssignmentOutcome(OutcomeKind.Early, "提前"));
        Assert.Contains("对你单位承担的", early);
        Assert.Contains(Consequences.EarlyClause, early);
        Assert.Contains("你单位可优先争取2027年度工作任务", early);
        Assert.Contains("推荐你单位承接国家级试点实验任务，推广实验成果", early);

        var failed = EvaluationTexts.NoticeText(Tianyuan, Evaluation(false), new AssignmentOutcome(OutcomeKind.NotCompleted, "未完成"));
        Assert.Contains("5项创建要求中有1项未通过", failed);
        Assert.Contains(Consequences.NotCompletedClause, failed);
        Assert.Contains("你单位将暂停申报2027年度“2121”工程创建任务", failed);

        foreach (var text in new[] { early, failed })
        {
            Assert.DoesNotContain("贵单位", text);
            Assert.DoesNotContain("本单位", text);
            Assert.DoesNotContain("优先安排", text);
        }
    }

    [Fact]
    public void A_refused_application_names_the_unfinished_work_and_quotes_the_plan()
    {
        var text = ApplicationTexts.Suspended("罕台镇", 2027, [new ConsequenceBasis(Tianyuan.Id, "田园社区", "城乡社区服务能力提升", "验收期已结束")]);
        Assert.Contains("你单位承担的2026年度田园社区“城乡社区服务能力提升”项目", text);
        Assert.EndsWith(Consequences.NotCompletedClause, text);
        var priority = ApplicationTexts.PriorityReason(2027, [new ConsequenceBasis(Tianyuan.Id, "田园社区", "城乡社区服务能力提升", "提前60天")]);
        Assert.EndsWith("优先争取2027年度工作任务", priority);
    }

    [Fact]
    public void The_reminder_asks_for_the_named_month_by_the_due_day_the_schedule_sets()
    {
        var june = new MonthPeriod(2023, 6);
        var due = DueDates.ReportDueDay(june, new ScheduleOptions { ReportDueDay = 10 });
        var text = NoticeTexts.Reminder("罕台镇", june, due, ["田园社区（城乡社区服务能力提升）"]);
        Assert.Contains("你单位以下项目尚未报送2023年6月的月度进展", text);
        Assert.Contains("2023年7月10日24时", text);
        Assert.Contains("2023年6月的工作进展", text);
        Assert.DoesNotContain("本月", text);
        Assert.DoesNotContain("5日", text);
        Assert.Equal("催报提醒：请报送2023年6月的月度进展", NoticeTexts.ReminderTitle(june));
        Assert.DoesNotContain("月月", NoticeTexts.OverdueTitle(june));
    }

    [Fact]
    public void Notices_to_a_unit_say_you_and_warnings_quote_the_plan()
    {
        var june = new MonthPeriod(2023, 6);
        var due = new DateOnly(2023, 7, 5);
        var texts = new[]
        {
            NoticeTexts.Overdue("罕台镇", june, due, ["田园社区（城乡社区服务能力提升）"]),
            NoticeTexts.Dispatch("罕台镇", june, due, 2, 1),
            NoticeTexts.Bulletin("罕台镇", new QuarterPeriod(2023, 2), new DateOnly(2023, 7, 10), ["田园社区（城乡社区服务能力提升）"]),
            NoticeTexts.DeadlineWarning("罕台镇", "田园社区（城乡社区服务能力提升）", new DateOnly(2023, 12, 31), 30, ["FW-2 综合服务设施面积（未达标）"]),
        };
        foreach (var text in texts)
        {
            Assert.Contains("你单位", text);
            Assert.DoesNotContain("本单位", text);
            Assert.DoesNotContain("贵单位", text);
        }
        Assert.EndsWith(Consequences.NotCompletedClause, texts[3]);
    }
}
