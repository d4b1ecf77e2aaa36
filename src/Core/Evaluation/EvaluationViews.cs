using System.Globalization;
using Governance.Core.Assignments;
using Governance.Core.Periods;
using Governance.Core.Rules;

namespace Governance.Core.Evaluation;

/// <summary>The verdict the rules computed for a quantitative requirement when it was judged, with its figures.</summary>
public sealed record ComputedVerdictView(string State, string StateName, IReadOnlyList<FigureView> Figures, string Explanation)
{
    public static ComputedVerdictView Of(RequirementVerdict v) => new(
        v.State.Code(), v.State.ChineseName(), v.Figures.Select(f => new FigureView(f.Label, f.Required, f.Actual, f.Met)).ToList(), v.Explanation);
}

/// <summary>One requirement's judgement; <see cref="Computed"/> is null for evidence-only requirements.</summary>
public sealed record JudgementView(string Requirement, string Name, bool Passed, string PassedName, string? Note, ComputedVerdictView? Computed);

public sealed record OutcomeView(string Code, string Name, string Reason)
{
    public static OutcomeView Of(AssignmentOutcome o) => new(o.Kind.Code(), o.Kind.ChineseName(), o.Reason);
}

/// <summary>The acceptance dossier (验收档案): a fresh read-only link, when it expires, and the SHA-256 it was stored with.</summary>
public sealed record DossierView(string Url, DateTimeOffset ExpiresAt, string Sha256, long Size, string FileName);

/// <summary>One version of an evaluation as people read it.</summary>
public sealed record EvaluationVersionView(
    int Version,
    string CompletedOn,
    string EvaluatedOn,
    string Evaluator,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    bool AllPassed,
    IReadOnlyList<JudgementView> Results,
    string DossierSha256,
    string? Experience)
{
    public static EvaluationVersionView Of(EvaluationRecord r) => new(
        r.Version,
        EntityDate(r.CompletedOn),
        EntityDate(r.EvaluatedOn),
        r.Evaluator,
        BeijingTime.ToBeijing(r.RecordedAt),
        r.RecordedBy,
        r.AllPassed,
        Judgements(r),
        r.Dossier.Sha256,
        r.Experience);

    public static IReadOnlyList<JudgementView> Judgements(EvaluationRecord r) => r.Results.Select(j =>
    {
        var name = RequirementCatalogue.TryGet(j.Requirement, out var req) ? req.Name : j.Requirement;
        var computed = r.Computed.FirstOrDefault(v => v.RequirementId == j.Requirement);
        return new JudgementView(j.Requirement, name, j.Passed, j.Passed ? EvaluationTexts.Passed : EvaluationTexts.Failed, j.Note,
            computed is null ? null : ComputedVerdictView.Of(computed));
    }).ToList();

    private static string EntityDate(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// GET/PUT /api/assignments/{id}/evaluation: the current version, the outcome as of now, the dossier
/// link, and every version (oldest first).
/// </summary>
public sealed record EvaluationView(
    AssignmentSummary Assignment,
    string ETag,
    EvaluationVersionView Current,
    OutcomeView Outcome,
    DossierView Dossier,
    IReadOnlyList<EvaluationVersionView> Versions);
