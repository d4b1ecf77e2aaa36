using Governance.Core.Programme;
using Governance.Core.Problems;
using Governance.Core.Rules;

namespace Governance.Core.Tests;

public sealed class RequirementCatalogueTests
{
    [Fact]
    public void The_plan_has_seven_model_community_and_five_service_capacity_requirements()
    {
        Assert.Equal(["BJ-1", "BJ-2", "BJ-3", "BJ-4", "BJ-5", "BJ-6", "BJ-7"], RequirementCatalogue.For(TaskType.ModelCommunity).Select(r => r.Id));
        Assert.Equal(["FW-1", "FW-2", "FW-3", "FW-4", "FW-5"], RequirementCatalogue.For(TaskType.ServiceCapacity).Select(r => r.Id));
        Assert.Equal(12, RequirementCatalogue.All.Count);
    }

    [Theory]
    [InlineData("BJ-1", RuleKind.Evidence)]
    [InlineData("BJ-2", RuleKind.CentreArea)]
    [InlineData("BJ-3", RuleKind.Evidence)]
    [InlineData("BJ-4", RuleKind.ConsultationProjects)]
    [InlineData("BJ-5", RuleKind.CommunityWorkers)]
    [InlineData("BJ-6", RuleKind.CareAndSocialWork)]
    [InlineData("BJ-7", RuleKind.Evidence)]
    [InlineData("FW-1", RuleKind.Evidence)]
    [InlineData("FW-2", RuleKind.FacilityArea)]
    [InlineData("FW-3", RuleKind.FacilityOwner)]
    [InlineData("FW-4", RuleKind.Evidence)]
    [InlineData("FW-5", RuleKind.CareStation)]
    public void Each_requirement_is_judged_by_its_rule_kind(string id, RuleKind kind)
    {
        Assert.True(RequirementCatalogue.TryGet(id, out var requirement));
        Assert.Equal(kind, requirement.Kind);
        Assert.False(string.IsNullOrWhiteSpace(requirement.Name));
        Assert.False(string.IsNullOrWhiteSpace(requirement.RuleText));
    }

    [Fact]
    public void Unknown_ids_are_not_found()
    {
        Assert.False(RequirementCatalogue.TryGet("BJ-8", out _));
        Assert.False(RequirementCatalogue.TryGet("FW-2 ", out _));
    }

    [Theory]
    [InlineData(RequirementState.Met, "达标", "met")]
    [InlineData(RequirementState.NotMet, "未达标", "not_met")]
    [InlineData(RequirementState.DataIncomplete, "数据不全", "data_incomplete")]
    [InlineData(RequirementState.AwaitingReview, "待审核", "awaiting_review")]
    [InlineData(RequirementState.ReviewPassed, "已审核通过", "review_passed")]
    [InlineData(RequirementState.ReviewFailed, "已审核不通过", "review_failed")]
    public void States_have_their_chinese_names_and_codes(RequirementState state, string chinese, string code)
    {
        Assert.Equal(chinese, state.ChineseName());
        Assert.Equal(code, state.Code());
    }
}

public sealed class CommunityMetricsTests
{
    private static IReadOnlyDictionary<string, string[]> Errors(CommunityMetrics metrics)
    {
        var errors = new FieldErrors();
        metrics.Validate(errors);
        return errors.ToDictionary();
    }

    [Fact]
    public void Negative_figures_are_refused_field_by_field()
    {
        var errors = Errors(new(-1, -2, -3m, -4m, null, -5, null, -6, null, null));

        Assert.Equal(["服务中心面积不能为负数"], errors["metrics.centreArea"]);
        Assert.Equal(["户数不能为负数"], errors["metrics.households"]);
        Assert.Equal(
            ["metrics.activityArea", "metrics.centreArea", "metrics.communityWorkers", "metrics.consultationProjects", "metrics.households", "metrics.urbanPopulation"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_activity_area_larger_than_the_centre_is_refused()
    {
        var errors = Errors(new(100, null, 300m, 301m, null, null, null, null, null, null));

        Assert.Equal(["居民活动区域面积不能大于服务中心面积"], errors["metrics.activityArea"]);
    }

    [Fact]
    public void An_unknown_owner_is_refused_and_the_four_known_ones_pass()
    {
        Assert.True(Errors(new(null, null, null, null, "物业公司", null, null, null, null, null)).ContainsKey("metrics.facilityOwner"));
        foreach (var owner in new[] { "居民委员会", "基层政府", "城乡社区", "其他" })
        {
            Assert.Empty(Errors(new(1250, 9800, 520m, 300m, owner, 18, true, 2, true, true)));
        }
    }

    [Fact]
    public void The_prefix_names_the_fields()
    {
        var errors = new FieldErrors();
        new CommunityMetrics(-1, null, null, null, null, null, null, null, null, null).Validate(errors, "");

        Assert.True(errors.ToDictionary().ContainsKey("households"));
    }
}
