using Azure;
using Azure.Data.Tables;
using Governance.Core.Storage;

namespace Governance.Core.Notices;

/// <summary>
/// Notices table: PartitionKey = period, RowKey = kind code + "|" + recipient — the key is the
/// (kind, recipient, period) identity, so creating a notice twice is an Add that fails with 409
/// and writes nothing. NoticesByRecipient repeats each notice under PartitionKey = recipient,
/// RowKey = period + "|" + kind, so a unit's notices are one partition too.
/// </summary>
public sealed class NoticeStore(GovernanceStorage storage)
{
    /// <summary>Creates the notice unless one with its key exists. Returns true when this call created it.</summary>
    public async Task<bool> CreateOnceAsync(Notice notice, CancellationToken ct)
    {
        var byPeriod = await storage.TableAsync(StorageNames.NoticesTable, ct);
        var created = true;
        try
        {
            await byPeriod.AddEntityAsync(ToEntity(notice, notice.Period, $"{notice.Kind.Code()}|{notice.Recipient}"), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            created = false;
        }
        // Written (again) whether or not this call created the notice, so an index write lost by a
        // crash between the two is restored by the next run of the job.
        var byRecipient = await storage.TableAsync(StorageNames.NoticesByRecipientTable, ct);
        await byRecipient.UpsertEntityAsync(ToEntity(notice, notice.Recipient, $"{notice.Period}|{notice.Kind.Code()}"), TableUpdateMode.Merge, ct);
        return created;
    }

    public async Task<IReadOnlyList<Notice>> ListByPeriodAsync(string period, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticesTable, ct);
        return await ReadAsync(table.QueryAsync<TableEntity>(x => x.PartitionKey == period, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Notice>> ListByRecipientAsync(string recipient, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.NoticesByRecipientTable, ct);
        return await ReadAsync(table.QueryAsync<TableEntity>(x => x.PartitionKey == recipient, cancellationToken: ct));
    }

    private static async Task<IReadOnlyList<Notice>> ReadAsync(AsyncPageable<TableEntity> query)
    {
        var list = new List<Notice>();
        await foreach (var e in query)
        {
            NoticeKinds.TryParse(e.GetString("Kind"), out var kind);
            list.Add(new Notice(kind, e.GetString("Recipient")!, e.GetString("Period")!, e.GetString("Title") ?? "", e.GetString("Text") ?? "",
                (e.GetString("AssignmentIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), e.GetDateTimeOffset("CreatedAt") ?? default));
        }
        return list.OrderBy(n => n.CreatedAt).ThenBy(n => n.Kind).ToList();
    }

    private static TableEntity ToEntity(Notice n, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Kind"] = n.Kind.Code(),
        ["Recipient"] = n.Recipient,
        ["Period"] = n.Period,
        ["Title"] = n.Title,
        ["Text"] = n.Text,
        ["AssignmentIds"] = string.Join(',', n.AssignmentIds),
        ["CreatedAt"] = n.CreatedAt,
    };
}
