using Governance.Core.Programme;
using Governance.Core.Rules;

namespace Governance.Core.Tests;

public sealed class RuleEvaluatorTests
{
    private static readonly RuleThresholds Defaults = new();

    private static CommunityMetrics Metrics(
        int? households = null, int? urbanPopulation = null, decimal? centreArea = null, decimal? activityArea = null,
        string? owner = null, int? workers = null, bool? volunteers = null, int? projects = null,
        bool? careStation = null, bool? socialWorkRoom = null) =>
        new(households, urbanPopulation, centreArea, activityArea, owner, workers, volunteers, projects, careStation, socialWorkRoom);

    private static RequirementVerdict Judge(string id, CommunityMetrics? metrics, CommunityKind kind = CommunityKind.Urban, bool hasEvidence = false)
    {
        Assert.True(RequirementCatalogue.TryGet(id, out var requirement));
        return RuleEvaluator.Evaluate(requirement, metrics, kind, Defaults, hasEvidence);
    }

    private static Figure FigureOf(RequirementVerdict verdict, string label) => Assert.Single(verdict.Figures, f => f.Label == label);

    [Fact]
    public void BJ2_worked_figure_area_met_but_activity_share_57_7_percent_is_not_met()
    {
        var verdict = Judge("BJ-2", Metrics(households: 1250, centreArea: 520m, activityArea: 300m, owner: "居民委员会"));

        Assert.Equal(RequirementState.NotMet, verdict.State);
        Assert.Equal(new Figure("党群服务中心面积", "≥ 500.0 m²", "520 m²", true), FigureOf(verdict, "党群服务中心面积"));
        Assert.Equal(new Figure("居民活动区域占比", "≥ 60.0%", "57.7%", false), FigureOf(verdict, "居民活动区域占比"));
        Assert.Equal(new Figure("产权归属", "居民委员会或基层政府", "居民委员会", true), FigureOf(verdict, "产权归属"));
        Assert.StartsWith("面积达标（需 500.0 m²，现 520 m²）；居民活动区域占比 57.7%，低于 60.0%，未达标", verdict.Explanation);
        Assert.Equal("党群服务中心面积与产权", verdict.Name);
    }

    [Fact]
    public void BJ2_activity_share_of_exactly_60_percent_and_area_exactly_at_threshold_are_met()
    {
        var verdict = Judge("BJ-2", Metrics(households: 1250, centreArea: 500m, activityArea: 300m, owner: "基层政府"));

        Assert.Equal(RequirementState.Met, verdict.State);
        Assert.Equal("60.0%", FigureOf(verdict, "居民活动区域占比").Actual);
        Assert.Equal(new Figure("党群服务中心面积", "≥ 500.0 m²", "500 m²", true), FigureOf(verdict, "党群服务中心面积"));
    }

    [Fact]
    public void BJ2_area_just_under_the_need_is_not_met()
    {
        var verdict = Judge("BJ-2", Metrics(households: 1250, centreArea: 499.9m, activityArea: 400m, owner: "基层政府"));

        Assert.Equal(RequirementState.NotMet, verdict.State);
        Assert.Equal(new Figure("党群服务中心面积", "≥ 500.0 m²", "499.9 m²", false), FigureOf(verdict, "党群服务中心面积"));
    }

    [Fact]
    public void BJ2_share_just_under_60_percent_is_not_shown_as_60_percent()
    {
        var verdict = Judge("BJ-2", Metrics(households: 100, centreArea: 10000m, activityArea: 5999.6m, owner: "基层政府"));

        Assert.Equal(RequirementState.NotMet, verdict.State);
        Assert.Equal("59.996%", FigureOf(verdict, "居民活动区域占比").Actual);
    }

