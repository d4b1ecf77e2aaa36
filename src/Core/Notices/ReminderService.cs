using Governance.Core.Jobs;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Standing;
using Microsoft.Extensions.Options;

namespace Governance.Core.Notices;

/// <summary>
/// 催报提醒: on the reminder day, one notice to each unit with an assignment active in the month
/// that has not reported it, naming those assignments and the due day. A month with nothing active
/// is recorded as empty, not done (see <see cref="JobOutcome.Empty"/>).
/// </summary>
public sealed class ReminderService(StandingReader standing, ReportStore reports, Storage.Outbox outbox, NoticeStore notices, IOptions<ScheduleOptions> schedule, TimeProvider clock)
{
    public async Task<JobOutcome> RemindAsync(MonthPeriod month, CancellationToken ct)
    {
        var active = await standing.ActiveAssignmentsAsync(month, month, ct);
        if (active.Count == 0)
        {
            // Not closed for good: an import that adds the month's assignments before its due day gets them reminded.
            return JobOutcome.Empty(JobTexts.NothingToRemind(month.ChineseName));
        }
        await outbox.DeliverPendingAsync(ReportSideEffects.IntentKind, ct);
        var reported = (await reports.ListMonthAsync(month.ToString(), ct)).Select(r => r.Current.AssignmentId).ToHashSet(StringComparer.Ordinal);
        var due = DueDates.ReportDueDay(month, schedule.Value);
        var now = clock.GetUtcNow();
        var batch = new List<Notice>();
        foreach (var unit in active.Where(a => !reported.Contains(a.Id)).GroupBy(a => a.Unit, StringComparer.Ordinal))
        {
            var names = unit.Select(a => NoticeTexts.Assignment(a.Community, Programme.ProgrammeNames.ChineseName(a.TaskType))).ToList();
            batch.Add(new Notice(NoticeKind.Reminder, unit.Key, month.ToString(), NoticeTexts.ReminderTitle(month),
                NoticeTexts.Reminder(unit.Key, month, due, names), unit.Select(a => a.Id).ToList(), now));
        }
        var units = batch.Count;
        var created = await notices.CreateManyOnceAsync(batch, ct);
        return new JobOutcome(JobTexts.Reminded(month.ChineseName, units), [], created);
    }
}
