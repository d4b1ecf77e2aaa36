namespace Governance.Core.Programme;

/// <summary>A "2121" task type (任务类型).</summary>
public enum TaskType
{
    /// <summary>城乡社区服务能力提升</summary>
    ServiceCapacity,

    /// <summary>北疆示范社区创建</summary>
    ModelCommunity,
}

/// <summary>Where a community lies (社区类型); decides the FW-2 facility minimum.</summary>
public enum CommunityKind
{
    /// <summary>城镇社区</summary>
    Urban,

    /// <summary>农区嘎查村</summary>
    AgriculturalVillage,

    /// <summary>牧区嘎查村</summary>
    PastoralVillage,
}

/// <summary>The wire codes and Chinese names of task types and community kinds, both ways.</summary>
public static partial class ProgrammeNames
{
    public static string Code(this TaskType type) => type switch
    {
        TaskType.ServiceCapacity => "service-capacity",
        TaskType.ModelCommunity => "model-community",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string ChineseName(this TaskType type) => type switch
    {
        TaskType.ServiceCapacity => "城乡社区服务能力提升",
        TaskType.ModelCommunity => "北疆示范社区创建",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Code(this CommunityKind kind) => kind switch
    {
        CommunityKind.Urban => "urban",
        CommunityKind.AgriculturalVillage => "agricultural-village",
        CommunityKind.PastoralVillage => "pastoral-village",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ChineseName(this CommunityKind kind) => kind switch
    {
        CommunityKind.Urban => "城镇社区",
        CommunityKind.AgriculturalVillage => "农区嘎查村",
        CommunityKind.PastoralVillage => "牧区嘎查村",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Reads a task type from its code or its Chinese name (with or without 行动/创建 suffix variants seen in the plan).</summary>
    public static bool TryParseTaskType(string? text, out TaskType type)
    {
        var t = (text ?? "").Trim();
        switch (t)
        {
            case "service-capacity":
            case "城乡社区服务能力提升":
            case "城乡社区服务能力提升行动":
                type = TaskType.ServiceCapacity;
                return true;
            case "model-community":
            case "北疆示范社区创建":
            case "北疆示范社区":
                type = TaskType.ModelCommunity;
                return true;
            default:
                type = default;
                return false;
        }
    }

    public static bool TryParseCommunityKind(string? text, out CommunityKind kind)
    {
        var t = (text ?? "").Trim();
        switch (t)
        {
            case "urban":
            case "城镇社区":
            case "城镇":
                kind = CommunityKind.Urban;
                return true;
            case "agricultural-village":
            case "农区嘎查村":
            case "农区":
                kind = CommunityKind.AgriculturalVillage;
                return true;
            case "pastoral-village":
            case "牧区嘎查村":
            case "牧区":
                kind = CommunityKind.PastoralVillage;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
