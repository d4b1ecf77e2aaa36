using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Governance.Core.Paging;
using Governance.Core.Storage;

namespace Governance.Core.Evidence;

/// <summary>
/// The Evidence table (PartitionKey = assignment id, RowKey = evidence id) and the evidence
/// container; every read is one partition or one entity. Beside each record, a claim row
/// (RowKey <c>~requirement|sha256</c>, after every evidence id) is added in the same transaction, so two
/// uploads of the same bytes for the same requirement racing each other (a retry sent while the first
/// attempt is still being stored) cannot both be recorded: the second transaction fails and re-reads.
/// Lists read the evidence ids only (<c>RowKey lt '~'</c>).
/// </summary>
public sealed class EvidenceStore(GovernanceStorage storage, Standing.StandingSummaryStore summaries)
{
    public Task<BlobContainerClient> FilesAsync(CancellationToken ct) => storage.ContainerAsync(StorageNames.EvidenceContainer, ct);

    public Task<BlobContainerClient> BundlesAsync(CancellationToken ct) => storage.ContainerAsync(StorageNames.EvidenceBundlesContainer, ct);

    public async Task<IReadOnlyList<EvidenceRecord>> ListAsync(string assignmentId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.EvidenceTable, ct);
        var list = new List<EvidenceRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(RecordsOf(assignmentId), cancellationToken: ct))
        {
            list.Add(EvidenceRecord.FromEntity(e));
        }
        return list.OrderBy(r => r.UploadedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>One page of an assignment's records, in evidence-id (row key) order.</summary>
    public async Task<Paging.Page<EvidenceRecord>> ListPageAsync(string assignmentId, PageRequest page, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.EvidenceTable, ct);
        return await TablePaging.ReadAsync(
            table.QueryAsync<TableEntity>(RecordsOf(assignmentId), cancellationToken: ct), page, EvidenceRecord.FromEntity, ct);
    }

    private static string RecordsOf(string assignmentId) => $"PartitionKey eq {EntityValues.Quote(assignmentId)} and RowKey lt '{ClaimPrefix}'";

    private const string ClaimPrefix = "~";

    /// <summary>The claim row of the bytes <paramref name="sha256"/> for <paramref name="requirement"/> (null: attached to a report).</summary>
    public static string ClaimKey(string? requirement, string sha256) => $"{ClaimPrefix}{requirement ?? ""}|{sha256}";

    public async Task<EvidenceRecord?> FindAsync(string assignmentId, string evidenceId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.EvidenceTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(assignmentId, evidenceId, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? EvidenceRecord.FromEntity(e) : null;
    }

    /// <summary>
    /// All rows of one upload land together, each with its claim: one partition transaction per 50 files.
    /// False when another upload claimed the same bytes for the same requirement first (nothing of that
    /// transaction is written): the caller reads the partition again and answers the existing record.
    /// </summary>
    public async Task<bool> AddAsync(IReadOnlyList<EvidenceRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return true;
        }
        var table = await storage.TableAsync(StorageNames.EvidenceTable, ct);
        // Noted as pending first, confirmed after: a crash in between leaves files the dispatch checks
        // one by one, never a summary that misses (or invents) a committed file.
        await summaries.NoteEvidenceAsync(records, ct);
        foreach (var chunk in records.Chunk(50))
        {
            var actions = chunk.SelectMany(r => new[]
            {
                new TableTransactionAction(TableTransactionActionType.Add, r.ToEntity()),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(r.AssignmentId, ClaimKey(r.Requirement, r.Sha256)) { ["EvidenceId"] = r.Id }),
            });
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                return false;
            }
        }
        try
        {
            await summaries.ConfirmEvidenceAsync(records, ct);
        }
        catch (Exception e) when (e is RequestFailedException or InvalidOperationException)
        {
            // The rows are stored; the next dispatch finds them by their pending notes and confirms them.
        }
        return true;
    }

    /// <summary>Deletes blobs whatever the request's fate: a refused or broken upload must leave nothing behind.</summary>
    public async Task DeleteBlobsAsync(IEnumerable<string> blobNames)
    {
        var container = await FilesAsync(CancellationToken.None);
        foreach (var name in blobNames)
        {
            try
            {
                await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }
            catch (RequestFailedException)
            {
                // Left for EvidenceJanitor, which removes blobs without rows after an hour.
            }
        }
    }
}
