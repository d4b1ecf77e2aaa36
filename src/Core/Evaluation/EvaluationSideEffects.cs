using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Notices;
using Governance.Core.Periods;
using Governance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Core.Evaluation;

/// <summary>
/// What a stored evaluation version owes: the 验收结果 notice to the unit, the evaluation part of the
/// running summary (forward only by version) and the audit entry. The
/// notice is keyed (kind, unit, assignment + version) and the audit row key derives from the version,
/// so the recording request and a re-delivery from the outbox leave exactly one of each.
/// </summary>
public sealed class EvaluationSideEffects(
    AssignmentStore assignments,
    EvaluationStore evaluations,
    NoticeStore notices,
    AuditLog audit,
    Standing.StandingSummaryStore summaries,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock) : IOutboxHandler
{
    public const string IntentKind = "evaluation";

    public string Kind => IntentKind;

    /// <summary>The dossier blob name is unique to one attempt, so it tells this request's version from a rival's.</summary>
    public static OutboxIntent Intent(EvaluationRecord record, string? tokenId)
    {
        ArgumentNullException.ThrowIfNull(record);
        return OutboxIntent.Create(IntentKind, record.AssignmentId, "", record.Version, record.Dossier.BlobName, tokenId, record.RecordedAt);
    }

    public Task ApplyAsync(Assignment assignment, EvaluationRecord record, string? tokenId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(record);
        // The outcome as of the day the judgement was recorded, so a late re-delivery says what an
        // on-time one would have said.
        var recordedOn = DateOnly.FromDateTime(BeijingTime.ToBeijing(record.RecordedAt).DateTime);
        var outcome = OutcomeRules.Decide(assignment, record, recordedOn, schedule.Value);
        var notice = new Notice(NoticeKind.EvaluationResult, assignment.Unit, EvaluationService.NoticePeriod(record),
            EvaluationTexts.NoticeTitle(assignment, record), EvaluationTexts.NoticeText(assignment, record, outcome), [assignment.Id], clock.GetUtcNow());
        return Task.WhenAll(
            notices.CreateOnceAsync(notice, ct),
            summaries.WriteEvaluationAsync(assignment.Id, record, ct),
            audit.RecordOnceAsync(record.RecordedBy, tokenId, "evaluation.record", EvaluationTexts.AuditDescription(assignment, record),
                assignment.Id, record.RecordedAt, $"{record.AssignmentId}\n{record.Version}", ct));
    }

    /// <summary>Delivers from the stored version; a version absent, or another request's, was never this intent's.</summary>
    public async Task<OutboxDelivery> RedeliverAsync(OutboxIntent intent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var record = await evaluations.FindVersionAsync(intent.AssignmentId, intent.Version, ct);
        if (record is null || record.Dossier.BlobName != intent.Fingerprint)
        {
            return OutboxDelivery.NotCommitted;
        }
        var assignment = await assignments.GetAsync(intent.AssignmentId, ct);
        await ApplyAsync(assignment, record, intent.TokenId, ct);
        return OutboxDelivery.Delivered;
    }
}
