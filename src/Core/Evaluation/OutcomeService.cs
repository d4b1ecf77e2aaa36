using System.Globalization;
using Governance.Core.Allocations;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Periods;
using Governance.Core.Programme;
using Microsoft.Extensions.Options;

namespace Governance.Core.Evaluation;

/// <summary>One assignment's outcome as listed.</summary>
public sealed record AssignmentOutcomeView(
    string AssignmentId,
    string Community,
    string TaskType,
    string TaskTypeName,
    string Deadline,
    string EvaluationWindowEnds,
    string Outcome,
    string OutcomeName,
    string Reason,
    int? EvaluationVersion);

/// <summary>The assignment a consequence rests on, and why.</summary>
public sealed record ConsequenceBasis(string AssignmentId, string Community, string TaskTypeName, string Reason);

/// <summary>
/// A unit's standing for next year (下一年度): priority (优先安排), recommendation for national pilots,
/// suspension (暂停申报), each with the assignments and reasons behind it.
/// </summary>
public sealed record UnitOutcome(
    string Unit,
    int NextYear,
    bool Priority,
    bool RecommendedForPilots,
    bool Suspended,
    IReadOnlyList<ConsequenceBasis> PriorityBasis,
    IReadOnlyList<ConsequenceBasis> PilotBasis,
    IReadOnlyList<ConsequenceBasis> SuspensionBasis,
    IReadOnlyList<AssignmentOutcomeView> Assignments);

/// <summary>GET /api/programmes/{year}/outcomes: every unit of the year, as of today in Beijing time.</summary>
public sealed record ProgrammeOutcomes(int Year, int NextYear, string AsOf, string Rule, IReadOnlyList<UnitOutcome> Units);

/// <summary>
/// The consequences of a programme year, computed on read from the assignments (one partition of
/// Assignments), their current evaluations (one point read each) and today's date: right whether or
/// not any job has run.
/// </summary>
public sealed class OutcomeService(
    AssignmentStore assignments,
    EvaluationStore evaluations,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    public async Task<ProgrammeOutcomes> ListAsync(Caller caller, string yearText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureStaff();
        return await ComputeAsync(AllocationImportService.ParseYear(yearText, clock), ct);
    }

    /// <summary>The outcomes of year <paramref name="year"/>, which decide who may apply for year + 1.</summary>
    public async Task<ProgrammeOutcomes> ComputeAsync(int year, CancellationToken ct, string? unit = null)
    {
        var list = await assignments.ListAsync(year, unit, ct);
        var current = await evaluations.FindCurrentAsync(list.Select(a => a.Id), ct);
        var today = BeijingTime.Today(clock);
        var units = list
            .Select(a => (Assignment: a, Evaluation: current.GetValueOrDefault(a.Id), Outcome: OutcomeRules.Decide(a, current.GetValueOrDefault(a.Id), today, schedule.Value)))
            .GroupBy(x => x.Assignment.Unit, StringComparer.Ordinal)
            .Select(g =>
            {
                var priority = g.Where(x => x.Outcome.GivesPriority).Select(x => Basis(x.Assignment, x.Outcome)).ToList();
                var suspension = g.Where(x => x.Outcome.Suspends).Select(x => Basis(x.Assignment, x.Outcome)).ToList();
                return new UnitOutcome(
                    g.Key, year + 1,
                    priority.Count > 0, priority.Count > 0, suspension.Count > 0,
                    priority, priority, suspension,
                    g.Select(x => View(x.Assignment, x.Evaluation, x.Outcome)).ToList());
            })
            .OrderBy(u => u.Unit, StringComparer.Ordinal)
            .ToList();
        return new ProgrammeOutcomes(year, year + 1, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), EvaluationTexts.ConsequenceRule, units);
    }

    /// <summary>One unit's standing from year <paramref name="year"/>'s outcomes; a unit with no assignment that year has none.</summary>
    public async Task<UnitOutcome?> StandingAsync(int year, string unit, CancellationToken ct) =>
        (await ComputeAsync(year, ct, unit)).Units.FirstOrDefault(u => u.Unit == unit);

    private static ConsequenceBasis Basis(Assignment a, AssignmentOutcome o) => new(a.Id, a.Community, a.TaskType.ChineseName(), o.Reason);

    private AssignmentOutcomeView View(Assignment a, EvaluationRecord? e, AssignmentOutcome o) => new(
        a.Id, a.Community, a.TaskType.Code(), a.TaskType.ChineseName(),
        a.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        OutcomeRules.WindowEnd(a, schedule.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        o.Kind.Code(), o.Kind.ChineseName(), o.Reason, e?.Version);
}
