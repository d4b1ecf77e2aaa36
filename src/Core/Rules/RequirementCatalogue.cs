using System.Diagnostics.CodeAnalysis;
using Governance.Core.Programme;

namespace Governance.Core.Rules;

/// <summary>The requirements of both task types, as the 2023 implementation plan (实施方案) lists them.</summary>
public static class RequirementCatalogue
{
    private const string CultureText =
        "培育积极健康向上的社区文化和社区精神，将铸牢中华民族共同体意识融入居民公约、村规民约，并建立动态调整机制。";

    public static IReadOnlyList<Requirement> All { get; } =
    [
        new("BJ-1", TaskType.ModelCommunity, "社区文化和社区精神", CultureText, RuleKind.Evidence, true),
        new("BJ-2", TaskType.ModelCommunity, "党群服务中心面积与产权",
            "社区党群服务中心建设面积达到每百户40平方米以上，产权归属居民委员会或基层政府，居民活动区域面积占社区总面积≥60%。",
            RuleKind.CentreArea, false),
        new("BJ-3", TaskType.ModelCommunity, "自治组织体系",
            "村（居）民委员会下属委员会、村（居）民代表、村（居）民小组等自治组织体系健全，按照精简规范高效的原则，悬挂标牌标识。",
            RuleKind.Evidence, true),
        new("BJ-4", TaskType.ModelCommunity, "居民议事协商",
            "社区建立居民议事协商平台，并通过协商居民需求转化为自治活动或项目，年内落实2个以上项目。建立健全村规民约、居民公约动态调整机制。",
            RuleKind.ConsultationProjects, true),
        new("BJ-5", TaskType.ModelCommunity, "社区工作者与志愿者队伍",
            "社区工作者队伍按照每万城镇人口18人的标准配备，建立社区志愿者队伍，培育和引入社会组织、社会工作者队伍，并有效运转。",
            RuleKind.CommunityWorkers, true),
        new("BJ-6", TaskType.ModelCommunity, "养老服务站与社会工作服务室",
            "社区层面配建有居家社区养老服务站、社会工作服务室。根据需要配建育幼、助残等服务设施，社区能够有效统筹调配党政群机构下沉社区的各类服务资源，实现服务功能、服务内容、服务资源、服务主体的有效整合。",
            RuleKind.CareAndSocialWork, true),
        new("BJ-7", TaskType.ModelCommunity, "服务供求对接机制", "社区建立服务供求对接机制。", RuleKind.Evidence, true),

        new("FW-1", TaskType.ServiceCapacity, "社区文化和社区精神", CultureText, RuleKind.Evidence, true),
        new("FW-2", TaskType.ServiceCapacity, "综合服务设施面积",
            "城镇社区按照每百户居民30平方米、总面积不低于300平方米的要求，嘎查村按照农区不低于200平方米、牧区不低于150平方米的标准，推进综合服务设施达标建设。",
            RuleKind.FacilityArea, false),
        new("FW-3", TaskType.ServiceCapacity, "综合服务设施产权", "社区综合服务设施产权归属基层政府或城乡社区。",
            RuleKind.FacilityOwner, false),
        new("FW-4", TaskType.ServiceCapacity, "办公服务活动空间规划", "社区合理规划办公、服务和居民活动空间，符合相关规定。",
            RuleKind.Evidence, true),
        new("FW-5", TaskType.ServiceCapacity, "居家社区养老服务站",
            "社区层面配建居家社区养老服务站，根据需要配建推进五社联动的相关服务设施，并推动社区有效统筹调配各类服务资源。",
            RuleKind.CareStation, true),
    ];

    private static readonly Dictionary<string, Requirement> ById = All.ToDictionary(r => r.Id, StringComparer.Ordinal);

    private static readonly Dictionary<TaskType, IReadOnlyList<Requirement>> ByType = All
        .GroupBy(r => r.TaskType)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<Requirement>)g.ToArray());

    /// <summary>The requirements of one task type, in the plan's order.</summary>
    public static IReadOnlyList<Requirement> For(TaskType type) =>
        ByType.TryGetValue(type, out var list) ? list : throw new ArgumentOutOfRangeException(nameof(type));

    /// <summary>Ids are matched exactly ("BJ-2"), because they are also storage keys.</summary>
    public static bool TryGet(string id, [MaybeNullWhen(false)] out Requirement requirement)
    {
        if (id is not null && ById.TryGetValue(id, out var found))
        {
            requirement = found;
            return true;
        }
        requirement = null;
        return false;
    }
}
