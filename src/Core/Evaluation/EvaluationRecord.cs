using Governance.Core.Rules;

namespace Governance.Core.Evaluation;

/// <summary>A staff judgement of one requirement (创建要求) in an evaluation.</summary>
public sealed record RequirementJudgement(string Requirement, bool Passed, string? Note);

/// <summary>The acceptance dossier (验收档案) an evaluation version was decided on: its blob and SHA-256.</summary>
public sealed record DossierInfo(string BlobName, string FileName, string Sha256, long Size);

/// <summary>
/// One version of an assignment's evaluation (评估验收): per requirement passed or failed with a
/// note, when the work was complete, when and by whom it was evaluated, and the dossier it rests on.
/// <see cref="Computed"/> keeps the verdicts of the quantitative requirements as they were computed
/// when the judgement was made, so later reports cannot change what the evaluator saw.
/// <see cref="Experience"/> is the experience worth spreading (典型经验) the evaluator recorded, if any.
/// </summary>
public sealed record EvaluationRecord(
    string AssignmentId,
    int Version,
    DateOnly CompletedOn,
    DateOnly EvaluatedOn,
    string Evaluator,
    IReadOnlyList<RequirementJudgement> Results,
    IReadOnlyList<RequirementVerdict> Computed,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    DossierInfo Dossier,
    string? Experience = null)
{
    public bool AllPassed => Results.Count > 0 && Results.All(r => r.Passed);

    public IEnumerable<RequirementJudgement> Failed => Results.Where(r => !r.Passed);

    /// <summary>
    /// A requirement staff have judged stands as judged (已审核通过 / 已审核不通过), with the
    /// computed figures kept beside the judgement; an unjudged one keeps its computed verdict.
    /// </summary>
    public RequirementVerdict Apply(RequirementVerdict computed)
    {
        var judgement = Results.FirstOrDefault(r => r.Requirement == computed.RequirementId);
        if (judgement is null)
        {
            return computed;
        }
        var state = judgement.Passed ? RequirementState.ReviewPassed : RequirementState.ReviewFailed;
        return computed with { State = state, Explanation = EvaluationTexts.Judged(EvaluatedOn, state, judgement.Note, computed.Explanation) };
    }

    /// <summary>The HTTP entity tag of this version: strong, and the same wherever it is read.</summary>
    public string HttpETag => $"\"{AssignmentId}.v{Version.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}\"";
}
