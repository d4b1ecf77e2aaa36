namespace Governance.Core.Rules;

/// <summary>Where a requirement (创建要求) stands for one assignment.</summary>
public enum RequirementState
{
    /// <summary>达标: every computed check passed.</summary>
    Met,

    /// <summary>未达标: a computed check failed.</summary>
    NotMet,

    /// <summary>数据不全: a figure the rule needs was not reported (or is zero where the rule divides by it).</summary>
    DataIncomplete,

    /// <summary>缺少证明材料: the figures hold, but the evidence the requirement also needs has not been uploaded.</summary>
    EvidenceMissing,

    /// <summary>待审核: evidence is in and waits for a staff judgement.</summary>
    AwaitingReview,

    /// <summary>已审核通过</summary>
    ReviewPassed,

    /// <summary>已审核不通过</summary>
    ReviewFailed,
}

/// <summary>The wire codes and Chinese names of requirement states.</summary>
public static class RequirementStateNames
{
    public static string ChineseName(this RequirementState state) => state switch
    {
        RequirementState.Met => "达标",
        RequirementState.NotMet => "未达标",
        RequirementState.DataIncomplete => "数据不全",
        RequirementState.EvidenceMissing => "缺少证明材料",
        RequirementState.AwaitingReview => "待审核",
        RequirementState.ReviewPassed => "已审核通过",
        RequirementState.ReviewFailed => "已审核不通过",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Code(this RequirementState state) => state switch
    {
        RequirementState.Met => "met",
        RequirementState.NotMet => "not_met",
        RequirementState.DataIncomplete => "data_incomplete",
        RequirementState.EvidenceMissing => "evidence_missing",
        RequirementState.AwaitingReview => "awaiting_review",
        RequirementState.ReviewPassed => "review_passed",
        RequirementState.ReviewFailed => "review_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
