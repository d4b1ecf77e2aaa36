namespace Governance.Core.Periods;

/// <summary>
/// The programme's calendar (configuration section "Schedule"). The plan sets up a monthly
/// dispatch and a quarterly bulletin without naming days; these defaults are the bureau's choice.
/// </summary>
public sealed class ScheduleOptions
{
    public const string Section = "Schedule";

    /// <summary>A month's report is due by this day of the next month, 23:59:59 Beijing time.</summary>
    public int ReportDueDay { get; set; } = 5;

    /// <summary>The dispatch (月调度) is compiled this many days after the due day.</summary>
    public int DispatchDaysAfterDue { get; set; } = 1;

    /// <summary>The bulletin (季通报) is compiled on this day of the month after the quarter.</summary>
    public int BulletinDay { get; set; } = 10;

    /// <summary>Units that have not reported are reminded (催报提醒) this many days before the due day.</summary>
    public int ReminderDaysBefore { get; set; } = 2;

    /// <summary>Deadline warnings (期限预警) go out this many days before a deadline.</summary>
    public IReadOnlyList<int> DeadlineWarningDays { get; set; } = [60, 30];

    /// <summary>
    /// Work complete at least this many days before the deadline counts as 提前完成. The plan sets no
    /// margin, so finishing before the deadline day (1) is early; a bureau may ask for more.
    /// </summary>
    public int EarlyCompletionDays { get; set; } = 1;

    /// <summary>Days after the deadline during which an assignment is 待验收 rather than 未完成.</summary>
    public int EvaluationWindowDays { get; set; } = 60;
}
