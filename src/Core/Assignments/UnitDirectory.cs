using Azure.Data.Tables;
using Governance.Core.Storage;

namespace Governance.Core.Assignments;

/// <summary>
/// The responsible units (责任单位) the bureau has ever allocated to. Written on import, read when
/// a unit token is issued, so a token cannot be issued for a misspelt unit.
/// </summary>
public sealed class UnitDirectory(GovernanceStorage storage)
{
    private const string Partition = "unit";

    public async Task<bool> ExistsAsync(string unit, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.UnitsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, unit, select: ["RowKey"], cancellationToken: ct);
        return found.HasValue;
    }

    public async Task EnsureAsync(IEnumerable<string> units, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.UnitsTable, ct);
        foreach (var unit in units.Distinct(StringComparer.Ordinal))
        {
            await table.UpsertEntityAsync(new TableEntity(Partition, unit), TableUpdateMode.Merge, ct);
        }
    }
}
