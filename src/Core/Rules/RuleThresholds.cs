namespace Governance.Core.Rules;

/// <summary>
/// The figures the quantitative requirements are judged against (configuration section "Rules").
/// Defaults are the 2023 implementation plan's; they are settings because a later plan may change them.
/// </summary>
public sealed class RuleThresholds
{
    public const string Section = "Rules";

    /// <summary>BJ-2: m² of party-mass service centre per 100 households.</summary>
    public decimal ModelCentreAreaPer100Households { get; set; } = 40m;

    /// <summary>BJ-2: the residents' activity area as a share of the centre's area.</summary>
    public decimal MinActivityShare { get; set; } = 0.60m;

    /// <summary>BJ-5: community workers per 10,000 urban residents.</summary>
    public decimal WorkersPer10000UrbanResidents { get; set; } = 18m;

    /// <summary>BJ-4: projects turned from residents' needs into action within the year.</summary>
    public int MinConsultationProjects { get; set; } = 2;

    /// <summary>FW-2: m² of service facility per 100 households in an urban community.</summary>
    public decimal UrbanAreaPer100Households { get; set; } = 30m;

    /// <summary>FW-2: the least total facility area of an urban community.</summary>
    public decimal UrbanMinimumArea { get; set; } = 300m;

    /// <summary>FW-2: 农区嘎查村.</summary>
    public decimal AgriculturalVillageMinimumArea { get; set; } = 200m;

    /// <summary>FW-2: 牧区嘎查村.</summary>
    public decimal PastoralVillageMinimumArea { get; set; } = 150m;

    /// <summary>BJ-2: who may own the centre.</summary>
    public IReadOnlyList<string> ModelCentreOwners { get; set; } = ["居民委员会", "基层政府"];

    /// <summary>FW-3: who may own the facility; the plan's 城乡社区 includes its residents' committee.</summary>
    public IReadOnlyList<string> FacilityOwners { get; set; } = ["基层政府", "城乡社区", "居民委员会"];
}
