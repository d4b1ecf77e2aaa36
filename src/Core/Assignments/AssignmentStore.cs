using System.Globalization;
using Azure.Data.Tables;
using Governance.Core.Problems;
using Governance.Core.Storage;

namespace Governance.Core.Assignments;

/// <summary>Assignments table: PartitionKey = programme year, RowKey = assignment id.</summary>
public sealed class AssignmentStore(GovernanceStorage storage, TimeProvider clock)
{
    public async Task<IReadOnlyList<Assignment>> ListAsync(int year, string? unit, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        var filter = $"PartitionKey eq {EntityValues.Quote(year.ToString(CultureInfo.InvariantCulture))}";
        if (unit is not null)
        {
            filter += $" and Unit eq {EntityValues.Quote(unit)}";
        }
        var list = new List<Assignment>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(Assignment.FromEntity(e));
        }
        return list.OrderBy(a => SerialOrder(a.SerialNumber)).ThenBy(a => a.Unit, StringComparer.Ordinal).ThenBy(a => a.Community, StringComparer.Ordinal).ToList();
    }

    public async Task<Assignment?> FindAsync(string id, CancellationToken ct)
    {
        if (!Assignment.TryYearOf(id, out var year))
        {
            return null;
        }
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(year.ToString(CultureInfo.InvariantCulture), id, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? Assignment.FromEntity(e) : null;
    }

    public async Task<Assignment> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new ProblemException(404, "assignment_not_found", "项目不存在", $"没有编号为“{id}”的项目。");

    /// <summary>
    /// Writes the added and changed assignments of one year. Up to 100 rows go in one partition
    /// transaction, so an import of a district's table lands whole or not at all; each update
    /// carries the ETag read before, so a concurrent import fails instead of being overwritten.
    /// </summary>
    public async Task SaveAsync(int year, IReadOnlyList<Assignment> added, IReadOnlyList<Assignment> changed, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        var now = clock.GetUtcNow();
        var actions = added.Select(a => new TableTransactionAction(TableTransactionActionType.Add, a.ToEntity(now)))
            .Concat(changed.Select(a => new TableTransactionAction(TableTransactionActionType.UpdateReplace, a.ToEntity(now), a.ETag)))
            .ToList();
        foreach (var chunk in actions.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, ct);
        }
    }

    private static long SerialOrder(string? serial) =>
        long.TryParse(serial, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
}
