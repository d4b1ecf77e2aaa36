namespace Governance.Core.Notices;

/// <summary>The kinds of notice (通知) the programme sends: reminders, overdue, dispatch, bulletin, deadline warning, evaluation result, report returned.</summary>
public enum NoticeKind
{
    /// <summary>催报提醒: before the due day, to units that have not reported.</summary>
    Reminder,

    /// <summary>逾期通知: after the due day, to units that still have not reported.</summary>
    Overdue,

    /// <summary>月调度: the month's dispatch is published.</summary>
    Dispatch,

    /// <summary>季通报: the quarter's bulletin is published.</summary>
    Bulletin,

    /// <summary>期限预警: a deadline is near with requirements unmet.</summary>
    DeadlineWarning,

    /// <summary>验收结果: an evaluation was recorded.</summary>
    EvaluationResult,

    /// <summary>退回修改: staff returned a monthly report for revision.</summary>
    ReportReturned,
}

public static class NoticeKinds
{
    public static string Code(this NoticeKind kind) => kind switch
    {
        NoticeKind.Reminder => "reminder",
        NoticeKind.Overdue => "overdue",
        NoticeKind.Dispatch => "dispatch",
        NoticeKind.Bulletin => "bulletin",
        NoticeKind.DeadlineWarning => "deadline-warning",
        NoticeKind.EvaluationResult => "evaluation-result",
        NoticeKind.ReportReturned => "report_returned",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ChineseName(this NoticeKind kind) => kind switch
    {
        NoticeKind.Reminder => "催报提醒",
        NoticeKind.Overdue => "逾期通知",
        NoticeKind.Dispatch => "月调度",
        NoticeKind.Bulletin => "季通报",
        NoticeKind.DeadlineWarning => "期限预警",
        NoticeKind.EvaluationResult => "验收结果",
        NoticeKind.ReportReturned => "退回修改",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? text, out NoticeKind kind)
    {
        foreach (var k in Enum.GetValues<NoticeKind>())
        {
            if (text == k.Code() || text == k.ChineseName())
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}

/// <summary>
/// A notice: once per (kind, recipient, period) however often a job runs. The recipient is a
/// unit's name, or <see cref="Notice.Bureau"/> for notices to the bureau's staff. Period is the
/// month (2026-10), the quarter (2026-Q4), or another stable key the creating job chooses (e.g.
/// an assignment id plus the warning's day count for 期限预警).
/// </summary>
public sealed record Notice(
    NoticeKind Kind,
    string Recipient,
    string Period,
    string Title,
    string Text,
    IReadOnlyList<string> AssignmentIds,
    DateTimeOffset CreatedAt)
{
    public const string Bureau = "区民政局";

    /// <summary>Whether and how the notice was pushed; set by the store, not by the job creating it.</summary>
    public NoticeDelivery Delivery { get; init; } = NoticeDelivery.InAppOnly;

    /// <summary>
    /// The moment the notice is meant for, when that is not derived from its kind and period (see
    /// <see cref="NoticeStore.MomentOf"/>): e.g. the warning day of a 期限预警 caught up later. Not stored.
    /// </summary>
    public DateTimeOffset? MeantFor { get; init; }

    /// <summary>The notice's identity within its period: kind code + "|" + recipient.</summary>
    public string Key => $"{Kind.Code()}|{Recipient}";
}
