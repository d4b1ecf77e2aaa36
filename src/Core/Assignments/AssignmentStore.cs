using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Paging;
using Governance.Core.Problems;
using Governance.Core.Storage;

namespace Governance.Core.Assignments;

/// <summary>
/// A programme year's assignments, published whole (项目). The rows of one import live in their
/// own partition of the Assignments table, <c>{year}-{generation}</c>; the Programmes row
/// <c>(year, current)</c> names the generation in force, so an import becomes visible in the one
/// write that flips that row and a reader sees the old programme or the new one, never a mix.
/// Rows imported before generations existed sit in partition <c>{year}</c>, the generation a
/// year without a Programmes row is read from. docs/storage.md explains the choice.
/// </summary>
public sealed class AssignmentStore(GovernanceStorage storage, TimeProvider clock)
{
    private const string CurrentRow = "current";

    /// <summary>How long an import holds a year before another may take over (what a crash leaves behind).</summary>
    public static readonly TimeSpan ImportLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The Programmes row of a year as read: the partition in force, and the import holding the
    /// year if any. <see cref="ETag"/> is default when the row does not exist yet.
    /// </summary>
    public sealed record ProgrammeState(
        int Year,
        string Partition,
        string? Previous,
        string? Importing,
        DateTimeOffset? ImportStartedAt,
        ETag ETag)
    {
        public bool Exists => ETag != default;
    }

    /// <summary>An import that holds its year: it may stage rows under <see cref="Partition"/> and then publish them.</summary>
    public sealed record ImportClaim(ProgrammeState Before, string Partition, ETag ETag);

