using Governance.Core.Auth;
using Governance.Core.Dispatch;
using Governance.Core.Notices;
using Governance.Core.Periods;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Core.Jobs;

/// <summary>
/// The timer's heartbeat. A tick works out in Beijing time every (job, period) due since
/// <see cref="JobOptions.Since"/>, runs those the ledger does not show done, oldest first, then
/// pushes the notices whose next attempt is due. A period whose run found nothing active is run
/// again once the programme's assignments changed after that run (<see cref="ProgrammeChanges"/>).
/// Staff run or re-run a job with the same code.
/// </summary>
public sealed class JobService(
    JobLedger ledger,
    DispatchService dispatch,
    Bulletins.BulletinService bulletin,
    ReminderService reminders,
    DeadlineWarningService warnings,
    NoticePusher pusher,
    ProgrammeChanges programmeChanges,
    Storage.Outbox outbox,
    IOptions<JobOptions> jobOptions,
    IOptions<NoticeOptions> noticeOptions,
    IOptions<ProgrammeOptions> programme,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock,
    ILogger<JobService> log)
{
    public const string TimerTrigger = "timer";

    public sealed record RunResult(string Job, string Period, string State, string Summary, int NoticesCreated, string? Error);

    public sealed record TickResult(DateTimeOffset At, IReadOnlyList<RunResult> Runs, NoticePusher.PushSummary Pushes);

    public DateOnly Since => jobOptions.Value.Since
        ?? (programme.Value.StartDates.Count > 0 ? programme.Value.StartDates.Values.Min() : ProgrammeDates.DefaultStart(BeijingTime.Today(clock).Year));

    public async Task<TickResult> TickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Side effects a stopped process owed (witness rows beside their versions), then those the outbox holds.
        await outbox.SweepWitnessesAsync(ct);
        await outbox.DeliverPendingAsync(null, ct);
        var due = JobCalendar.Due(now, Since, schedule.Value);
        var done = new Dictionary<string, IReadOnlyDictionary<string, JobRun>>(StringComparer.Ordinal);
        foreach (var job in due.Select(d => d.Job).Distinct())
        {
            done[job] = await ledger.ListAsync(job, JobCalendar.FirstPeriod(job, Since, now, schedule.Value), ct);
        }
        var runs = new List<RunResult>();
        var changes = new Lazy<Task<DateTimeOffset?>>(() => programmeChanges.LastAsync(ct));
        foreach (var job in due)
        {
            if (!await NeedsRunAsync(done[job.Job].GetValueOrDefault(job.Period), changes))
            {
                continue;
            }
            try
            {
                runs.Add(await RunLoggedAsync(job.Job, job.Period, TimerTrigger, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failing period must not hold back the others; the ledger row stays running and the next tick retries it.
                log.LogError(LogEvents.JobFailed, e, "JobFailed: job {Job} for {Period} failed", job.Job, job.Period);
                runs.Add(new RunResult(job.Job, job.Period, JobRun.Running, "", 0, e.Message));
            }
        }
        var pushes = await pusher.PushDueAsync(ct);
        return new TickResult(now, runs, pushes);
    }

    /// <summary>
    /// Not run yet, left running by a crash, or found nothing active before the assignments last
    /// changed. The change marker is one point read, made at most once a tick and only when a
    /// period recorded as empty comes up.
    /// </summary>
    private static async Task<bool> NeedsRunAsync(JobRun? run, Lazy<Task<DateTimeOffset?>> changes) => run?.State switch
    {
        null or JobRun.Running => true,
        JobRun.Empty => await changes.Value is { } changedAt && (run.StartedAt is not { } started || changedAt >= started),
        _ => false,
    };

    /// <summary>POST /api/jobs/{job}/run?period= — staff run or re-run a job now; the result is the same however often.</summary>
    public async Task<RunResult> RunAsync(Caller caller, string job, string? periodText, CancellationToken ct)
    {
        caller.EnsureStaff();
        var period = ParsePeriod(job, periodText);
        // As the tick does: whatever a stopped process owed is delivered before the job reads.
        await outbox.SweepWitnessesAsync(ct);
        var result = await RunLoggedAsync(job, period, caller.Label, ct);
        await pusher.PushDueAsync(ct);
        return result;
    }

    private string ParsePeriod(string job, string? text)
    {
        // Nothing of the programme exists before its first year; a run there would only leave a ledger row behind.
        const int firstYear = Allocations.AllocationImportService.MinYear;
        switch (job)
        {
            case JobNames.Dispatch or JobNames.Reminders:
                if (!MonthPeriod.TryParse(text, out var month))
                {
                    throw JobProblems.BadPeriod("period", text, "2026-10");
                }
                if (month.Year < firstYear)
                {
                    throw JobProblems.BeforeProgramme(month.ChineseName, firstYear);
                }
                if (job == JobNames.Dispatch && clock.GetUtcNow() < BeijingTime.StartOfDay(month.Next().FirstDay))
                {
                    throw JobProblems.NotYetDue(month.ChineseName);
                }
                if (job == JobNames.Reminders && clock.GetUtcNow() >= DueDates.ReportDueEnd(month, schedule.Value))
                {
                    throw JobProblems.RemindersClosed(month.ChineseName);
                }
                return month.ToString();
            case JobNames.Bulletin:
                if (!QuarterPeriod.TryParse(text, out var quarter))
                {
                    throw JobProblems.BadPeriod("period", text, "2026-Q3");
                }
                if (quarter.Year < firstYear)
                {
                    throw JobProblems.BeforeProgramme(quarter.ChineseName, firstYear);
                }
                if (clock.GetUtcNow() < BeijingTime.StartOfDay(quarter.Next().FirstDay))
                {
                    throw JobProblems.NotYetDue(quarter.ChineseName);
                }
                return quarter.ToString();
            case JobNames.Warnings:
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                {
                    throw JobProblems.BadPeriod("period", text, "2026-10-31");
                }
                if (day.Year < firstYear)
                {
                    throw JobProblems.BeforeProgramme(JobCalendar.Day(day), firstYear);
                }
                return JobCalendar.Day(day);
            default:
                throw JobProblems.UnknownJob(job);
        }
    }

    private async Task<RunResult> RunLoggedAsync(string job, string period, string trigger, CancellationToken ct)
    {
        var run = await ledger.BeginAsync(job, period, trigger, ct);
        var outcome = await ExecuteAsync(job, period, ct);
        if (!outcome.NothingActive && NoticeStore.IsTooOld(JobCalendar.DueAt(job, period, schedule.Value), clock.GetUtcNow(), noticeOptions.Value))
        {
            // The store withheld this period's notices (a backlog after downtime or a late import); say so where staff look.
            outcome = outcome with { Summary = outcome.Summary + JobTexts.NoticesWithheld(noticeOptions.Value.MaxAgeDays) };
        }
        run = await ledger.CompleteAsync(run, outcome, ct);
        log.LogInformation("Job {Job} {Period}: {Summary}", job, period, outcome.Summary);
        return new RunResult(job, period, run.State, outcome.Summary, outcome.NoticesCreated, null);
    }

    private Task<JobOutcome> ExecuteAsync(string job, string period, CancellationToken ct) => job switch
    {
        JobNames.Dispatch => dispatch.CompileAsync(MonthPeriod.Parse(period), ct),
        JobNames.Bulletin => bulletin.CompileAsync(QuarterPeriod.Parse(period), ct),
        JobNames.Reminders => reminders.RemindAsync(MonthPeriod.Parse(period), ct),
        JobNames.Warnings => warnings.WarnAsync(DateOnly.ParseExact(period, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ct),
        _ => throw JobProblems.UnknownJob(job),
    };
}
