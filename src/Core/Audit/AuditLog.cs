using Azure.Data.Tables;
using Governance.Core.Auth;
using Governance.Core.Paging;
using Governance.Core.Storage;
using Governance.Core.Problems;

namespace Governance.Core.Audit;

/// <summary>
/// Who did what, when (操作记录). Partitioned by assignment (or "general" for actions that belong
/// to none), newest first within a partition, so a reader asks one partition.
/// </summary>
public sealed class AuditLog(GovernanceStorage storage, AfterAnswer afterAnswer, TimeProvider clock)
{
    public const string GeneralPartition = "general";

    public async Task RecordAsync(Caller caller, string action, string description, string? assignmentId, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var table = await storage.TableAsync(StorageNames.AuditTable, ct);
        await table.AddEntityAsync(Entry(caller.Label, caller.TokenId, action, description, assignmentId, at, Guid.NewGuid().ToString("N")[..8]), ct);
    }

    /// <summary>
    /// Records an action that may be delivered more than once (a version's side effect re-delivered
    /// after a crash): the row key comes from <paramref name="at"/> and <paramref name="identity"/>,
    /// so a second delivery is an Add that fails 409 and leaves the one entry.
    /// </summary>
    public async Task RecordOnceAsync(string actor, string? tokenId, string action, string description, string assignmentId, DateTimeOffset at, string identity, CancellationToken ct)
    {
        var tail = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(action + "\n" + identity)))[..8];
        var table = await storage.TableAsync(StorageNames.AuditTable, ct);
        try
        {
            await table.AddEntityAsync(Entry(actor, tokenId, action, description, assignmentId, at, tail), ct);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            // Already recorded by an earlier delivery.
        }
    }

    private static TableEntity Entry(string actor, string? tokenId, string action, string description, string? assignmentId, DateTimeOffset at, string tail) =>
        new(assignmentId ?? GeneralPartition, RowKeyFor(at, tail))
        {
            ["Action"] = action,
            ["Description"] = description,
            ["Actor"] = actor,
            ["TokenId"] = tokenId,
            ["At"] = at,
        };

    public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Description);

    /// <summary>
    /// One page of one partition, newest first: an assignment's trail, or with no assignment the
    /// general trail (imports, tokens). The continuation, when not null, yields the rest.
    /// </summary>
    public async Task<Page<AuditEntry>> ReadAsync(Caller caller, string? assignmentId, PageRequest page, CancellationToken ct)
    {
        caller.EnsureStaff();
        var partition = string.IsNullOrWhiteSpace(assignmentId) ? GeneralPartition : assignmentId.Trim();
        if (partition != GeneralPartition && !Assignments.Assignment.TryYearOf(partition, out _))
        {
            var message = $"项目编号“{FieldErrors.Echo(partition)}”格式不对，应形如 2026-1a2b3c4d。";
            throw new ProblemException(400, "invalid_audit_query", "查询条件有误", message,
                new Dictionary<string, string[]> { ["assignment"] = [message] });
        }
        // Entries of report versions answered a moment ago on this instance are written after the answer.
        await afterAnswer.SettledAsync();
        var table = await storage.TableAsync(StorageNames.AuditTable, ct);
        return await TablePaging.ReadAsync(table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: ct), page,
            e => new AuditEntry(Periods.BeijingTime.ToBeijing(e.GetDateTimeOffset("At") ?? default), e.GetString("Actor") ?? "", e.GetString("Action") ?? "", e.GetString("Description") ?? ""),
            ct);
    }

    // Inverted ticks put the newest first; the tail (random, or derived from what was done) keeps two actions in one tick apart.
    private static string RowKeyFor(DateTimeOffset at, string tail) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-" + tail;
}
