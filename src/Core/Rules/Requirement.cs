using Governance.Core.Programme;

namespace Governance.Core.Rules;

/// <summary>How a requirement is judged; each quantitative kind is one pure function in <see cref="RuleEvaluator"/>.</summary>
public enum RuleKind
{
    /// <summary>Judged by staff from the evidence a unit uploads.</summary>
    Evidence,

    /// <summary>BJ-2: centre area per households, owner, activity share.</summary>
    CentreArea,

    /// <summary>BJ-4: consultation projects completed in the creation year.</summary>
    ConsultationProjects,

    /// <summary>BJ-5: community workers per urban population, volunteer team.</summary>
    CommunityWorkers,

    /// <summary>BJ-6: elderly home-care station and social-work room.</summary>
    CareAndSocialWork,

    /// <summary>FW-2: facility area by community kind.</summary>
    FacilityArea,

    /// <summary>FW-3: facility owner.</summary>
    FacilityOwner,

    /// <summary>FW-5: elderly home-care station.</summary>
    CareStation,
}

/// <summary>
/// One requirement (创建要求) of a task type. <paramref name="NeedsEvidence"/>: the requirement is met
/// only once evidence for it has been uploaded — for a computed rule on top of its figures (BJ-4,
/// BJ-5's social organisations and social workers, BJ-6, FW-5), for an evidence rule as what staff judge. <paramref name="Name"/> is a short Chinese name for
/// tables; <paramref name="RuleText"/> is the requirement as the 2023 implementation plan words it.
/// </summary>
public sealed record Requirement(
    string Id,
    TaskType TaskType,
    string Name,
    string RuleText,
    RuleKind Kind,
    bool NeedsEvidence);
