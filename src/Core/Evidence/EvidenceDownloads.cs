using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Auth;
using Governance.Core.Documents;

namespace Governance.Core.Evidence;

/// <summary>Download links of single evidence files (证明材料下载), checked against the caller and audited.</summary>
public sealed class EvidenceDownloads(EvidenceStore store, AssignmentStore assignments, DownloadLinks links, AuditLog audit)
{
    /// <summary>GET /evidence/{id}/link: one file's link.</summary>
    public async Task<DownloadLink> LinkAsync(Caller caller, string evidenceId, CancellationToken ct)
    {
        if (!EvidenceIds.TryAssignmentOf(evidenceId, out var assignmentId))
        {
            throw EvidenceMessages.EvidenceNotFound(evidenceId);
        }
        var assignment = await assignments.GetAsync(assignmentId, ct);
        caller.EnsureUnit(assignment.Unit);
        var record = await store.FindAsync(assignmentId, evidenceId, ct) ?? throw EvidenceMessages.EvidenceNotFound(evidenceId);
        var container = await store.FilesAsync(ct);
        var link = await links.IssueAsync(container.GetBlobClient(record.BlobName), ArchiveNames.FileName(record), record.ContentType, ct);
        await audit.RecordAsync(caller, "evidence.link", EvidenceMessages.LinkAudit(record), assignmentId, ct);
        return link;
    }
}
