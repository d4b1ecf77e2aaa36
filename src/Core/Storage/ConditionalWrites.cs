using Azure;
using Azure.Data.Tables;

namespace Governance.Core.Storage;

/// <summary>
/// The write of a read-then-write loop: add the entity when the read found none, else update it
/// If-Match the ETag read. A concurrent writer that got there first (409 on the add, 412 on the
/// update) is answered false, so the caller reads again and decides afresh.
/// </summary>
public static class ConditionalWrites
{
    public static async Task<bool> TryWriteAsync(TableClient table, TableEntity entity, TableEntity? read, TableUpdateMode mode, CancellationToken ct)
    {
        try
        {
            if (read is null)
            {
                await table.AddEntityAsync(entity, ct);
            }
            else
            {
                await table.UpdateEntityAsync(entity, read.ETag, mode, ct);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
