using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Programme;
using Governance.Core.Storage;

namespace Governance.Core.Applications;

/// <summary>
/// Applications table: PartitionKey = the year applied for, RowKey = the id derived from (year,
/// unit, community, task type) as for assignments, so one unit's application for one community's
/// task exists once and staff read a year as one partition.
/// </summary>
public sealed class ApplicationStore(GovernanceStorage storage)
{
    /// <summary>False when the same application exists already.</summary>
    public async Task<bool> TryAddAsync(ApplicationRecord a, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        var table = await storage.TableAsync(StorageNames.ApplicationsTable, ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(a.Year.ToString(CultureInfo.InvariantCulture), a.Id)
            {
                ["Unit"] = a.Unit,
                ["TaskType"] = a.TaskType.Code(),
                ["Community"] = a.Community,
                ["Reason"] = a.Reason,
                ["SubmittedAt"] = a.SubmittedAt,
                ["SubmittedBy"] = a.SubmittedBy,
                ["PriorityAtSubmission"] = a.PriorityAtSubmission,
                ["PriorityReason"] = a.PriorityReason,
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ApplicationRecord>> ListAsync(int year, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ApplicationsTable, ct);
        var partition = year.ToString(CultureInfo.InvariantCulture);
        var list = new List<ApplicationRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: ct))
        {
            ProgrammeNames.TryParseTaskType(e.GetString("TaskType"), out var type);
            list.Add(new ApplicationRecord(year, e.RowKey, e.GetString("Unit") ?? "", type, e.GetString("Community") ?? "", e.GetString("Reason") ?? "",
                e.GetDateTimeOffset("SubmittedAt") ?? default, e.GetString("SubmittedBy") ?? "",
                e.GetBoolean("PriorityAtSubmission") ?? false, e.GetString("PriorityReason")));
        }
        return list;
    }
}
