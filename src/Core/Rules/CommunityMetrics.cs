using Governance.Core.Problems;

namespace Governance.Core.Rules;

/// <summary>
/// The figures a monthly report gives about the community (社区指标). Every figure may be
/// absent: a rule that needs an absent figure says 数据不全 rather than guessing.
/// </summary>
public sealed record CommunityMetrics(
    int? Households,
    int? UrbanPopulation,
    decimal? CentreArea,
    decimal? ActivityArea,
    string? FacilityOwner,
    int? CommunityWorkers,
    bool? VolunteerTeam,
    int? ConsultationProjects,
    bool? ElderlyCareStation,
    bool? SocialWorkRoom)
{
    /// <summary>The owners a report may name; 其他 lets a unit say truthfully that the rule is not met.</summary>
    public static IReadOnlyList<string> KnownOwners { get; } = ["居民委员会", "基层政府", "城乡社区", "其他"];

    /// <summary>Adds a Chinese message per bad field, keyed <c>{prefix}{camelCaseName}</c> as the form posts them.</summary>
    public void Validate(FieldErrors errors, string prefix = "metrics.")
    {
        ArgumentNullException.ThrowIfNull(errors);
        NotNegative(errors, prefix + "households", Households, "户数不能为负数");
        NotNegative(errors, prefix + "urbanPopulation", UrbanPopulation, "城镇人口不能为负数");
        NotNegative(errors, prefix + "centreArea", CentreArea, "服务中心面积不能为负数");
        NotNegative(errors, prefix + "activityArea", ActivityArea, "居民活动区域面积不能为负数");
        NotNegative(errors, prefix + "communityWorkers", CommunityWorkers, "社区工作者人数不能为负数");
        NotNegative(errors, prefix + "consultationProjects", ConsultationProjects, "协商落实项目数不能为负数");

        if (ActivityArea is { } activity && CentreArea is { } centre && activity >= 0 && centre >= 0 && activity > centre)
        {
            errors.Add(prefix + "activityArea", "居民活动区域面积不能大于服务中心面积");
        }

        if (Owner is { } owner && !KnownOwners.Contains(owner))
        {
            errors.Add(prefix + "facilityOwner", "产权归属须为居民委员会、基层政府、城乡社区或其他");
        }
    }

    /// <summary>The owner as the rules compare it: blank counts as not reported.</summary>
    internal string? Owner => string.IsNullOrWhiteSpace(FacilityOwner) ? null : FacilityOwner.Trim();

    private static void NotNegative(FieldErrors errors, string field, decimal? value, string message)
    {
        if (value < 0)
        {
            errors.Add(field, message);
        }
    }
}
