using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Auth;
using Governance.Core.Documents;
using Governance.Core.Paging;
using Governance.Core.Periods;

namespace Governance.Core.Evidence;

/// <summary>
/// The evidence records of an assignment (证明材料清单): listed a page at a time, each file with
/// a fresh download link, and the requirements they cover (an input of the hasEvidence rule).
/// </summary>
public sealed class EvidenceRecords(EvidenceStore store, AssignmentStore assignments, DownloadLinks links, AuditLog audit)
{
    /// <summary>The requirements of an assignment that have at least one evidence file (for the hasEvidence rule input).</summary>
    public async Task<IReadOnlySet<string>> RequirementsWithEvidenceAsync(string assignmentId, CancellationToken ct) =>
        (await store.ListAsync(assignmentId, ct)).Where(r => r.Requirement is not null).Select(r => r.Requirement!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// GET /assignments/{id}/evidence: one page of the files, each with a fresh link (links are
    /// signed only for the page answered). Files come in evidence-id order, which is stable
    /// across pages; the upload time is on each item.
    /// </summary>
    public async Task<Page<EvidenceListItem>> ListAsync(Caller caller, string assignmentId, PageRequest page, CancellationToken ct)
    {
        var assignment = await assignments.GetAsync(assignmentId, ct);
        caller.EnsureUnit(assignment.Unit);
        var records = await store.ListPageAsync(assignment.Id, page, ct);
        var container = await store.FilesAsync(ct);
        var items = new List<EvidenceListItem>(records.Items.Count);
        foreach (var r in records.Items)
        {
            var fileName = ArchiveNames.FileName(r);
            var link = await links.IssueAsync(container.GetBlobClient(r.BlobName), fileName, r.ContentType, ct);
            items.Add(new EvidenceListItem(r.Id, fileName, r.Requirement, r.Period, r.Caption, r.Size, r.Sha256, r.ContentType,
                r.UploadedBy, BeijingTime.ToBeijing(r.UploadedAt), link.Url, link.ExpiresAt));
        }
        if (items.Count > 0)
        {
            await audit.RecordAsync(caller, "evidence.list", EvidenceMessages.ListAudit(items.Count), assignment.Id, ct);
        }
        return new Page<EvidenceListItem>(items, records.Continuation);
    }
}
