using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Rules;

namespace Governance.Core.Tests;

public sealed class OutcomeRulesTests
{
    // Deadline 2026-12-31; with the default 60-day window the last day to evaluate is 2027-03-01.
    private static readonly Assignment Tianyuan = new("2026-0a1b2c3d", 2026, "1", "罕台镇", "田园社区", CommunityKind.Urban,
        TaskType.ServiceCapacity, 150_000m, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    private static readonly ScheduleOptions Defaults = new();

    private static EvaluationRecord Evaluation(string completedOn, string evaluatedOn, params bool[] passed) => new(
        Tianyuan.Id, 1, DateOnly.Parse(completedOn), DateOnly.Parse(evaluatedOn), "李明",
        RequirementCatalogue.For(TaskType.ServiceCapacity).Select((r, i) => new RequirementJudgement(r.Id, i >= passed.Length || passed[i], i < passed.Length && !passed[i] ? "产权证明未提供" : null)).ToList(),
        [], DateTimeOffset.UnixEpoch, "区民政局:李明", new DossierInfo("b", "f", "00", 1));

    private static OutcomeKind Decide(EvaluationRecord? e, string today, ScheduleOptions? schedule = null) =>
        OutcomeRules.Decide(Tianyuan, e, DateOnly.Parse(today), schedule ?? Defaults).Kind;

    [Fact]
    public void Work_complete_the_day_before_the_deadline_is_early_and_on_the_deadline_day_on_time()
    {
        // The plan sets no margin: any day before the deadline is 提前完成.
        var early = OutcomeRules.Decide(Tianyuan, Evaluation("2026-12-30", "2027-01-05"), new DateOnly(2027, 1, 5), Defaults);
        Assert.Equal(OutcomeKind.Early, early.Kind);
        Assert.Contains("提前1天", early.Reason);
        Assert.Contains("在截止日期之前完成的为提前完成", early.Reason);
        var onTime = OutcomeRules.Decide(Tianyuan, Evaluation("2026-12-31", "2027-01-05"), new DateOnly(2027, 1, 5), Defaults);
        Assert.Equal(OutcomeKind.OnTime, onTime.Kind);
        Assert.Contains("截止日期2026年12月31日当天完成", onTime.Reason);
    }

    [Fact]
    public void An_all_passed_evaluation_decides_at_once_even_before_the_deadline()
    {
        var outcome = OutcomeRules.Decide(Tianyuan, Evaluation("2026-11-01", "2026-11-01"), new DateOnly(2026, 11, 1), Defaults);
        Assert.Equal(OutcomeKind.Early, outcome.Kind);
        Assert.True(outcome.GivesPriority);
        Assert.Contains("提前60天", outcome.Reason);
    }

    [Fact]
    public void Work_complete_on_the_deadline_day_is_on_time()
    {
        Assert.Equal(OutcomeKind.OnTime, Decide(Evaluation("2026-12-31", "2027-01-20"), "2027-01-20"));
    }

    [Fact]
    public void Without_an_evaluation_it_is_pending_through_the_windows_last_day_and_not_completed_the_day_after()
    {
        Assert.Equal(OutcomeKind.Pending, Decide(null, "2026-12-31"));
        Assert.Equal(OutcomeKind.Pending, Decide(null, "2027-01-01"));
        Assert.Equal(OutcomeKind.Pending, Decide(null, "2027-03-01"));
        var after = OutcomeRules.Decide(Tianyuan, null, new DateOnly(2027, 3, 2), Defaults);
        Assert.Equal(OutcomeKind.NotCompleted, after.Kind);
        Assert.True(after.Suspends);
        Assert.Contains("2027年3月1日", after.Reason);
    }

    [Fact]
    public void A_failed_requirement_before_the_deadline_stays_pending_until_the_deadline_passes()
    {
        var failed = Evaluation("2026-12-10", "2026-12-10", true, true, false);
        Assert.Equal(OutcomeKind.Pending, Decide(failed, "2026-12-10"));
        Assert.Equal(OutcomeKind.Pending, Decide(failed, "2026-12-31"));
        var after = OutcomeRules.Decide(Tianyuan, failed, new DateOnly(2027, 1, 1), Defaults);
        Assert.Equal(OutcomeKind.NotCompleted, after.Kind);
        Assert.Contains("FW-3", after.Reason);
        Assert.Contains("产权证明未提供", after.Reason);
    }

    [Fact]
    public void All_passed_but_complete_after_the_deadline_is_pending_in_the_window_and_not_completed_after_it()
    {
        var late = Evaluation("2027-01-10", "2027-01-15");
        Assert.Equal(OutcomeKind.Pending, Decide(late, "2027-01-15"));
        Assert.Equal(OutcomeKind.NotCompleted, Decide(late, "2027-03-02"));
    }

    [Fact]
    public void The_early_days_and_the_window_are_settings()
    {
        var schedule = new ScheduleOptions { EarlyCompletionDays = 10, EvaluationWindowDays = 5 };
        var early = OutcomeRules.Decide(Tianyuan, Evaluation("2026-12-21", "2026-12-21"), new DateOnly(2026, 12, 21), schedule);
        Assert.Equal(OutcomeKind.Early, early.Kind);
        Assert.Contains("比截止日期提前10天及以上完成的为提前完成", early.Reason);
        Assert.Equal(OutcomeKind.OnTime, Decide(Evaluation("2026-12-22", "2026-12-22"), "2026-12-22", schedule));
        Assert.Equal(OutcomeKind.Pending, Decide(null, "2027-01-05", schedule));
        Assert.Equal(OutcomeKind.NotCompleted, Decide(null, "2027-01-06", schedule));
    }

    [Fact]
    public void A_judgement_against_a_computed_verdict_needs_a_note_and_evidence_requirements_have_none()
    {
        RequirementCatalogue.TryGet("FW-2", out var fw2);
        RequirementCatalogue.TryGet("FW-1", out var fw1);
        var met = new RequirementVerdict("FW-2", "综合服务设施面积", RequirementState.Met, [], "达标");
        var incomplete = met with { State = RequirementState.DataIncomplete };
        Assert.True(EvaluationInput.Contradicts(fw2!, met, passed: false));
        Assert.False(EvaluationInput.Contradicts(fw2!, met, passed: true));
        Assert.True(EvaluationInput.Contradicts(fw2!, incomplete, passed: true));
        Assert.False(EvaluationInput.Contradicts(fw1!, incomplete with { RequirementId = "FW-1" }, passed: true));
    }
}
