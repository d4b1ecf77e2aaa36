using Governance.Core.Periods;

namespace Governance.Core.Reports;

/// <summary>Timeliness of a report (填报及时性), decided from the server's receive time in Beijing time.</summary>
public static class Timeliness
{
    public const string OnTime = "按时";
    public const string Late = "逾期补报";
    public const string Missing = "未报";
    public const string NotYetDue = "待报";

    /// <summary>The month's current version was returned for revision (退回修改) and awaits a new one.</summary>
    public const string Returned = "退回待改";

    public static string Of(MonthPeriod period, DateTimeOffset receivedAt, ScheduleOptions schedule) =>
        DueDates.IsOnTime(period, receivedAt, schedule) ? OnTime : Late;
}

/// <summary>One version of one month's report of one assignment.</summary>
public sealed record ReportVersion(
    string AssignmentId,
    string Period,
    int Version,
    DateTimeOffset ReceivedAt,
    string Timeliness,
    string SubmittedBy,
    string ContentHash,
    MonthlyReportContent Content,
    ReturnRecord? Returned = null);

/// <summary>
/// A version returned for revision (退回修改) by staff: why, when and by whom. It stays on the version
/// for good; the month stands 退回待改 while the returned version is its current one, and a new version
/// (which carries none) ends that.
/// </summary>
public sealed record ReturnRecord(string Reason, DateTimeOffset ReturnedAt, string ReturnedBy);

/// <summary>
/// The month as it stands: the current version plus when the month was first reported, which
/// decides whether the month counts as reported on time.
/// </summary>
public sealed record MonthlyReport(ReportVersion Current, DateTimeOffset FirstReceivedAt, string FirstTimeliness)
{
    public string Period => Current.Period;

    /// <summary>The month's current version was returned for revision and no new version has arrived since.</summary>
    public bool IsReturned => Current.Returned is not null;
}
