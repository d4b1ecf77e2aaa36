using System.Globalization;
using System.Text.Json;
using Governance.Core.Input;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Dossiers;
using Governance.Core.Evidence;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Standing;
using Governance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Core.Evaluation;

/// <summary>The HTTP preconditions of a write: If-Match (a revision) and If-None-Match (a first evaluation).</summary>
public sealed record Preconditions(string? IfMatch, string? IfNoneMatch)
{
    public bool HasIfMatch => !string.IsNullOrWhiteSpace(IfMatch);

    public bool ExpectsNone => IfNoneMatch?.Trim() == "*";

    /// <summary>True when If-Match is "*" or lists the tag (strong comparison).</summary>
    public bool Matches(string etag) =>
        IfMatch!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(t => t == "*" || t == etag);
}

/// <summary>
/// Records and reads evaluations (评估验收). Recording writes, in this order: the dossier blob, an
/// outbox intent, the version and the move of "current" in one partition transaction, then the
/// 验收结果 notice and the audit entry (both idempotent by key), then removes the intent. A crash after
/// the transaction leaves the intent, and the next tick delivers the notice and the audit entry.
/// </summary>
public sealed class EvaluationService(
    AssignmentStore assignments,
    ReportStore reports,
    EvaluationStore evaluations,
    DossierWriter dossiers,
    EvidenceStore evidence,
    EvaluationSideEffects sideEffects,
    Outbox outbox,
    StandingReader standing,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    /// <summary>201 for the first evaluation, 200 for a revision.</summary>
    public sealed record RecordResult(int Status, EvaluationView View);

    public async Task<RecordResult> RecordAsync(Caller caller, string assignmentId, IncomingForm form, Preconditions preconditions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(preconditions);
        // Only staff evaluate: a unit is refused before a byte of its body is read.
        caller.EnsureStaff();
        var body = await form.ReadJsonAsync(ct);
        var assignment = await assignments.GetAsync(assignmentId, ct);
        var stored = await evaluations.FindCurrentAsync(assignment.Id, ct);
        Check(preconditions, stored?.Record);

        // What the evaluator judges against: the standing now, before any judgement is applied.
        var before = await standing.OfAsync(assignment, clock.GetUtcNow(), ct);
        var monthly = before.Reports;
        var metrics = before.Metrics;
        var computed = before.Requirements.Where(r => r.Requirement.Kind != RuleKind.Evidence).Select(r => r.Computed).ToList();

        var errors = new FieldErrors();
        var input = EvaluationInput.Parse(body, assignment, computed, BeijingTime.Today(clock), errors);
        errors.ThrowIfAny("invalid_evaluation", EvaluationTexts.InvalidTitle);

        var now = clock.GetUtcNow();
        var record = new EvaluationRecord(assignment.Id, (stored?.Record.Version ?? 0) + 1, input!.CompletedOn, input.EvaluatedOn,
            input.Evaluator, input.Results, computed, now, caller.Label, new DossierInfo("", "", "", 0), input.Experience);
        var versions = await reports.ListAllVersionsAsync(assignment.Id, ct);
        var files = await evidence.ListAsync(assignment.Id, ct);
        var dossier = await dossiers.WriteAsync(new DossierContent(assignment, record, metrics, monthly, versions, files, now), ct);
        record = record with { Dossier = dossier };

        var intent = EvaluationSideEffects.Intent(record, caller.TokenId);
        await outbox.AddAsync(intent, ct);
        if (!await evaluations.TryAddVersionAsync(record, stored?.ETag, ct))
        {
            await outbox.RemoveAsync(intent, ct);
            await dossiers.DiscardAsync(dossier);
            var winner = await evaluations.FindCurrentAsync(assignment.Id, ct);
            throw new ProblemException(412, "evaluation_stale", EvaluationTexts.StaleTitle, EvaluationTexts.StaleDetail(winner?.Record));
        }

        // The version is stored: the request succeeded even if the notice or the audit entry fails
        // now, since the intent left behind has the next tick deliver them.
        await outbox.DeliverAsync(intent, () => sideEffects.ApplyAsync(assignment, record, caller.TokenId, ct), ct);
        var outcome = OutcomeRules.Decide(assignment, record, BeijingTime.Today(clock), schedule.Value);
        return new RecordResult(record.Version == 1 ? 201 : 200, await ViewAsync(assignment, record, outcome, ct));
    }

    public async Task<EvaluationView> GetAsync(Caller caller, string assignmentId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var assignment = await assignments.GetAsync(assignmentId, ct);
        caller.EnsureUnit(assignment.Unit);
        var stored = await evaluations.FindCurrentAsync(assignment.Id, ct)
            ?? throw new ProblemException(404, "evaluation_not_found", EvaluationTexts.NotFoundTitle, EvaluationTexts.NotFoundDetail(assignment));
        var outcome = OutcomeRules.Decide(assignment, stored.Record, BeijingTime.Today(clock), schedule.Value);
        return await ViewAsync(assignment, stored.Record, outcome, ct);
    }

    /// <summary>
    /// The notice's period key: one 验收结果 notice per evaluation version, so a revision notifies the
    /// unit again while a retried request does not. Table keys may not contain '/', hence the dot.
    /// </summary>
    public static string NoticePeriod(EvaluationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"{record.AssignmentId}.v{record.Version.ToString("D4", CultureInfo.InvariantCulture)}";
    }

    // A first evaluation needs no precondition (If-None-Match: * may say so); a revision must name
    // the version it revises, or it could silently undo a colleague's judgement: 428 without
    // If-Match, 412 when it names another version.
    private static void Check(Preconditions p, EvaluationRecord? current)
    {
        if (current is null)
        {
            // RFC 9110: If-Match, even "*", fails when there is no current representation.
            if (p.HasIfMatch)
            {
                throw new ProblemException(412, "evaluation_stale", EvaluationTexts.NothingToMatchTitle, EvaluationTexts.NothingToMatchDetail);
            }
            return;
        }
        if (p.ExpectsNone)
        {
            throw new ProblemException(412, "evaluation_exists", EvaluationTexts.AlreadyEvaluatedTitle, EvaluationTexts.AlreadyEvaluatedDetail(current));
        }
        if (!p.HasIfMatch)
        {
            throw new ProblemException(428, "if_match_required", EvaluationTexts.IfMatchRequiredTitle, EvaluationTexts.IfMatchRequiredDetail(current));
        }
        if (!p.Matches(current.HttpETag))
        {
            throw new ProblemException(412, "evaluation_stale", EvaluationTexts.StaleTitle, EvaluationTexts.StaleDetail(current));
        }
    }

    private async Task<EvaluationView> ViewAsync(Assignment assignment, EvaluationRecord current, AssignmentOutcome outcome, CancellationToken ct)
    {
        var versions = await evaluations.ListVersionsAsync(assignment.Id, ct);
        var link = await dossiers.LinkAsync(current.Dossier, ct);
        return new EvaluationView(
            AssignmentSummary.Of(assignment),
            current.HttpETag,
            EvaluationVersionView.Of(current),
            OutcomeView.Of(outcome),
            new DossierView(link.Url, link.ExpiresAt, current.Dossier.Sha256, current.Dossier.Size, current.Dossier.FileName),
            versions.Select(EvaluationVersionView.Of).ToList());
    }
}
