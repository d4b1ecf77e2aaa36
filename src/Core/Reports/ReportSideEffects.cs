using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Periods;
using Governance.Core.Storage;

namespace Governance.Core.Reports;

/// <summary>
/// What a stored report version owes the rest of the app: the month index (ReportsByMonth) and the
/// running summary (StandingSummaries) the dispatch reads, and the audit entry. All are idempotent (the
/// index and the summary only move forward, the audit row key derives from the version), so the submission and a re-delivery from the outbox may both run them.
/// </summary>
public sealed class ReportSideEffects(AssignmentStore assignments, ReportStore reports, Standing.StandingSummaryStore summaries, AuditLog audit) : IWitnessedOutboxHandler
{
    public const string IntentKind = "report";

    public string Kind => IntentKind;

    public static OutboxIntent Intent(ReportVersion version, string? tokenId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(version);
        return OutboxIntent.Create(IntentKind, version.AssignmentId, version.Period, version.Version, version.ContentHash, tokenId, now);
    }

    /// <summary>
    /// Indexes the month as it stands and records the version in the audit trail. <paramref name="justStored"/>:
    /// called by the request that stored the version, so a first version's index row is most likely absent.
    /// </summary>
    public Task ApplyAsync(Assignment assignment, MonthlyReport current, ReportVersion version, string? tokenId, bool justStored, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(version);
        var period = MonthPeriod.Parse(version.Period);
        return Task.WhenAll(
            reports.IndexAsync(current, assignment.Unit, likelyAbsent: justStored && current.Current.Version == 1, ct),
            RefreshSummaryAsync(assignment.Id, ct),
            audit.RecordOnceAsync(version.SubmittedBy, tokenId, "report.submit",
                $"{assignment.Unit}提交{assignment.Community}{period.ChineseName}的月度进展第{version.Version}版（{version.Timeliness}）",
                assignment.Id, version.ReceivedAt, $"{version.AssignmentId}\n{version.Period}\n{version.Version}", ct));
    }

    // Rebuilt from the partition's current rows as they stand after this version, so it holds every
    // month's latest version whichever request writes it last.
    private async Task RefreshSummaryAsync(string assignmentId, CancellationToken ct) =>
        await summaries.WriteReportsAsync(assignmentId, await reports.ListCurrentAsync(assignmentId, ct), ct);

    /// <summary>
    /// From what is stored: the intent's version must exist with the intent's content (else its
    /// transaction lost or never ran); then the month's current row, which may be newer, is indexed.
    /// </summary>
    public async Task<OutboxDelivery> RedeliverAsync(OutboxIntent intent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var version = await reports.FindVersionAsync(intent.AssignmentId, intent.Period, intent.Version, ct);
        if (version is null || version.ContentHash != intent.Fingerprint)
        {
            return OutboxDelivery.NotCommitted;
        }
        var current = await reports.FindCurrentAsync(intent.AssignmentId, intent.Period, ct);
        var assignment = await assignments.GetAsync(intent.AssignmentId, ct);
        await ApplyAsync(assignment, current!.Report, version, intent.TokenId, justStored: false, ct);
        await reports.RemoveWitnessAsync(intent, ct);
        return OutboxDelivery.Delivered;
    }

    /// <summary>
    /// The witnesses a stopped process left in the Reports table, delivered: each one's version is
    /// stored (it was committed with it), so it is indexed, summarised and audited from what is stored.
    /// </summary>
    public async Task<int> SweepWitnessesAsync(CancellationToken ct)
    {
        var delivered = 0;
        foreach (var intent in await reports.ListWitnessesAsync(ct))
        {
            if (await RedeliverAsync(intent, ct) == OutboxDelivery.Delivered)
            {
                delivered++;
            }
            else
            {
                // Its version row is gone (a restore of part of the table): nothing is owed any more.
                await reports.RemoveWitnessAsync(intent, ct);
            }
        }
        return delivered;
    }
}