    [Fact]
    public void BJ2_owner_outside_the_committee_or_government_is_not_met()
    {
        var verdict = Judge("BJ-2", Metrics(households: 1250, centreArea: 600m, activityArea: 400m, owner: "城乡社区"));

        Assert.Equal(RequirementState.NotMet, verdict.State);
        Assert.False(FigureOf(verdict, "产权归属").Met);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void BJ2_zero_or_missing_households_is_data_incomplete_not_met(int? households)
    {
        var verdict = Judge("BJ-2", Metrics(households: households, centreArea: 520m, activityArea: 400m, owner: "居民委员会"));

        Assert.Equal(RequirementState.DataIncomplete, verdict.State);
        Assert.Equal("数据不全", verdict.State.ChineseName());
        var area = FigureOf(verdict, "党群服务中心面积");
        Assert.Null(area.Met);
        Assert.Equal("520 m²", area.Actual);
        // The share needs no households, so it is still worked out and shown.
        Assert.Equal("76.9%", FigureOf(verdict, "居民活动区域占比").Actual);
    }

    [Fact]
    public void No_metrics_at_all_leaves_every_quantitative_requirement_data_incomplete()
    {
        var verdicts = RuleEvaluator.EvaluateAll(TaskType.ModelCommunity, null, CommunityKind.Urban, Defaults)
            .Concat(RuleEvaluator.EvaluateAll(TaskType.ServiceCapacity, null, CommunityKind.Urban, Defaults));

        Assert.All(verdicts, v => Assert.Equal(RequirementState.DataIncomplete, v.State));
    }

    [Theory]
    [InlineData(2, true, RequirementState.Met)]
    [InlineData(2, false, RequirementState.EvidenceMissing)]
    [InlineData(1, true, RequirementState.NotMet)]
    [InlineData(1, false, RequirementState.NotMet)]
    [InlineData(null, true, RequirementState.DataIncomplete)]
    public void BJ4_needs_two_consultation_projects_and_their_evidence(int? projects, bool evidence, RequirementState expected)
    {
        var verdict = Judge("BJ-4", Metrics(projects: projects), hasEvidence: evidence);

        Assert.Equal(expected, verdict.State);
        Assert.Equal("≥ 2 个", FigureOf(verdict, "年内落实协商项目").Required);
        Assert.Equal(evidence ? "已上传" : "未上传", FigureOf(verdict, "协商项目落实证明材料").Actual);
    }

    [Fact]
    public void Figures_met_without_the_evidence_the_rule_also_needs_are_evidence_missing_and_say_so()
    {
        var verdict = Judge("FW-5", Metrics(careStation: true));

        Assert.Equal(RequirementState.EvidenceMissing, verdict.State);
        Assert.Equal("缺少证明材料", verdict.State.ChineseName());
        Assert.Equal("evidence_missing", verdict.State.Code());
        Assert.Equal(new Figure("居家社区养老服务站证明材料", "已上传", "未上传", false), FigureOf(verdict, "居家社区养老服务站证明材料"));
        Assert.Contains("缺少证明材料", verdict.Explanation);
    }

    [Theory]
    [InlineData("BJ-2", false)]
    [InlineData("BJ-4", true)]
    [InlineData("BJ-5", true)]
    [InlineData("BJ-6", true)]
    [InlineData("FW-2", false)]
    [InlineData("FW-3", false)]
    [InlineData("FW-5", true)]
    public void Computed_rules_that_also_need_evidence_are_exactly_the_plans(string id, bool needsEvidence)
    {
        Assert.True(RequirementCatalogue.TryGet(id, out var requirement));
        Assert.Equal(needsEvidence, requirement.NeedsEvidence);
    }

    [Fact]
    public void BJ5_worked_figure_9800_residents_need_18_workers()
    {
        var short1 = Judge("BJ-5", Metrics(urbanPopulation: 9800, workers: 17, volunteers: true), hasEvidence: true);
        var enough = Judge("BJ-5", Metrics(urbanPopulation: 9800, workers: 18, volunteers: true), hasEvidence: true);
        var noEvidence = Judge("BJ-5", Metrics(urbanPopulation: 9800, workers: 18, volunteers: true));

        Assert.Equal(RequirementState.NotMet, short1.State);
        Assert.Equal(new Figure("社区工作者", "≥ 18 人", "17 人", false), FigureOf(short1, "社区工作者"));
        Assert.Contains("17.64", short1.Explanation);
        Assert.Equal(RequirementState.Met, enough.State);
        // The social organisations and social workers are shown only by evidence.
        Assert.Equal(RequirementState.EvidenceMissing, noEvidence.State);
        Assert.Equal(new Figure("社会组织、社会工作者队伍有效运转证明材料", "已上传", "未上传", false), FigureOf(noEvidence, "社会组织、社会工作者队伍有效运转证明材料"));
    }

    [Fact]
    public void BJ5_without_a_volunteer_team_is_not_met()
    {
        var verdict = Judge("BJ-5", Metrics(urbanPopulation: 9800, workers: 30, volunteers: false));

        Assert.Equal(RequirementState.NotMet, verdict.State);
        Assert.Equal(new Figure("社区志愿者队伍", "有", "无", false), FigureOf(verdict, "社区志愿者队伍"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void BJ5_zero_or_missing_population_is_data_incomplete(int? population)
    {
        var verdict = Judge("BJ-5", Metrics(urbanPopulation: population, workers: 30, volunteers: true));

        Assert.Equal(RequirementState.DataIncomplete, verdict.State);
        Assert.Null(FigureOf(verdict, "社区工作者").Met);
    }

    [Theory]
    [InlineData(true, true, RequirementState.Met)]
    [InlineData(true, false, RequirementState.NotMet)]
    [InlineData(true, null, RequirementState.DataIncomplete)]
    public void BJ6_needs_both_the_care_station_and_the_social_work_room(bool? station, bool? room, RequirementState expected)
    {
        var verdict = Judge("BJ-6", Metrics(careStation: station, socialWorkRoom: room), hasEvidence: true);

        Assert.Equal(expected, verdict.State);
        Assert.Equal(["居家社区养老服务站", "社会工作服务室", "养老服务站、社会工作服务室证明材料"], verdict.Figures.Select(f => f.Label));
    }

    [Theory]
    [InlineData(800, "≥ 300.0 m²")]
    [InlineData(1500, "≥ 450.0 m²")]
    public void FW2_urban_worked_figures(int households, string required)
    {
        var verdict = Judge("FW-2", Metrics(households: households, centreArea: 320m));

        Assert.Equal(required, Assert.Single(verdict.Figures).Required);
        Assert.Equal(households == 800 ? RequirementState.Met : RequirementState.NotMet, verdict.State);
    }

    [Fact]
    public void FW2_urban_area_exactly_at_threshold_is_met()
    {
        var verdict = Judge("FW-2", Metrics(households: 1500, centreArea: 450m));

        Assert.Equal(RequirementState.Met, verdict.State);
        Assert.Equal(new Figure("综合服务设施面积", "≥ 450.0 m²", "450 m²", true), Assert.Single(verdict.Figures));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void FW2_urban_with_zero_or_missing_households_is_data_incomplete(int? households)
    {
        var verdict = Judge("FW-2", Metrics(households: households, centreArea: 1000m));

        Assert.Equal(RequirementState.DataIncomplete, verdict.State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void FW2_urban_under_the_300_m2_floor_is_not_met_even_with_households_unknown(int? households)
    {
        var verdict = Judge("FW-2", Metrics(households: households, centreArea: 200m));

        Assert.Equal(RequirementState.NotMet, verdict.State);
        Assert.Equal(new Figure("综合服务设施面积", "≥ 300.0 m²", "200 m²", false), Assert.Single(verdict.Figures));
        // The explanation still names the figure that is missing.
        Assert.Contains(households is null ? "户数未填报" : "户数为 0", verdict.Explanation);
        Assert.Contains("低于城镇社区总面积下限 300.0 m²", verdict.Explanation);
    }

    [Fact]
    public void A_definite_failure_outranks_missing_figures()
    {
        var verdict = Judge("BJ-2", Metrics(owner: "其他"));

        Assert.Equal(RequirementState.NotMet, verdict.State);
        Assert.Contains("户数未填报", verdict.Explanation);
        Assert.Contains("产权归属为其他，不符合", verdict.Explanation);
    }

    [Theory]
    [InlineData(CommunityKind.AgriculturalVillage, 200, RequirementState.Met, "≥ 200.0 m²")]
    [InlineData(CommunityKind.AgriculturalVillage, 199.5, RequirementState.NotMet, "≥ 200.0 m²")]
    [InlineData(CommunityKind.PastoralVillage, 150, RequirementState.Met, "≥ 150.0 m²")]
    [InlineData(CommunityKind.PastoralVillage, 149, RequirementState.NotMet, "≥ 150.0 m²")]
    public void FW2_villages_have_a_fixed_minimum_and_need_no_households(CommunityKind kind, double area, RequirementState expected, string required)
    {
        var verdict = Judge("FW-2", Metrics(centreArea: (decimal)area), kind);

        Assert.Equal(expected, verdict.State);
        Assert.Equal(required, Assert.Single(verdict.Figures).Required);
    }

    [Theory]
    [InlineData("基层政府", RequirementState.Met)]
    [InlineData("城乡社区", RequirementState.Met)]
    [InlineData("居民委员会", RequirementState.Met)]
    [InlineData("其他", RequirementState.NotMet)]
    [InlineData(null, RequirementState.DataIncomplete)]
    public void FW3_facility_owner(string? owner, RequirementState expected)
    {
        Assert.Equal(expected, Judge("FW-3", Metrics(owner: owner)).State);
    }

    [Theory]
    [InlineData(true, RequirementState.Met)]
    [InlineData(false, RequirementState.NotMet)]
    [InlineData(null, RequirementState.DataIncomplete)]
    public void FW5_elderly_care_station(bool? station, RequirementState expected)
    {
        Assert.Equal(expected, Judge("FW-5", Metrics(careStation: station), hasEvidence: true).State);
    }

    [Theory]
    [InlineData("BJ-1")]
    [InlineData("BJ-3")]
    [InlineData("BJ-7")]
    [InlineData("FW-1")]
    [InlineData("FW-4")]
    public void Evidence_requirements_await_review_only_once_evidence_is_in(string id)
    {
        var full = Metrics(1250, 9800, 520m, 400m, "居民委员会", 20, true, 3, true, true);

        Assert.Equal(RequirementState.DataIncomplete, Judge(id, full).State);
        Assert.Equal(RequirementState.AwaitingReview, Judge(id, full, hasEvidence: true).State);
    }

    [Fact]
    public void EvaluateAll_asks_for_evidence_per_requirement()
    {
        var verdicts = RuleEvaluator.EvaluateAll(TaskType.ServiceCapacity, null, CommunityKind.Urban, Defaults, id => id == "FW-4");

        Assert.Equal(["FW-1", "FW-2", "FW-3", "FW-4", "FW-5"], verdicts.Select(v => v.RequirementId));
        Assert.Equal(RequirementState.AwaitingReview, verdicts.Single(v => v.RequirementId == "FW-4").State);
        Assert.Equal(RequirementState.DataIncomplete, verdicts.Single(v => v.RequirementId == "FW-1").State);
    }

    [Fact]
    public void Changed_thresholds_change_the_verdict()
    {
        var thresholds = new RuleThresholds { MinActivityShare = 0.55m };
        Assert.True(RequirementCatalogue.TryGet("BJ-2", out var bj2));

        var verdict = RuleEvaluator.Evaluate(bj2, Metrics(households: 1250, centreArea: 520m, activityArea: 300m, owner: "居民委员会"), CommunityKind.Urban, thresholds);

        Assert.Equal(RequirementState.Met, verdict.State);
        Assert.Equal("≥ 55.0%", FigureOf(verdict, "居民活动区域占比").Required);
    }
}
