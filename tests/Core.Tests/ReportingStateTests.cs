using Governance.Core.Assignments;
using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Standing;

namespace Governance.Core.Tests;

/// <summary>A month's state, the months of a timeline and the summary's revision, as people would notice them.</summary>
public sealed class ReportingStateTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly ScheduleOptions Schedule = new();

    // 田园社区: 2023-05-19 … 2023-12-31, 150,000.
    private static readonly Assignment Tianyuan = new("2023-0a1b2c3d", 2023, "1", "罕台镇", "田园社区", CommunityKind.Urban,
        TaskType.ServiceCapacity, 150_000m, new DateOnly(2023, 5, 19), new DateOnly(2023, 12, 31));

    private static MonthlyReport Report(string period, decimal spent, string firstTimeliness = Timeliness.OnTime, ReturnRecord? returned = null, int version = 1)
    {
        var content = new MonthlyReportContent("进展", null, null, spent, [],
            new CommunityMetrics(null, null, null, null, null, null, null, null, null, null));
        var at = DateTimeOffset.Parse(period + "-28T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        return new MonthlyReport(new ReportVersion(Tianyuan.Id, period, version, at, firstTimeliness, "罕台镇", "h" + version, content, returned), at, firstTimeliness);
    }

    private static readonly ReturnRecord Returned = new("凭证不全", new DateTimeOffset(2023, 7, 2, 9, 0, 0, Beijing), "区民政局:李明");

    [Fact]
    public void A_returned_month_reads_returned_with_its_reason_whatever_its_timeliness()
    {
        var state = ReportingState.Of(Report("2023-06", 0, Timeliness.Late, Returned), due: true);
        Assert.Equal(("退回待改", "returned", "凭证不全"), (state.Name, state.Code, state.Returned?.Reason));
        Assert.Equal(("逾期补报", "late"), (ReportingState.Of(Report("2023-06", 0, Timeliness.Late), due: true).Name, ReportingState.Of(Report("2023-06", 0, Timeliness.Late), due: true).Code));
        Assert.Equal("未报", ReportingState.Of(null, due: true).Name);
        Assert.Equal("pending", ReportingState.Of(null, due: false).Code);
    }

    [Fact]
    public void The_timeline_lists_months_to_now_with_month_end_figures_only_for_ended_months()
    {
        var now = new DateTimeOffset(2023, 7, 3, 10, 0, 0, Beijing);
        var inputs = new StandingInputs(Tianyuan, [Report("2023-05", 15_000m), Report("2023-06", 15_000m, returned: Returned)], new Dictionary<string, string>(), []);
        var timeline = inputs.Timeline(now, Schedule, new RuleThresholds());

        Assert.Equal(["2023-05", "2023-06", "2023-07"], timeline.Months.Select(m => m.Month.ToString()).ToArray());
        Assert.Equal(0.1m, timeline.Months[0].AtEnd!.ExecutionRate);
        Assert.Equal(0.2m, timeline.Months[1].AtEnd!.ExecutionRate);
        Assert.Null(timeline.Months[2].AtEnd);
        Assert.Equal("returned", timeline.Months[1].State.Code);
        // July's report is not due until 2023-08-05.
        Assert.Equal("pending", timeline.Months[2].State.Code);
        Assert.All(timeline.Months, m => Assert.True(m.Submittable));
        Assert.Equal(0.2m, timeline.Now.ExecutionRate);
    }

    [Fact]
    public void Submittable_is_the_puts_own_rule()
    {
        var now = new DateTimeOffset(2023, 7, 31, 23, 59, 0, Beijing);
        Assert.True(ReportingPeriods.IsSubmittable(Tianyuan, new MonthPeriod(2023, 7), now));
        Assert.False(ReportingPeriods.IsSubmittable(Tianyuan, new MonthPeriod(2023, 8), now));
        Assert.False(ReportingPeriods.IsSubmittable(Tianyuan, new MonthPeriod(2023, 4), now));
        Assert.Equal("period_in_future", ReportingPeriods.Refusal(Tianyuan, new MonthPeriod(2023, 8), now)?.Code);
    }

    [Fact]
    public void Every_version_and_every_return_moves_the_summary_forward()
    {
        long Revision(params MonthlyReport[] months) => StandingSummaryStore.Revision(months);
        var v1 = Revision(Report("2023-06", 0));
        var v1Returned = Revision(Report("2023-06", 0, returned: Returned));
        var v2 = Revision(Report("2023-06", 0, version: 2));
        Assert.True(v1 < v1Returned && v1Returned < v2);
    }
}
