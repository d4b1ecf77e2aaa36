using Azure.Data.Tables;
using Governance.Core.Auth;
using Governance.Core.Storage;

namespace Governance.Core.Audit;

/// <summary>
/// Who did what, when (操作记录). Partitioned by assignment (or "general" for actions that belong
/// to none), newest first within a partition, so a reader asks one partition.
/// </summary>
public sealed class AuditLog(GovernanceStorage storage, TimeProvider clock)
{
    public const string GeneralPartition = "general";

    public async Task RecordAsync(Caller caller, string action, string description, string? assignmentId, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var entity = new TableEntity(assignmentId ?? GeneralPartition, RowKeyFor(at))
        {
            ["Action"] = action,
            ["Description"] = description,
            ["Actor"] = caller.Label,
            ["TokenId"] = caller.TokenId,
            ["At"] = at,
        };
        var table = await storage.TableAsync(StorageNames.AuditTable, ct);
        await table.AddEntityAsync(entity, ct);
    }

    public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Description);

    /// <summary>
    /// One partition, newest first: an assignment's trail, or with no assignment the general trail
    /// (imports, tokens). At most <paramref name="limit"/> entries.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(Caller caller, string? assignmentId, int limit, CancellationToken ct)
    {
        caller.EnsureStaff();
        var table = await storage.TableAsync(StorageNames.AuditTable, ct);
        var partition = string.IsNullOrWhiteSpace(assignmentId) ? GeneralPartition : assignmentId.Trim();
        var list = new List<AuditEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, maxPerPage: Math.Min(limit, 1000), cancellationToken: ct))
        {
            list.Add(new AuditEntry(Periods.BeijingTime.ToBeijing(e.GetDateTimeOffset("At") ?? default), e.GetString("Actor") ?? "", e.GetString("Action") ?? "", e.GetString("Description") ?? ""));
            if (list.Count >= limit)
            {
                break;
            }
        }
        return list;
    }

    // Inverted ticks put the newest first; the random tail keeps two actions in one tick apart.
    private static string RowKeyFor(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}
