using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Governance.Core.Documents;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Auth;
using Governance.Core.Periods;
using Governance.Core.Rules;

namespace Governance.Core.Evidence;

/// <summary>
/// Packs an assignment's evidence into one .zip (证明材料包): a folder per requirement, the files
/// under their names as <see cref="ArchiveNames.FileName(EvidenceRecord)"/> gives them, and manifest.csv. The archive is written straight into Blob
/// storage and each file streamed into its entry, so its size is bounded by storage, not memory.
/// </summary>
public sealed class EvidenceBundles(EvidenceStore store, AssignmentStore assignments, EvidenceLinks links, AuditLog audit, TimeProvider clock)
{
    private const int BufferSize = 4 * 1024 * 1024;

    public async Task<EvidenceBundleLink> CreateAsync(Caller caller, string assignmentId, CancellationToken ct)
    {
        caller.EnsureStaff();
        var assignment = await assignments.GetAsync(assignmentId, ct);
        var records = await store.ListAsync(assignment.Id, ct);
        var files = await store.FilesAsync(ct);
        var bundles = await store.BundlesAsync(ct);
        var now = clock.GetUtcNow();
        var blob = bundles.GetBlockBlobClient(
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
        var link = await links.IssueAsync(bundles.GetBlobClient(blob.Name),
            EvidenceMessages.BundleFileName(assignment.Community, BeijingTime.Today(clock)), "application/zip", ct);
        await audit.RecordAsync(caller, "evidence.bundle", EvidenceMessages.BundleAudit(records.Count, sha256), assignment.Id, ct);
        return new EvidenceBundleLink(link.Url, link.ExpiresAt, sha256);
    }

    private static async Task<string> WriteAsync(
        BlockBlobClient blob, BlobContainerClient files, Assignment assignment, IReadOnlyList<EvidenceRecord> records, CancellationToken ct)
    {
        var openWrite = new BlockBlobOpenWriteOptions { BufferSize = BufferSize, HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } };
        await using var target = await blob.OpenWriteAsync(overwrite: true, openWrite, ct);
        var hashing = new HashingWriteStream(target);
        await using (var zip = await ZipArchive.CreateAsync(hashing, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
        {
            var manifest = new StringBuilder();
            manifest.Append(ArchiveNames.CsvLine(EvidenceMessages.ManifestColumns));
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in records)
            {
                var folder = EvidenceMessages.FolderName(r.Requirement, RequirementName(assignment, r.Requirement));
                var path = ArchiveNames.UniquePath(folder, ArchiveNames.FileName(r), taken);
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                entry.LastWriteTime = BeijingTime.ToBeijing(r.UploadedAt);
                await using (var entryStream = await entry.OpenAsync(ct))
                {
                    var source = files.GetBlobClient(r.BlobName);
                    await using var content = await source.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = BufferSize }, ct);
                    await content.CopyToAsync(entryStream, 81920, ct);
                }
                manifest.Append(ArchiveNames.CsvLine(
                [
                    path, folder, r.Period, r.Caption, r.Size.ToString(CultureInfo.InvariantCulture), r.Sha256, r.UploadedBy,
                    BeijingTime.ToBeijing(r.UploadedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ]));
            }
            var manifestEntry = zip.CreateEntry(EvidenceMessages.ManifestName, CompressionLevel.Fastest);
            await using (var manifestStream = await manifestEntry.OpenAsync(ct))
            {
                await manifestStream.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);
                await manifestStream.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToString()), ct);
            }
        }
        await hashing.FlushAsync(ct);
        return hashing.Sha256Hex();
    }

    private static string? RequirementName(Assignment assignment, string? requirement) =>
        requirement is not null && RequirementCatalogue.TryGet(requirement, out var r) && r.TaskType == assignment.TaskType ? r.Name : null;


}
