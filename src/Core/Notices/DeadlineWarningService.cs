using Governance.Core.Jobs;
using Governance.Core.Periods;
using Governance.Core.Rules;
using Governance.Core.Standing;
using Microsoft.Extensions.Options;

namespace Governance.Core.Notices;

/// <summary>
/// 期限预警: on each configured day count before an assignment's deadline (60 and 30 by default),
/// a notice to its unit when requirements are not yet done in its standing on that day, listing them. The notice's period is
/// the assignment id and the day count (e.g. <c>2023-1a2b3c4d-60d</c>), so each warning exists once.
/// The standing is the one every document uses (<see cref="StandingReader"/>): an assignment evaluated
/// as all passed gets no warning.
/// </summary>
public sealed class DeadlineWarningService(
    StandingReader standing,
    NoticeStore notices,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    public static string PeriodOf(string assignmentId, int days) => $"{assignmentId}-{days}d";

    public async Task<JobOutcome> WarnAsync(DateOnly day, CancellationToken ct)
    {
        var counts = schedule.Value.DeadlineWarningDays.Where(d => d > 0).Distinct().ToList();
        if (counts.Count == 0)
        {
            return new JobOutcome(JobTexts.Warned(JobCalendar.Day(day), 0), [], 0);
        }
        var active = await standing.ActiveAssignmentsAsync(MonthPeriod.Of(day), MonthPeriod.Of(day.AddDays(counts.Max())), ct);
        var now = clock.GetUtcNow();
        var created = 0;
        foreach (var a in active)
        {
            foreach (var days in counts.Where(d => a.Deadline.AddDays(-d) == day))
            {
                var standingThen = await standing.OfAsync(a, BeijingTime.EndOfDay(day), ct);
                var unmet = standingThen.EvaluatedAllPassed ? [] : standingThen.Requirements.Where(r => !r.Done)
                    .Select(r => $"{r.Requirement.Id} {r.Requirement.Name}（{r.State.ChineseName()}）").ToList();
                if (unmet.Count == 0)
                {
                    continue;
                }
                var notice = new Notice(NoticeKind.DeadlineWarning, a.Unit, PeriodOf(a.Id, days), NoticeTexts.DeadlineWarningTitle(days),
                    NoticeTexts.DeadlineWarning(a.Unit, NoticeTexts.Assignment(a.Community, Programme.ProgrammeNames.ChineseName(a.TaskType)), a.Deadline, days, unmet),
                    [a.Id], now)
                {
                    // A warning day caught up later is still that day's warning, for the age limit on notices.
                    MeantFor = BeijingTime.StartOfDay(day),
                };
                created += await notices.CreateOnceAsync(notice, ct) ? 1 : 0;
            }
        }
        return new JobOutcome(JobTexts.Warned(JobCalendar.Day(day), created), [], created);
    }
}
