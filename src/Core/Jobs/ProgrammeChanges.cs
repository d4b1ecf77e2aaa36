using Azure;
using Azure.Data.Tables;
using Governance.Core.Storage;

namespace Governance.Core.Jobs;

/// <summary>
/// When the programme's assignments last changed: one row (ProgrammeChanges, PartitionKey
/// "assignments", RowKey "last", column ChangedAt). Whatever writes assignments (the allocation
/// import) calls <see cref="MarkAsync"/> once its rows are stored; the tick reads the row — one point
/// read, and only when a period it could re-run was recorded as having nothing active — to re-run
/// such a period if the programme changed after that run started.
/// </summary>
public sealed class ProgrammeChanges(GovernanceStorage storage, TimeProvider clock)
{
    private const string Partition = "assignments";
    private const string Row = "last";

    /// <summary>
    /// Records that assignments changed now. Call it after the assignment rows are written, so the
    /// moment recorded is later than every row it stands for. The moment only moves forward: a slower
    /// writer finishing second never moves it back past a change another writer recorded.
    /// </summary>
    public async Task MarkAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ProgrammeChangesTable, ct);
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: ct);
            var row = new TableEntity(Partition, Row) { ["ChangedAt"] = now };
            try
            {
                if (!found.HasValue || found.Value is null)
                {
                    await table.AddEntityAsync(row, ct);
                }
                else if ((found.Value.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue) < now)
                {
                    await table.UpdateEntityAsync(row, found.Value.ETag, TableUpdateMode.Replace, ct);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
                // Another writer recorded a change between the read and the write: read theirs and compare again.
            }
        }
    }

    /// <summary>When assignments last changed, or null if they never were recorded as changed.</summary>
    public async Task<DateTimeOffset?> LastAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ProgrammeChangesTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, select: ["ChangedAt"], cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? e.GetDateTimeOffset("ChangedAt") : null;
    }
}
