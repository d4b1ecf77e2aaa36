using Governance.Core.Allocations;
using Governance.Core.Auth;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Microsoft.Extensions.Options;

namespace Governance.Core.Assignments;

/// <summary>Reads assignments for staff and units, each seeing what its role allows.</summary>
public sealed class AssignmentService(
    AssignmentStore store,
    ReportStore reports,
    EvidenceService evidence,
    EvaluationStore evaluations,
    IOptions<RuleThresholds> thresholds,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<AssignmentSummary>> ListAsync(Caller caller, string yearText, CancellationToken ct)
    {
        var year = AllocationImportService.ParseYear(yearText, clock);
        var list = await store.ListAsync(year, caller.IsStaff ? null : caller.Unit, ct);
        return list.Select(AssignmentSummary.Of).ToList();
    }

    public async Task<AssignmentView> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var assignment = await store.GetAsync(id, ct);
        caller.EnsureUnit(assignment.Unit);
        var monthly = await reports.ListCurrentAsync(assignment.Id, ct);
        var withEvidence = await evidence.RequirementsWithEvidenceAsync(assignment.Id, ct);
        var evaluation = await evaluations.FindCurrentAsync(assignment.Id, ct);
        return View(assignment, monthly, withEvidence.Contains, evaluation?.Record);
    }

    /// <summary>
    /// The latest figures win per metric: a clerk may report only what changed this month, so a
    /// figure missing from the newest report is taken from the newest report that has it.
    /// </summary>
    public static CommunityMetrics LatestMetrics(IEnumerable<MonthlyReport> monthly)
    {
        CommunityMetrics? merged = null;
        foreach (var m in monthly.OrderByDescending(r => r.Period, StringComparer.Ordinal).Select(r => r.Current.Content.Metrics))
        {
            merged = merged is null ? m : new CommunityMetrics(
                merged.Households ?? m.Households,
                merged.UrbanPopulation ?? m.UrbanPopulation,
                merged.CentreArea ?? m.CentreArea,
                merged.ActivityArea ?? m.ActivityArea,
                merged.FacilityOwner ?? m.FacilityOwner,
                merged.CommunityWorkers ?? m.CommunityWorkers,
                merged.VolunteerTeam ?? m.VolunteerTeam,
                merged.ConsultationProjects ?? m.ConsultationProjects,
                merged.ElderlyCareStation ?? m.ElderlyCareStation,
                merged.SocialWorkRoom ?? m.SocialWorkRoom);
        }
        return merged ?? new CommunityMetrics(null, null, null, null, null, null, null, null, null, null);
    }

    private AssignmentView View(Assignment a, IReadOnlyList<MonthlyReport> monthly, Func<string, bool> hasEvidence, EvaluationRecord? evaluation)
    {
        var metrics = monthly.Count == 0 ? null : LatestMetrics(monthly);
        var verdicts = RuleEvaluator.EvaluateAll(a.TaskType, metrics, a.CommunityKind, thresholds.Value, hasEvidence)
            .Select(v => evaluation?.Apply(v) ?? v)
            .ToList();
        var requirements = RequirementCatalogue.For(a.TaskType)
            .Zip(verdicts, RequirementView.Of)
            .ToList();
        var met = verdicts.Count(v => v.State is RequirementState.Met or RequirementState.ReviewPassed);
        var spent = monthly.Sum(r => r.Current.Content.FundsSpent);
        var rate = a.AllocationYuan == 0 ? 0m : Math.Round(spent / a.AllocationYuan, 4, MidpointRounding.AwayFromZero);
        return new AssignmentView(
            AssignmentSummary.Of(a), requirements, met, requirements.Count,
            spent, rate, (rate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", spent > a.AllocationYuan,
            spent > a.AllocationYuan ? "超支" : "正常",
            Months(a, monthly));
    }

    private List<MonthState> Months(Assignment a, IReadOnlyList<MonthlyReport> monthly)
    {
        var now = BeijingTime.Now(clock);
        var byPeriod = monthly.ToDictionary(r => r.Period, StringComparer.Ordinal);
        var current = MonthPeriod.Of(BeijingTime.Today(clock));
        var months = new List<MonthState>();
        for (var m = ReportingPeriods.First(a); m <= ReportingPeriods.Last(a) && m <= current; m = m.Next())
        {
            var due = DueDates.ReportDueDay(m, schedule.Value);
            var state = byPeriod.TryGetValue(m.ToString(), out var report) ? report.FirstTimeliness
                : now >= DueDates.ReportDueEnd(m, schedule.Value) ? Timeliness.Missing
                : Timeliness.NotYetDue;
            months.Add(new MonthState(m.ToString(), due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), state));
        }
        return months;
    }
}
