namespace Governance.Core.Rules;

/// <summary>
/// One figure a verdict used (计算依据), already worded for people: e.g. 党群服务中心面积,
/// "≥ 500.0 m²", "520 m²", met. <paramref name="Met"/> is null when the figure could not be judged.
/// </summary>
public sealed record Figure(string Label, string Required, string Actual, bool? Met);

/// <summary>The judgement of one requirement from the latest metrics, with the figures behind it.</summary>
public sealed record RequirementVerdict(
    string RequirementId,
    string Name,
    RequirementState State,
    IReadOnlyList<Figure> Figures,
    string Explanation);
