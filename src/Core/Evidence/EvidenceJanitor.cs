using Microsoft.Extensions.Logging;

namespace Governance.Core.Evidence;

/// <summary>
/// Removes evidence blobs that have no row an hour after they were written: what a crash between
/// "blob first" and "row second" leaves behind. Younger blobs may belong to an upload in flight.
/// </summary>
public sealed class EvidenceJanitor(EvidenceStore store, TimeProvider clock, ILogger<EvidenceJanitor> log)
{
    public static readonly TimeSpan OrphanAge = TimeSpan.FromHours(1);

    /// <summary>Deletes orphaned blobs and answers how many were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var container = await store.FilesAsync(ct);
        var cutoff = clock.GetUtcNow() - OrphanAge;
        var removed = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: ct))
        {
            if (blob.Properties.LastModified is not { } modified || modified > cutoff)
            {
                continue;
            }
            var recorded = EvidenceIds.TryParseBlobName(blob.Name, out var assignmentId, out var evidenceId)
                && await store.FindAsync(assignmentId, evidenceId, ct) is not null;
            if (!recorded)
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct);
                log.LogInformation("Deleted evidence blob {Blob} without a record, last modified {Modified:o}", blob.Name, modified);
                removed++;
            }
        }
        return removed;
    }
}
