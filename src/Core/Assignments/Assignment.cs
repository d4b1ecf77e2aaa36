using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Programme;
using Governance.Core.Storage;

namespace Governance.Core.Assignments;

/// <summary>An assignment (项目): one task type given to one unit for one community in a programme year.</summary>
public sealed record Assignment(
    string Id,
    int Year,
    string? SerialNumber,
    string Unit,
    string Community,
    CommunityKind CommunityKind,
    TaskType TaskType,
    decimal AllocationYuan,
    DateOnly StartDate,
    DateOnly Deadline)
{
    public ETag ETag { get; init; }

    /// <summary>When an import last changed this assignment (null for one not stored yet).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>
    /// The identity of an assignment is (year, unit, community, task type), not the row's 序号,
    /// which a re-typed table may renumber; the id is derived from it so re-imports find it.
    /// </summary>
    public static string IdFor(int year, string unit, string community, TaskType type)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{unit}\n{community}\n{type.Code()}"));
        return $"{year}-{Convert.ToHexStringLower(hash)[..8]}";
    }

    /// <summary>The programme year is the id's prefix, which gives the partition without a lookup.</summary>
    public static bool TryYearOf(string id, out int year)
    {
        year = 0;
        return id.Length == 13 && id[4] == '-' && int.TryParse(id.AsSpan(0, 4), out year) && id[5..].All(char.IsAsciiHexDigitLower);
    }

    internal TableEntity ToEntity(string partition, DateTimeOffset updatedAt) => new(partition, Id)
    {
        ["SerialNumber"] = SerialNumber,
        ["Unit"] = Unit,
        ["Community"] = Community,
        ["CommunityKind"] = CommunityKind.Code(),
        ["TaskType"] = TaskType.Code(),
        ["Allocation"] = EntityValues.Money(AllocationYuan),
        ["StartDate"] = EntityValues.Date(StartDate),
        ["Deadline"] = EntityValues.Date(Deadline),
        ["UpdatedAt"] = updatedAt,
    };

    internal static Assignment FromEntity(TableEntity e)
    {
        ProgrammeNames.TryParseTaskType(e.GetString("TaskType"), out var type);
        ProgrammeNames.TryParseCommunityKind(e.GetString("CommunityKind"), out var kind);
        return new Assignment(
            e.RowKey,
            // The partition is the year, or the year and the import's generation ("2026-2026…").
            int.Parse(e.PartitionKey.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture),
            e.GetString("SerialNumber"),
            e.GetString("Unit") ?? "",
            e.GetString("Community") ?? "",
            kind,
            type,
            EntityValues.Money(e, "Allocation"),
            EntityValues.Date(e, "StartDate"),
            EntityValues.Date(e, "Deadline"))
        { ETag = e.ETag, UpdatedAt = e.GetDateTimeOffset("UpdatedAt") };
    }

    /// <summary>True when the stored row already says what an import would write.</summary>
    public bool SameAs(Assignment other) =>
        SerialNumber == other.SerialNumber && Unit == other.Unit && Community == other.Community &&
        CommunityKind == other.CommunityKind && TaskType == other.TaskType && AllocationYuan == other.AllocationYuan &&
        StartDate == other.StartDate && Deadline == other.Deadline;
}
