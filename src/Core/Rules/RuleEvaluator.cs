using Governance.Core.Programme;
using static Governance.Core.Rules.RuleWording;

namespace Governance.Core.Rules;

/// <summary>
/// Judges requirements from the latest reported metrics and whether evidence is in. Each rule kind
/// is a pure function that lists the checks it made. The state, in this order: a check that
/// definitely fails makes it 未达标 (even beside a missing figure); otherwise a check that could not
/// be made (a figure missing, or zero where the rule divides by it) makes it 数据不全, never 达标;
/// a rule that also needs evidence is 缺少证明材料 until evidence is uploaded; an evidence-only rule
/// is 待审核 once evidence is in, 数据不全 before. Staff judgements are applied on top
/// (<see cref="Evaluation.EvaluationRecord.Apply"/>).
/// </summary>
public static class RuleEvaluator
{
    private readonly record struct Check(Figure Figure, string Clause);

    public static RequirementVerdict Evaluate(
        Requirement requirement,
        CommunityMetrics? metrics,
        CommunityKind kind,
        RuleThresholds thresholds,
        bool hasEvidence = false)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(thresholds);

        // Verdicts that depend on no threshold and on at most two yes/no figures are the same objects
        // every time (records, immutable): built once per catalogue requirement, not once per assignment.
        var slot = CachedSlot(requirement, metrics, hasEvidence);
        if (slot >= 0 && Volatile.Read(ref Cached[slot]) is { } cached)
        {
            return cached;
        }
        var verdict = Compute(requirement, metrics, kind, thresholds, hasEvidence);
        if (slot >= 0)
        {
            Volatile.Write(ref Cached[slot], verdict);
        }
        return verdict;
    }

    private static RequirementVerdict Compute(Requirement requirement, CommunityMetrics? metrics, CommunityKind kind, RuleThresholds thresholds, bool hasEvidence)
    {
        if (requirement.Kind == RuleKind.Evidence)
        {
            return hasEvidence
                ? new(requirement.Id, requirement.Name, RequirementState.AwaitingReview, [], EvidenceSubmitted)
                : new(requirement.Id, requirement.Name, RequirementState.DataIncomplete, [], EvidenceMissing);
        }

        var checks = requirement.Kind switch
        {
            RuleKind.CentreArea => CentreArea(metrics, thresholds),
            RuleKind.ConsultationProjects => [ConsultationProjects(metrics, thresholds)],
            RuleKind.CommunityWorkers => CommunityWorkers(metrics, thresholds),
            RuleKind.CareAndSocialWork =>
            [
                Facility("居家社区养老服务站", metrics?.ElderlyCareStation),
                Facility("社会工作服务室", metrics?.SocialWorkRoom),
            ],
            RuleKind.FacilityArea => [FacilityArea(metrics, kind, thresholds)],
            RuleKind.FacilityOwner => [Owner("综合服务设施产权归属", metrics, thresholds.FacilityOwners)],
            RuleKind.CareStation => [Facility("居家社区养老服务站", metrics?.ElderlyCareStation)],
            _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement.Kind, null),
        };

        // A condition that definitely fails decides, even beside a missing figure: more figures
        // could not make it pass. The explanation still names every missing figure.
        var failed = false;
        var unknown = false;
        foreach (var c in checks)
        {
            failed |= c.Figure.Met == false;
            unknown |= c.Figure.Met is null;
        }
        var state = failed ? RequirementState.NotMet
            : unknown ? RequirementState.DataIncomplete
            : RequirementState.Met;
        var count = checks.Length + (requirement.NeedsEvidence ? 1 : 0);
        var figures = new Figure[count];
        var clauses = new string[count];
        for (var i = 0; i < checks.Length; i++)
        {
            figures[i] = checks[i].Figure;
            clauses[i] = checks[i].Clause;
        }
        if (requirement.NeedsEvidence)
        {
            var label = EvidenceFor(requirement.Id);
            figures[^1] = new(label, EvidenceUploaded, hasEvidence ? EvidenceUploaded : EvidenceNotUploaded, hasEvidence);
            if (state == RequirementState.Met && !hasEvidence)
            {
                state = RequirementState.EvidenceMissing;
                clauses[^1] = $"{label}尚未上传，缺少证明材料";
            }
            else
            {
                clauses[^1] = hasEvidence ? $"已上传{label}" : $"{label}尚未上传";
            }
        }

        return new(requirement.Id, requirement.Name, state, figures, string.Join(Separator, clauses));
    }

    // The catalogue's requirements by reference: a requirement built elsewhere (a test's) is never cached.
    private static readonly Dictionary<Requirement, int> CatalogueIndex = IndexCatalogue();

    // Per catalogue requirement: 9 combinations of two yes/no/unreported figures × with or without evidence.
    private const int SlotsPerRequirement = 18;
    private static readonly RequirementVerdict?[] Cached = new RequirementVerdict?[RequirementCatalogue.All.Count * SlotsPerRequirement];

    // The cache slot of a verdict that depends on no threshold and no other figure (evidence-only rules,
    // BJ-6, FW-5), or -1.
    private static int CachedSlot(Requirement requirement, CommunityMetrics? metrics, bool hasEvidence)
    {
        var code = requirement.Kind switch
        {
            RuleKind.Evidence => 0,
            RuleKind.CareStation => Tri(metrics?.ElderlyCareStation),
            RuleKind.CareAndSocialWork => Tri(metrics?.ElderlyCareStation) * 3 + Tri(metrics?.SocialWorkRoom),
            _ => -1,
        };
        if (code < 0 || !CatalogueIndex.TryGetValue(requirement, out var index))
        {
            return -1;
        }
        return index * SlotsPerRequirement + code * 2 + (hasEvidence ? 1 : 0);
    }

    private static Dictionary<Requirement, int> IndexCatalogue()
    {
        var index = new Dictionary<Requirement, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < RequirementCatalogue.All.Count; i++)
        {
            index[RequirementCatalogue.All[i]] = i;
        }
        return index;
    }

    private static int Tri(bool? value) => value switch
    {
        null => 0,
        false => 1,
        true => 2,
    };

    public static IReadOnlyList<RequirementVerdict> EvaluateAll(
        TaskType type,
        CommunityMetrics? metrics,
        CommunityKind kind,
        RuleThresholds thresholds,
        Func<string, bool>? hasEvidence = null) =>
        RequirementCatalogue.For(type)
            .Select(r => Evaluate(r, metrics, kind, thresholds, hasEvidence?.Invoke(r.Id) ?? false))
            .ToArray();

    // BJ-2: area against households, the activity share, the owner.
    private static Check[] CentreArea(CommunityMetrics? metrics, RuleThresholds t)
    {
        const string areaLabel = "党群服务中心面积";
        var households = metrics?.Households;
        var area = metrics?.CentreArea;
        var activity = metrics?.ActivityArea;
        var areaText = area is { } a ? Area(a) : NotReported;

        Check areaCheck;
        if (households is not > 0)
        {
            areaCheck = new(new(areaLabel, NotComputable, areaText, null), HouseholdsMissing(households, "所需面积"));
        }
        else
        {
            var required = households.Value / 100m * t.ModelCentreAreaPer100Households;
            var requiredText = RequiredAreaValue(required);
            if (area is not { } actual)
            {
                areaCheck = new(new(areaLabel, AtLeast(requiredText), NotReported, null), $"{areaLabel}未填报（需 {requiredText}）");
            }
            else
            {
                var met = actual >= required;
                areaCheck = new(
                    new(areaLabel, AtLeast(requiredText), areaText, met),
                    $"面积{Verdict(met)}（需 {requiredText}，现 {areaText}）");
            }
        }

        const string shareLabel = "居民活动区域占比";
        var requiredShare = AtLeast(RequiredShare(t.MinActivityShare));
        Check shareCheck;
        if (activity is not { } act)
        {
            shareCheck = new(new(shareLabel, requiredShare, NotReported, null), "居民活动区域面积未填报");
        }
        else if (area is not { } centre)
        {
            shareCheck = new(new(shareLabel, requiredShare, NotComputable, null), $"{areaLabel}未填报，无法计算居民活动区域占比");
        }
        else if (centre == 0)
        {
            // A reported centre of 0 m² is a fact, not a gap: there is no activity area to speak of.
            shareCheck = new(new(shareLabel, requiredShare, NotComputable, false), $"{areaLabel}为 0，居民活动区域占比未达标");
        }
        else
        {
            var met = act >= centre * t.MinActivityShare;
            var shareText = Share(act / centre, t.MinActivityShare, met);
            var thresholdText = RequiredShare(t.MinActivityShare);
            shareCheck = new(
                new(shareLabel, requiredShare, shareText, met),
                met
                    ? $"居民活动区域占比 {shareText}，不低于 {thresholdText}，达标"
                    : $"居民活动区域占比 {shareText}，低于 {thresholdText}，未达标");
        }

        return [areaCheck, shareCheck, Owner("产权归属", metrics, t.ModelCentreOwners)];
    }

    // BJ-4
    private static Check ConsultationProjects(CommunityMetrics? metrics, RuleThresholds t)
    {
        const string label = "年内落实协商项目";
        var required = AtLeast(Count(t.MinConsultationProjects, "个"));
        if (metrics?.ConsultationProjects is not { } projects)
        {
            return new(new(label, required, NotReported, null), $"{label}数未填报");
        }
        var met = projects >= t.MinConsultationProjects;
        return new(
            new(label, required, Count(projects, "个"), met),
            met
                ? $"{label} {projects} 个，不少于 {t.MinConsultationProjects} 个，达标"
                : $"{label} {projects} 个，少于 {t.MinConsultationProjects} 个，未达标");
    }

    // BJ-5: workers against the urban population, rounded up to whole people, and a volunteer team.
    private static Check[] CommunityWorkers(CommunityMetrics? metrics, RuleThresholds t)
    {
        const string label = "社区工作者";
        var population = metrics?.UrbanPopulation;
        var workers = metrics?.CommunityWorkers;
        var workersText = workers is { } w ? Count(w, "人") : NotReported;

        Check workersCheck;
        if (population is not > 0)
        {
            var reason = population is null ? "城镇人口未填报" : $"城镇人口为 {population}";
            workersCheck = new(new(label, NotComputable, workersText, null), $"{reason}，无法计算所需社区工作者人数");
        }
        else
        {
            var exact = population.Value / 10000m * t.WorkersPer10000UrbanResidents;
            var needed = (int)Math.Ceiling(exact);
            var basis = exact == needed
                ? $"按城镇人口 {population} 人、每万人 {Plain(t.WorkersPer10000UrbanResidents)} 人计需 {needed} 人"
                : $"按城镇人口 {population} 人、每万人 {Plain(t.WorkersPer10000UrbanResidents)} 人计为 {Plain(Math.Round(exact, 2, MidpointRounding.AwayFromZero))} 人，向上取整需 {needed} 人";
            var requiredText = AtLeast(Count(needed, "人"));
            if (workers is not { } actual)
            {
                workersCheck = new(new(label, requiredText, NotReported, null), $"{basis}，社区工作者人数未填报");
            }
            else
            {
                var met = actual >= needed;
                workersCheck = new(new(label, requiredText, workersText, met), $"{basis}，现 {actual} 人，{Verdict(met)}");
            }
        }

        const string teamLabel = "社区志愿者队伍";
        var team = metrics?.VolunteerTeam;
        var teamCheck = team switch
        {
            true => new Check(new(teamLabel, YesNo(true), YesNo(true), true), "已建立社区志愿者队伍"),
            false => new Check(new(teamLabel, YesNo(true), YesNo(false), false), "未建立社区志愿者队伍，未达标"),
            null => new Check(new(teamLabel, YesNo(true), NotReported, null), "社区志愿者队伍情况未填报"),
        };
        return [workersCheck, teamCheck];
    }

    // FW-2: urban communities scale with households above a floor; villages have a fixed floor.
    private static Check FacilityArea(CommunityMetrics? metrics, CommunityKind kind, RuleThresholds t)
    {
        const string label = "综合服务设施面积";
        var area = metrics?.CentreArea;
        var areaText = area is { } a ? Area(a) : NotReported;

        decimal required;
        string basis;
        switch (kind)
        {
            case CommunityKind.Urban:
                var households = metrics?.Households;
                if (households is not > 0)
                {
                    // The total floor holds whatever the households: under it is a definite failure.
                    var floorText = RequiredAreaValue(t.UrbanMinimumArea);
                    return area is { } small && small < t.UrbanMinimumArea
                        ? new(new(label, AtLeast(floorText), areaText, false),
                            $"{HouseholdsMissing(households, "按户数所需面积")}；现 {areaText}，低于城镇社区总面积下限 {floorText}，未达标")
                        : new(new(label, NotComputable, areaText, null), HouseholdsMissing(households, "所需面积"));
                }
                required = Math.Max(t.UrbanMinimumArea, households.Value / 100m * t.UrbanAreaPer100Households);
                basis = $"城镇社区按每百户 {Plain(t.UrbanAreaPer100Households)} m²、总面积不低于 {Plain(t.UrbanMinimumArea)} m² 计";
                break;
            case CommunityKind.AgriculturalVillage:
                required = t.AgriculturalVillageMinimumArea;
                basis = $"{kind.ChineseName()}面积不低于 {Plain(required)} m²";
                break;
            case CommunityKind.PastoralVillage:
                required = t.PastoralVillageMinimumArea;
                basis = $"{kind.ChineseName()}面积不低于 {Plain(required)} m²";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        var requiredText = RequiredAreaValue(required);
        if (area is not { } actual)
        {
            return new(new(label, AtLeast(requiredText), NotReported, null), $"{basis}，需 {requiredText}，{label}未填报");
        }
        var met = actual >= required;
        return new(new(label, AtLeast(requiredText), areaText, met), $"{basis}，需 {requiredText}，现 {areaText}，{Verdict(met)}");
    }

    private static Check Owner(string label, CommunityMetrics? metrics, IReadOnlyList<string> allowed)
    {
        var required = OneOf(allowed);
        if (metrics?.Owner is not { } owner)
        {
            return new(new(label, required, NotReported, null), $"{label}未填报");
        }
        var met = allowed.Contains(owner, StringComparer.Ordinal);
        return new(
            new(label, required, owner, met),
            met ? $"{label}为{owner}，符合要求" : $"{label}为{owner}，不符合（应为{required}），未达标");
    }

    private static Check Facility(string label, bool? present) => present switch
    {
        true => new(new(label, YesNo(true), YesNo(true), true), $"已配建{label}"),
        false => new(new(label, YesNo(true), YesNo(false), false), $"未配建{label}，未达标"),
        null => new(new(label, YesNo(true), NotReported, null), $"{label}情况未填报"),
    };

    private static string HouseholdsMissing(int? households, string what) =>
        households is null ? $"户数未填报，无法计算{what}" : $"户数为 {households}，无法计算{what}";
}
