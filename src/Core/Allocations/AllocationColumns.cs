namespace Governance.Core.Allocations;

/// <summary>The columns of the allocation table, by their Chinese header, with the JSON aliases.</summary>
public static class AllocationColumns
{
    public const string SerialNumber = "序号";
    public const string Unit = "责任单位";
    public const string Community = "承接项目社区";
    public const string Amount = "分配金额";
    public const string TaskType = "任务类型";
    public const string CommunityKind = "社区类型";
    public const string StartDate = "开始日期";
    public const string Deadline = "截止日期";

    public static IReadOnlyList<string> Required { get; } = [Unit, Community, Amount];

    private static readonly Dictionary<string, string> ByHeader = new(StringComparer.OrdinalIgnoreCase)
    {
        [SerialNumber] = SerialNumber,
        [Unit] = Unit,
        [Community] = Community,
        [Amount] = Amount,
        [TaskType] = TaskType,
        [CommunityKind] = CommunityKind,
        [StartDate] = StartDate,
        [Deadline] = Deadline,
        ["serialNumber"] = SerialNumber,
        ["unit"] = Unit,
        ["community"] = Community,
        ["amount"] = Amount,
        ["taskType"] = TaskType,
        ["communityKind"] = CommunityKind,
        ["startDate"] = StartDate,
        ["deadline"] = Deadline,
    };

    /// <summary>The canonical Chinese column for a header cell or JSON key; null for a column we do not use.</summary>
    public static string? Canonical(string? header) =>
        header is not null && ByHeader.TryGetValue(header.Trim(), out var column) ? column : null;
}
