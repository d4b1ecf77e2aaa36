using Governance.Core.Periods;

namespace Governance.Core.Reports;

/// <summary>Timeliness of a report (填报及时性), decided from the server's receive time in Beijing time.</summary>
public static class Timeliness
{
    public const string OnTime = "按时";
    public const string Late = "逾期补报";
    public const string Missing = "未报";
    public const string NotYetDue = "待报";

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
    MonthlyReportContent Content);

/// <summary>
/// The month as it stands: the current version plus when the month was first reported, which
/// decides whether the month counts as reported on time.
/// </summary>
public sealed record MonthlyReport(ReportVersion Current, DateTimeOffset FirstReceivedAt, string FirstTimeliness)
{
    public string Period => Current.Period;
}