    public async Task<ProgrammeState> StateAsync(int year, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ProgrammesTable, ct);
        var key = Key(year);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(key, CurrentRow, cancellationToken: ct);
        if (!found.HasValue || found.Value is not { } e)
        {
            return new ProgrammeState(year, key, null, null, null, default);
        }
        return new ProgrammeState(year, e.GetString("Partition") ?? key, e.GetString("Previous"),
            e.GetString("Importing"), e.GetDateTimeOffset("ImportStartedAt"), e.ETag);
    }

    public async Task<IReadOnlyList<Assignment>> ListAsync(int year, string? unit, CancellationToken ct) =>
        await ListAsync(await StateAsync(year, ct), unit, ct);

    public async Task<IReadOnlyList<Assignment>> ListAsync(ProgrammeState state, string? unit, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        var filter = $"PartitionKey eq {EntityValues.Quote(state.Partition)}";
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

    /// <summary>
    /// One page of the year's assignments in force (a unit's own when <paramref name="unit"/> is
    /// set), in storage order (by id): a page cannot be sorted by serial number without reading
    /// the whole year.
    /// </summary>
    public async Task<Paging.Page<Assignment>> PageAsync(int year, string? unit, PageRequest page, CancellationToken ct)
    {
        var state = await StateAsync(year, ct);
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        var filter = $"PartitionKey eq {EntityValues.Quote(state.Partition)}";
        if (unit is not null)
        {
            filter += $" and Unit eq {EntityValues.Quote(unit)}";
        }
        return await TablePaging.ReadAsync(table.QueryAsync<TableEntity>(filter, cancellationToken: ct), page, Assignment.FromEntity, ct);
    }

    public async Task<Assignment?> FindAsync(string id, CancellationToken ct)
    {
        if (!Assignment.TryYearOf(id, out var year))
        {
            return null;
        }
        var state = await StateAsync(year, ct);
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(state.Partition, id, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? Assignment.FromEntity(e) : null;
    }

    public async Task<Assignment> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw NotFound(id);

    /// <summary>How long <see cref="GetRecentAsync"/> may answer from memory.</summary>
    public static readonly TimeSpan RecentFor = TimeSpan.FromSeconds(30);

    // Assignments read for requests (the report PUT), by id, with the time read. Bounded: cleared when full.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Assignment Assignment, DateTimeOffset ReadAt)> _recent = new(StringComparer.Ordinal);
    private const int RecentCapacity = 20_000;

    /// <summary>
    /// <see cref="GetAsync"/> for the request path, answered from memory when this instance read the
    /// assignment less than <see cref="RecentFor"/> ago: it saves the two reads (Programmes pointer,
    /// assignment row) on a clerk's repeated submissions, and the year's pointer likewise for any assignment of the year. An import published on this instance
    /// clears the memory at once; one published on another instance is seen within
    /// <see cref="RecentFor"/> (docs/storage.md). Readers that must see the latest import (the
    /// import itself, the dispatch, the views) keep using <see cref="GetAsync"/>.
    /// </summary>
    public async Task<Assignment> GetRecentAsync(string id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_recent.TryGetValue(id, out var hit) && now - hit.ReadAt < RecentFor && now >= hit.ReadAt)
        {
            return hit.Assignment;
        }
        var generation = _generation;
        var assignment = await FindUnderRecentPointerAsync(id, now, generation, ct) ?? await GetAsync(id, ct);
        if (_recent.Count >= RecentCapacity)
        {
            _recent.Clear();
        }
        // An import published while this read was in flight may have cleared the memory after it: do not refill it with the old row.
        if (generation == Volatile.Read(ref _generation))
        {
            _recent[id] = (assignment, now);
        }
        return assignment;
    }

    private long _generation;

    // The Programmes pointer of each year as read for requests, with the time read: a clerk's first
    // submission of the day then costs one point read (the row) instead of two.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (string Partition, DateTimeOffset ReadAt)> _recentPointers = new();

    private async Task<Assignment?> FindUnderRecentPointerAsync(string id, DateTimeOffset now, long generation, CancellationToken ct)
    {
        if (!Assignment.TryYearOf(id, out var year))
        {
            return null;
        }
        string partition;
        if (_recentPointers.TryGetValue(year, out var pointer) && now - pointer.ReadAt < RecentFor && now >= pointer.ReadAt)
        {
            partition = pointer.Partition;
        }
        else
        {
            partition = (await StateAsync(year, ct)).Partition;
            if (generation == Volatile.Read(ref _generation))
            {
                _recentPointers[year] = (partition, now);
            }
        }
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        // Not found (or a pointer gone stale with its generation deleted): the caller reads afresh, which also decides a 404.
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, id, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? Assignment.FromEntity(e) : null;
    }

    private void ForgetRecent()
    {
        Interlocked.Increment(ref _generation);
        _recent.Clear();
        _recentPointers.Clear();
    }

    private static ProblemException NotFound(string id) =>
        new(404, "assignment_not_found", "项目不存在", $"没有编号为“{id}”的项目。");

    /// <summary>True while another import holds the year and its lease has not run out.</summary>
    public bool IsHeld(ProgrammeState state) =>
        state.Importing is not null && state.ImportStartedAt is { } started && clock.GetUtcNow() - started < ImportLease;

    /// <summary>
    /// Takes the year for one import: writes the generation it will stage into the Programmes
    /// row with the ETag read in <paramref name="state"/> (or adds the row), so of two imports that
    /// read the same state exactly one gets the claim; the other is told 409.
    /// </summary>
    public async Task<ImportClaim> ClaimAsync(ProgrammeState state, CancellationToken ct)
    {
        if (IsHeld(state))
        {
            throw AssignmentProblems.ImportInProgress(state.Year);
        }
        var now = clock.GetUtcNow();
        var partition = $"{Key(state.Year)}-{now:yyyyMMddTHHmmssfff}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var entity = Pointer(state.Year, state.Partition, state.Previous);
        entity["Importing"] = partition;
        entity["ImportStartedAt"] = now;
        var table = await storage.TableAsync(StorageNames.ProgrammesTable, ct);
        try
        {
            var response = state.Exists
                ? await table.UpdateEntityAsync(entity, state.ETag, TableUpdateMode.Replace, ct)
                : await table.AddEntityAsync(entity, ct);
            return new ImportClaim(state, partition, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw AssignmentProblems.ImportInProgress(state.Year);
        }
    }

    /// <summary>
    /// Writes the whole new programme under the claim's partition (Adds, 100 to a transaction).
    /// Nothing reads that partition until <see cref="PublishAsync"/> flips the Programmes row.
    /// </summary>
    public async Task StageAsync(ImportClaim claim, IEnumerable<(Assignment Assignment, DateTimeOffset UpdatedAt)> rows, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.AssignmentsTable, ct);
        var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.Assignment.ToEntity(claim.Partition, r.UpdatedAt))).ToList();
        foreach (var chunk in actions.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, ct);
        }
    }

    /// <summary>
    /// Makes the staged partition the programme in one write (If-Match the claim), then deletes the
    /// generation before the one just replaced and any abandoned staging, best effort: the one just
    /// replaced stays, so a reader that read the old pointer a moment ago still finds whole rows.
    /// </summary>
    public async Task PublishAsync(ImportClaim claim, string importBlob, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.ProgrammesTable, ct);
        var entity = Pointer(claim.Before.Year, claim.Partition, claim.Before.Partition);
        entity["ImportBlob"] = importBlob;
        entity["PublishedAt"] = clock.GetUtcNow();
        try
        {
            await table.UpdateEntityAsync(entity, claim.ETag, TableUpdateMode.Replace, ct);
            ForgetRecent();
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Held past its lease and taken over: this import's rows are never published.
            await DeletePartitionQuietlyAsync(claim.Partition);
            throw AssignmentProblems.ImportInProgress(claim.Before.Year);
        }
        var stale = new[] { claim.Before.Previous, claim.Before.Importing }
            .Where(p => p is not null && p != claim.Partition && p != claim.Before.Partition);
        foreach (var partition in stale)
        {
            await DeletePartitionQuietlyAsync(partition!);
        }
    }

    /// <summary>Gives up a claim whose import failed before publishing: frees the year at once and deletes what was staged.</summary>
    public async Task AbandonAsync(ImportClaim claim)
    {
        try
        {
            var table = await storage.TableAsync(StorageNames.ProgrammesTable, CancellationToken.None);
            await table.UpdateEntityAsync(Pointer(claim.Before.Year, claim.Before.Partition, claim.Before.Previous), claim.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Already taken over, or storage is away: the lease runs out on its own.
        }
        await DeletePartitionQuietlyAsync(claim.Partition);
    }

    private async Task DeletePartitionQuietlyAsync(string partition)
    {
        try
        {
            var table = await storage.TableAsync(StorageNames.AssignmentsTable, CancellationToken.None);
            var keys = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {EntityValues.Quote(partition)}", select: ["PartitionKey", "RowKey"], cancellationToken: CancellationToken.None))
            {
                keys.Add(e);
            }
            foreach (var chunk in keys.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), CancellationToken.None);
            }
        }
        catch (RequestFailedException)
        {
            // Unreferenced rows harm no reader; the next import of the year tries again only for
            // partitions it still knows of, so an orphan may remain (see docs/storage.md).
        }
    }

    private static TableEntity Pointer(int year, string partition, string? previous) => new(Key(year), CurrentRow)
    {
        ["Partition"] = partition,
        ["Previous"] = previous,
    };

    private static string Key(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static long SerialOrder(string? serial) =>
        long.TryParse(serial, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
}

/// <summary>The Chinese wording of assignment store refusals.</summary>
public static class AssignmentProblems
{
    public static ProblemException ImportInProgress(int year) =>
        new(409, "import_in_progress", "该年度的资金分配表正在导入",
            $"{year}年度的资金分配表正有另一次导入在进行，本次未导入任何数据。请稍后查看该年度的项目，确认无误后如仍需要再重新导入。");
}
