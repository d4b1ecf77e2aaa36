using System.Globalization;
using Governance.Core.Periods;

namespace Governance.Core.Jobs;

/// <summary>The jobs the timer runs; each runs once per period.</summary>
public static class JobNames
{
    /// <summary>催报提醒, per month, from the reminder day until the report is due.</summary>
    public const string Reminders = "reminders";

    /// <summary>期限预警, per day.</summary>
    public const string Warnings = "warnings";

    /// <summary>月调度 with its 逾期通知, per month, from the dispatch day.</summary>
    public const string Dispatch = "dispatch";

    /// <summary>季通报, per quarter, from the bulletin day.</summary>
    public const string Bulletin = "bulletin";

    public static readonly string[] All = [Reminders, Warnings, Dispatch, Bulletin];
}

/// <summary>A job due for a period from an instant.</summary>
public sealed record DueJob(string Job, string Period, DateTimeOffset DueAt);

/// <summary>
/// Works out, in Beijing time, every (job, period) due between <c>since</c> and now — not just the
/// latest — so a tick after weeks of downtime catches up on every missed period. Pure: the ledger
/// then drops what is done.
/// </summary>
public static class JobCalendar
{
    public static IReadOnlyList<DueJob> Due(DateTimeOffset now, DateOnly since, ScheduleOptions schedule)
    {
        var due = new List<DueJob>();
        var first = MonthPeriod.Of(since);
        for (var m = first; BeijingTime.StartOfDay(DueDates.ReminderDay(m, schedule)) <= now; m = m.Next())
        {
            // A reminder after the due day would be noise: the overdue notice of the dispatch replaces it.
            if (now < DueDates.ReportDueEnd(m, schedule))
            {
                due.Add(new DueJob(JobNames.Reminders, m.ToString(), BeijingTime.StartOfDay(DueDates.ReminderDay(m, schedule))));
            }
        }
        for (var m = first; BeijingTime.StartOfDay(DueDates.DispatchDay(m, schedule)) <= now; m = m.Next())
        {
            due.Add(new DueJob(JobNames.Dispatch, m.ToString(), BeijingTime.StartOfDay(DueDates.DispatchDay(m, schedule))));
        }
        for (var q = QuarterPeriod.Of(since); BeijingTime.StartOfDay(DueDates.BulletinDay(q, schedule)) <= now; q = q.Next())
        {
            due.Add(new DueJob(JobNames.Bulletin, q.ToString(), BeijingTime.StartOfDay(DueDates.BulletinDay(q, schedule))));
        }
        for (var d = WarningsFrom(since, now, schedule); BeijingTime.StartOfDay(d) <= now; d = d.AddDays(1))
        {
            due.Add(new DueJob(JobNames.Warnings, Day(d), BeijingTime.StartOfDay(d)));
        }
        return due.OrderBy(j => j.DueAt).ThenBy(j => Array.IndexOf(JobNames.All, j.Job)).ToList();
    }

    /// <summary>
    /// The instant a job's period falls due (00:00 Beijing of its day): the moment its notices are
    /// meant for, whenever the job actually runs. The same instants <see cref="Due"/> lists.
    /// </summary>
    public static DateTimeOffset DueAt(string job, string period, ScheduleOptions schedule) => job switch
    {
        JobNames.Reminders => BeijingTime.StartOfDay(DueDates.ReminderDay(MonthPeriod.Parse(period), schedule)),
        JobNames.Dispatch => BeijingTime.StartOfDay(DueDates.DispatchDay(MonthPeriod.Parse(period), schedule)),
        JobNames.Bulletin => BeijingTime.StartOfDay(DueDates.BulletinDay(QuarterPeriod.Parse(period), schedule)),
        JobNames.Warnings => BeijingTime.StartOfDay(DateOnly.ParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        _ => throw new ArgumentOutOfRangeException(nameof(job), job, null),
    };

    /// <summary>The ledger key range of a job from <paramref name="since"/>: periods sort as text.</summary>
    public static string FirstPeriod(string job, DateOnly since, DateTimeOffset now, ScheduleOptions schedule) => job switch
    {
        JobNames.Bulletin => QuarterPeriod.Of(since).ToString(),
        JobNames.Warnings => Day(WarningsFrom(since, now, schedule)),
        _ => MonthPeriod.Of(since).ToString(),
    };

    /// <summary>
    /// The first warning day worth catching up: a day longer ago than the longest warning span
    /// warned of a deadline that has passed, so running it now would only be noise. This keeps a
    /// fresh deployment's first tick, and every tick's ledger read, to that span instead of every
    /// day since the programme began.
    /// </summary>
    public static DateOnly WarningsFrom(DateOnly since, DateTimeOffset now, ScheduleOptions schedule)
    {
        var span = schedule.DeadlineWarningDays.DefaultIfEmpty(0).Max();
        var earliestRelevant = DateOnly.FromDateTime(BeijingTime.ToBeijing(now).DateTime).AddDays(-span);
        return since > earliestRelevant ? since : earliestRelevant;
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
