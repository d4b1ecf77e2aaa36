using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Governance.Core.Documents;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Auth;
using Governance.Core.Periods;

namespace Governance.Core.Evidence;

/// <summary>
/// Packs an assignment's evidence into one .zip (证明材料包): a folder per requirement, the files
/// under their names as <see cref="ArchiveNames.FileName(EvidenceRecord)"/> gives them, and manifest.csv, written
/// through <see cref="EvidenceZip"/> like the acceptance dossier.
/// </summary>
public sealed class EvidenceBundles(EvidenceStore store, AssignmentStore assignments, DownloadLinks links, AuditLog audit, TimeProvider clock)
{
    public async Task<EvidenceBundleLink> CreateAsync(Caller caller, string assignmentId, CancellationToken ct)
    {
        caller.EnsureStaff();
        var assignment = await assignments.GetAsync(assignmentId, ct);
        var records = await store.ListAsync(assignment.Id, ct);
        var files = await store.FilesAsync(ct);
        var bundles = await store.BundlesAsync(ct);
        var now = clock.GetUtcNow();
        var blob = bundles.GetBlobClient(
            $"{assignment.Id}/{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.zip");
        string sha256;
        try
        {
            sha256 = await WriteAsync(blob, files, assignment, records, ct);
        }
        catch
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
        var link = await links.IssueAsync(blob,
            EvidenceMessages.BundleFileName(assignment.Community, BeijingTime.Today(clock)), "application/zip", ct);
        await audit.RecordAsync(caller, "evidence.bundle", EvidenceMessages.BundleAudit(records.Count, sha256), assignment.Id, ct);
        return new EvidenceBundleLink(link.Url, link.ExpiresAt, sha256);
    }

    private static readonly EvidenceEntryLayout Layout = new(Root: "", CompressionLevel.NoCompression, UploadTimeAsEntryTime: true);

    private static async Task<string> WriteAsync(
        BlobClient blob, BlobContainerClient files, Assignment assignment, IReadOnlyList<EvidenceRecord> records, CancellationToken ct)
    {
        var (sha256, _) = await EvidenceZip.WriteAsync(blob, entryNameEncoding: null, async zip =>
        {
            var archived = await EvidenceZip.AddEvidenceAsync(zip, files, assignment, records, Layout, ct);
            var manifest = new StringBuilder();
            manifest.Append(ArchiveNames.CsvLine(EvidenceMessages.ManifestColumns));
            foreach (var (r, folder, path, _, _) in archived)
            {
                manifest.Append(ArchiveNames.CsvLine(
                [
                    path, folder, r.Period, r.Caption, r.Size.ToString(CultureInfo.InvariantCulture), r.Sha256, r.UploadedBy,
                    BeijingTime.ToBeijing(r.UploadedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ]));
            }
            var manifestEntry = zip.CreateEntry(EvidenceMessages.ManifestName, CompressionLevel.Fastest);
            await using var manifestStream = await manifestEntry.OpenAsync(ct);
            await manifestStream.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);
            await manifestStream.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToString()), ct);
        }, ct);
        return sha256;
    }
}
