using Governance.Core.Assignments;
using Governance.Core.Periods;

namespace Governance.Core.Evaluation;

/// <summary>Where an assignment stands after its deadline (验收结论).</summary>
public enum OutcomeKind
{
    /// <summary>待验收: not decided yet — the deadline has not passed, or the evaluation window is still open.</summary>
    Pending,

    /// <summary>提前完成: all passed, work complete at least the configured number of days before the deadline.</summary>
    Early,

    /// <summary>按期完成: all passed, work complete by the deadline.</summary>
    OnTime,

    /// <summary>未完成: a failed requirement after the deadline, or no all-passed evaluation when the window closed.</summary>
    NotCompleted,
}

public static class OutcomeKinds
{
    public static string Code(this OutcomeKind kind) => kind switch
    {
        OutcomeKind.Pending => "pending",
        OutcomeKind.Early => "early",
        OutcomeKind.OnTime => "on-time",
        OutcomeKind.NotCompleted => "not-completed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ChineseName(this OutcomeKind kind) => kind switch
    {
        OutcomeKind.Pending => "待验收",
        OutcomeKind.Early => "提前完成",
        OutcomeKind.OnTime => "按期完成",
        OutcomeKind.NotCompleted => "未完成",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>The outcome of one assignment with the reason, worded for people.</summary>
public sealed record AssignmentOutcome(OutcomeKind Kind, string Reason)
{
    /// <summary>提前完成 gives priority for next year's tasks and a recommendation for national pilots.</summary>
    public bool GivesPriority => Kind == OutcomeKind.Early;

    /// <summary>未完成 suspends the unit from applying for next year's tasks.</summary>
    public bool Suspends => Kind == OutcomeKind.NotCompleted;
}

/// <summary>
/// The consequences rule of the implementation plan (四、组织保障（三）) as one pure function of the
/// assignment, its current evaluation and today's date in Beijing time. Nothing is stored: the
/// outcome is right whenever it is read, whether or not a job has run.
/// </summary>
public static class OutcomeRules
{
    /// <summary>
    /// An all-passed evaluation with the work complete by the deadline decides at once (提前完成 or
    /// 按期完成). Anything else is 待验收 until it can be decided against the unit: a failed requirement
    /// once the deadline has passed, or — with no all-passed evaluation — once the window after the
    /// deadline has closed. The deadline day and the window's last day still count as inside.
    /// </summary>
    public static AssignmentOutcome Decide(Assignment assignment, EvaluationRecord? evaluation, DateOnly today, ScheduleOptions schedule)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(schedule);
        var deadline = assignment.Deadline;
        var windowEnd = WindowEnd(assignment, schedule);
        var deadlinePassed = today > deadline;
        var windowClosed = today > windowEnd;

        if (evaluation is { AllPassed: true } && evaluation.CompletedOn <= deadline)
        {
            var daysEarly = deadline.DayNumber - evaluation.CompletedOn.DayNumber;
            return daysEarly >= schedule.EarlyCompletionDays
                ? new(OutcomeKind.Early, EvaluationTexts.EarlyReason(evaluation, deadline, daysEarly, schedule.EarlyCompletionDays))
                : new(OutcomeKind.OnTime, EvaluationTexts.OnTimeReason(evaluation, deadline));
        }

        if (evaluation is { AllPassed: false } && deadlinePassed)
        {
            return new(OutcomeKind.NotCompleted, EvaluationTexts.FailedAfterDeadlineReason(evaluation, deadline));
        }

        if (windowClosed)
        {
            return new(OutcomeKind.NotCompleted, evaluation is null
                ? EvaluationTexts.NeverEvaluatedReason(deadline, windowEnd)
                : EvaluationTexts.CompletedLateReason(evaluation, deadline, windowEnd));
        }

        return new(OutcomeKind.Pending, EvaluationTexts.PendingReason(evaluation, deadline, windowEnd, deadlinePassed));
    }

    /// <summary>The last day of the evaluation window: the deadline plus the window's days.</summary>
    public static DateOnly WindowEnd(Assignment assignment, ScheduleOptions schedule)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(schedule);
        return assignment.Deadline.AddDays(schedule.EvaluationWindowDays);
    }
}
