using System.Globalization;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Notices;
using Governance.Core.Periods;
using Governance.Core.Storage;

namespace Governance.Core.Reports;

/// <summary>
/// What a return for revision (退回修改) owes once stored on the version's rows: the month index and the
/// running summary (so the dispatch and the year's standing show 退回待改), the audit entry
/// <c>report.return</c>, and the 退回修改 notice to the unit. The index and the summary only move forward,
/// the audit row key and the notice key derive from the returned version, so the request and a
/// re-delivery from the outbox leave exactly one of each.
/// </summary>
public sealed class ReportReturnSideEffects(
    AssignmentStore assignments,
    ReportStore reports,
    Standing.StandingSummaryStore summaries,
    NoticeStore notices,
    AuditLog audit,
    TimeProvider clock) : IOutboxHandler
{
    public const string IntentKind = "report-return";

    public string Kind => IntentKind;

    /// <summary>The return's moment tells this request's return from none: the version row carries it once committed.</summary>
    public static OutboxIntent Intent(ReportVersion version, ReturnRecord returned, string? tokenId)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(returned);
        return OutboxIntent.Create(IntentKind, version.AssignmentId, version.Period, version.Version, Fingerprint(returned), tokenId, returned.ReturnedAt);
    }

    private static string Fingerprint(ReturnRecord returned) => returned.ReturnedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The notice's period key: one 退回修改 notice per returned version (a version is returned at most once).
    /// Table keys may not contain '/', hence the dots.
    /// </summary>
    public static string NoticePeriod(ReportVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return $"{version.AssignmentId}.{version.Period}.v{version.Version.ToString("D4", CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// <paramref name="current"/>: the month's current row as it stands (the returned version, or a newer one
    /// when a re-delivery comes late); <paramref name="returned"/>: the version that was returned.
    /// </summary>
    public Task ApplyAsync(Assignment assignment, MonthlyReport current, ReportVersion returned, string? tokenId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(returned);
        var record = returned.Returned ?? throw new ArgumentException("The version carries no return.", nameof(returned));
        var month = MonthPeriod.Parse(returned.Period);
        var task = Programme.ProgrammeNames.ChineseName(assignment.TaskType);
        var notice = new Notice(NoticeKind.ReportReturned, assignment.Unit, NoticePeriod(returned),
            NoticeTexts.ReportReturnedTitle(month), NoticeTexts.ReportReturned(assignment.Community, task, month, record.Reason),
            [assignment.Id], clock.GetUtcNow());
        return Task.WhenAll(
            reports.IndexAsync(current, assignment.Unit, likelyAbsent: false, ct),
            RefreshSummaryAsync(assignment.Id, ct),
            notices.CreateOnceAsync(notice, ct),
            audit.RecordOnceAsync(record.ReturnedBy, tokenId, "report.return",
                ReportMessages.ReturnAudit(assignment.Unit, assignment.Community, month, returned.Version, record.Reason),
                assignment.Id, record.ReturnedAt, $"{returned.AssignmentId}\n{returned.Period}\n{returned.Version}\nreturn", ct));
    }

    private async Task RefreshSummaryAsync(string assignmentId, CancellationToken ct) =>
        await summaries.WriteReportsAsync(assignmentId, await reports.ListCurrentAsync(assignmentId, ct), ct);

    /// <summary>From what is stored: the version must carry this intent's return (else its transaction lost or never ran).</summary>
    public async Task<OutboxDelivery> RedeliverAsync(OutboxIntent intent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var version = await reports.FindVersionAsync(intent.AssignmentId, intent.Period, intent.Version, ct);
        if (version?.Returned is not { } returned || Fingerprint(returned) != intent.Fingerprint)
        {
            return OutboxDelivery.NotCommitted;
        }
        var current = await reports.FindCurrentAsync(intent.AssignmentId, intent.Period, ct);
        var assignment = await assignments.GetAsync(intent.AssignmentId, ct);
        await ApplyAsync(assignment, current!.Report, version, intent.TokenId, ct);
        return OutboxDelivery.Delivered;
    }
}
