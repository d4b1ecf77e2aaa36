using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Programme;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Standing;

namespace Governance.Core.Tests;

/// <summary>
/// The one standing computation: states, the progress share and what "as it stood at T" means.
/// Dates are written out; T is always an explicit Beijing instant.
/// </summary>
public sealed class StandingTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly RuleThresholds Rules = new();

    // 田园社区 as in the 2023 plan: service capacity, urban, 2023-05-19 … 2023-12-31 (227 days).
    private static readonly Assignment Tianyuan = new("2023-0a1b2c3d", 2023, "1", "罕台镇", "田园社区", CommunityKind.Urban,
        TaskType.ServiceCapacity, 150_000m, new DateOnly(2023, 5, 19), new DateOnly(2023, 12, 31));

    private static DateTimeOffset EndOf(int year, int month, int day) => new DateTimeOffset(year, month, day, 0, 0, 0, Beijing).AddDays(1).AddTicks(-1);

    private static MonthlyReport Report(string period, decimal spent, CommunityMetrics? metrics = null, params (string Id, string Status)[] progress)
    {
        var content = new MonthlyReportContent($"{period}进展", null, null, spent,
            progress.Select(p => new RequirementProgress(p.Id, p.Status, null)).ToList(),
            metrics ?? new CommunityMetrics(null, null, null, null, null, null, null, null, null, null));
        var at = DateTimeOffset.Parse(period + "-28T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        return new MonthlyReport(new ReportVersion(Tianyuan.Id, period, 1, at, Timeliness.OnTime, "罕台镇", "h", content), at, Timeliness.OnTime);
    }

    private static EvidenceRecord Evidence(string requirement, string period) =>
        new($"{Tianyuan.Id}.{requirement}{period}", Tianyuan.Id, "a.jpg", requirement, period, null, 1, "00", "image/jpeg", "b", "罕台镇", DateTimeOffset.UnixEpoch);

    private static EvaluationRecord Evaluation(int version, string evaluatedOn, bool allPassed = true) => new(
        Tianyuan.Id, version, new DateOnly(2023, 10, 16), DateOnly.Parse(evaluatedOn, System.Globalization.CultureInfo.InvariantCulture), "李明",
        RequirementCatalogue.For(TaskType.ServiceCapacity).Select((r, i) => new RequirementJudgement(r.Id, allPassed || i > 0, null)).ToList(),
        [], DateTimeOffset.UnixEpoch, "区民政局", new DossierInfo("b", "f", "00", 1));

    private static readonly CommunityMetrics Good = new(800, null, 320m, null, "基层政府", null, null, null, true, null);

    private static AssignmentStanding At(DateTimeOffset at, IEnumerable<MonthlyReport> reports, IEnumerable<EvidenceRecord>? evidence = null, IEnumerable<EvaluationRecord>? evaluations = null) =>
        Standings.Compute(Tianyuan, reports, evidence ?? [], evaluations ?? [], at, Rules);

    [Fact]
    public void Requirements_judged_only_by_staff_count_once_evidence_is_in_and_the_unit_reports_them_done()
    {
        // FW-2 and FW-3 are met by figures; FW-5's figures hold but its evidence is missing; FW-1 has
        // evidence and the unit says done; FW-4 has evidence but the unit says in progress.
        var reports = new[] { Report("2023-06", 10_000m, Good, ("FW-1", "done"), ("FW-4", "in_progress"), ("FW-5", "done")) };
        var evidence = new[] { Evidence("FW-1", "2023-06"), Evidence("FW-4", "2023-06") };

        var s = At(EndOf(2023, 6, 30), reports, evidence);

        Assert.Equal(
            [RequirementState.AwaitingReview, RequirementState.Met, RequirementState.Met, RequirementState.AwaitingReview, RequirementState.EvidenceMissing],
            s.Requirements.Select(r => r.State));
        Assert.Equal([true, true, true, false, false], s.Requirements.Select(r => r.Done));
        Assert.Equal(3, s.Done);
        Assert.Equal(2, s.Met);
        Assert.Equal(0.6m, s.ProgressShare);
    }

    [Fact]
    public void The_unit_s_latest_word_on_a_requirement_counts_even_from_an_earlier_month()
    {
        var reports = new[]
        {
            Report("2023-06", 0m, Good, ("FW-1", "done")),
            Report("2023-07", 0m, null, ("FW-4", "in_progress")),
            Report("2023-08", 0m, null, ("FW-1", "in_progress")),
        };
        var evidence = new[] { Evidence("FW-1", "2023-06") };

        Assert.True(At(EndOf(2023, 7, 31), reports, evidence).Requirements[0].Done);
        // In August the unit took FW-1 back to in progress.
        Assert.False(At(EndOf(2023, 8, 31), reports, evidence).Requirements[0].Done);
    }

    [Fact]
    public void Reports_and_evidence_of_months_after_T_do_not_count()
    {
        var reports = new[] { Report("2023-06", 10_000m, Good), Report("2023-07", 5_000m, Good with { CentreArea = 200m }) };
        var evidence = new[] { Evidence("FW-5", "2023-07") };

        var june = At(EndOf(2023, 6, 30), reports, evidence);
        var july = At(EndOf(2023, 7, 31), reports, evidence);

        Assert.Equal(10_000m, june.CumulativeSpend);
        Assert.Equal(RequirementState.Met, june.Requirements[1].State);
        Assert.Equal(RequirementState.EvidenceMissing, june.Requirements[4].State);
        Assert.Equal(15_000m, july.CumulativeSpend);
        Assert.Equal(0.1m, july.ExecutionRate);
        Assert.Equal(RequirementState.NotMet, july.Requirements[1].State);
        Assert.Equal(RequirementState.Met, july.Requirements[4].State);
    }

    [Fact]
    public void The_evaluation_in_force_is_the_latest_version_evaluated_on_or_before_T()
    {
        var reports = new[] { Report("2023-06", 0m, Good) };
        // Version 1 (2023-10-20) failed FW-1; version 2 (2023-11-05) passed everything.
        var versions = new[] { Evaluation(1, "2023-10-20", allPassed: false), Evaluation(2, "2023-11-05") };

        var september = At(EndOf(2023, 9, 30), reports, evaluations: versions);
        var october = At(EndOf(2023, 10, 31), reports, evaluations: versions);
        var november = At(EndOf(2023, 11, 30), reports, evaluations: versions);

        Assert.Null(september.Evaluation);
        Assert.Equal(1, october.Evaluation!.Version);
        Assert.Equal(RequirementState.ReviewFailed, october.Requirements[0].State);
        Assert.Equal(0.8m, october.ProgressShare);
        Assert.Equal(2, november.Evaluation!.Version);
        Assert.True(november.EvaluatedAllPassed);
        Assert.Equal(1m, november.ProgressShare);
        Assert.Equal(5, november.Done);
        // The judgement is applied on top of what the figures and evidence said.
        Assert.Equal(RequirementState.DataIncomplete, november.Requirements[0].Computed.State);
        Assert.Equal(RequirementState.ReviewPassed, november.Requirements[0].State);
    }

    [Fact]
    public void An_evaluation_counts_from_the_day_it_was_made()
    {
        var versions = new[] { Evaluation(1, "2023-10-20") };

        Assert.False(At(new DateTimeOffset(2023, 10, 19, 23, 59, 59, Beijing), [], evaluations: versions).EvaluatedAllPassed);
        Assert.True(At(new DateTimeOffset(2023, 10, 20, 0, 0, 0, Beijing), [], evaluations: versions).EvaluatedAllPassed);
    }

    [Theory]
    [InlineData(2023, 5, 19, 0.0044)] // day 1 of 227
    [InlineData(2023, 9, 30, 0.5947)] // 135 of 227
    [InlineData(2023, 12, 31, 1)]
    [InlineData(2024, 3, 31, 1)]
    [InlineData(2023, 5, 1, 0)]
    public void Time_share_counts_days_from_the_start_date_to_T_both_included(int y, int m, int d, double expected)
    {
        Assert.Equal((decimal)expected, At(EndOf(y, m, d), []).TimeShare);
    }

    [Fact]
    public void Spend_above_the_allocation_is_flagged_not_capped()
    {
        var s = At(EndOf(2023, 7, 31), [Report("2023-06", 100_000m, Good), Report("2023-07", 60_000m, Good)]);

        Assert.Equal(160_000m, s.CumulativeSpend);
        Assert.Equal(1.0667m, s.ExecutionRate);
        Assert.True(s.AboveAllocation);
    }

    [Fact]
    public void T_is_read_in_Beijing_time_whatever_offset_it_carries()
    {
        var reports = new[] { Report("2023-06", 1m, Good), Report("2023-07", 2m, Good) };

        // 2023-06-30 16:30 UTC is 2023-07-01 00:30 in Beijing: July counts.
        Assert.Equal(3m, At(new DateTimeOffset(2023, 6, 30, 16, 30, 0, TimeSpan.Zero), reports).CumulativeSpend);
        Assert.Equal(1m, At(new DateTimeOffset(2023, 6, 30, 15, 30, 0, TimeSpan.Zero), reports).CumulativeSpend);
    }
}
