using System.IO.Compression;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Governance.Core.Assignments;
using Governance.Core.Documents;
using Governance.Core.Periods;
using Governance.Core.Rules;

namespace Governance.Core.Evidence;

/// <summary>One evidence file as archived: its folder and entry path, and the size and SHA-256 of the bytes written.</summary>
internal sealed record ArchivedEvidence(EvidenceRecord Record, string Folder, string Path, long Size, string Sha256);

/// <summary>Where evidence files go in an archive and how their entries are written.</summary>
/// <param name="Root">Prefix of every requirement folder ("" or "evidence/").</param>
/// <param name="UploadTimeAsEntryTime">Stamp each entry with the file's upload time (Beijing) instead of the time of writing.</param>
internal sealed record EvidenceEntryLayout(string Root, CompressionLevel Compression, bool UploadTimeAsEntryTime);

/// <summary>
/// The one writer of .zip archives that carry evidence (the 证明材料包 and the 验收档案): the archive is
/// written straight into Blob storage and hashed on the way, and each evidence file is streamed from
/// its blob into its entry, so an archive's size is bounded by storage, not memory.
/// </summary>
internal static class EvidenceZip
{
    private const int BufferSize = 4 * 1024 * 1024;
    private const int CopyBufferSize = 81920;

    /// <summary>
    /// Writes <paramref name="blob"/> as a .zip whose entries <paramref name="fill"/> adds; the SHA-256
    /// and size are of exactly the bytes stored, so of what a later download returns.
    /// </summary>
    public static async Task<(string Sha256, long Size)> WriteAsync(
        BlobClient blob, Encoding? entryNameEncoding, Func<ZipArchive, Task> fill, CancellationToken ct)
    {
        var options = new BlobOpenWriteOptions { BufferSize = BufferSize, HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } };
        await using var target = await blob.OpenWriteAsync(overwrite: true, options, ct);
        var hashing = new HashingWriteStream(target);
        await using (var zip = await ZipArchive.CreateAsync(hashing, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding, ct))
        {
            await fill(zip);
        }
        await hashing.FlushAsync(ct);
        return (hashing.Sha256Hex(), hashing.BytesWritten);
    }

    /// <summary>
    /// Streams each evidence file into its own entry, in the order given: a folder per requirement
    /// (<see cref="EvidenceMessages.FolderName"/>) under <see cref="EvidenceEntryLayout.Root"/>, the
    /// file under <see cref="ArchiveNames.FileName(EvidenceRecord)"/>, made unique case-insensitively.
    /// </summary>
    public static async Task<IReadOnlyList<ArchivedEvidence>> AddEvidenceAsync(ZipArchive zip, BlobContainerClient files, Assignment assignment,
        IReadOnlyList<EvidenceRecord> records, EvidenceEntryLayout layout, CancellationToken ct)
    {
        var archived = new List<ArchivedEvidence>(records.Count);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in records)
        {
            var folder = EvidenceMessages.FolderName(r.Requirement, RequirementName(assignment, r.Requirement));
            var path = ArchiveNames.UniquePath(layout.Root + folder, ArchiveNames.FileName(r), taken);
            var entry = zip.CreateEntry(path, AlreadyCompressed(r) ? CompressionLevel.NoCompression : layout.Compression);
            if (layout.UploadTimeAsEntryTime)
            {
                entry.LastWriteTime = BeijingTime.ToBeijing(r.UploadedAt);
            }
            await using var raw = await entry.OpenAsync(ct);
            var hashing = new HashingWriteStream(raw);
            await using (var source = await files.GetBlobClient(r.BlobName).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = BufferSize }, ct))
            {
                await source.CopyToAsync(hashing, CopyBufferSize, ct);
            }
            archived.Add(new ArchivedEvidence(r, folder, path, hashing.BytesWritten, hashing.Sha256Hex()));
        }
        return archived;
    }

    private static readonly HashSet<string> CompressedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".pdf", ".docx", ".xlsx", ".pptx", ".zip",
    };

    /// <summary>
    /// JPEG, PNG, PDF and the zip-based kinds (.docx, .xlsx, .pptx, .zip) are compressed already: Deflate
    /// would spend the CPU and win nothing, so their entries are stored (ZIP method 0).
    /// </summary>
    internal static bool AlreadyCompressed(EvidenceRecord record) =>
        EvidenceFileKinds.FromContentType(record.ContentType) is not null
        || CompressedExtensions.Contains(Path.GetExtension(record.FileName));

    /// <summary>The requirement's name when it belongs to the assignment's task type; a stray id keeps its folder without one.</summary>
    private static string? RequirementName(Assignment assignment, string? requirement) =>
        requirement is not null && RequirementCatalogue.TryGet(requirement, out var r) && r.TaskType == assignment.TaskType ? r.Name : null;
}
