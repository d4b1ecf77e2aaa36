using Governance.Core.Programme;

namespace Governance.Core.Allocations;

/// <summary>
/// What an allocation table may leave out. The 2023 table (附件1) has no 任务类型 column: the plan
/// names the task of each community in its text, so the community decides the task by default.
/// </summary>
public sealed class AllocationDefaults
{
    public const string Section = "Allocations";

    /// <summary>Community → task type code or Chinese name, used when a row has no 任务类型.</summary>
    public Dictionary<string, string> TaskTypeByCommunity { get; set; } = new(StringComparer.Ordinal)
    {
        ["田园社区"] = TaskType.ServiceCapacity.Code(),
        ["新园社区"] = TaskType.ModelCommunity.Code(),
    };
}
