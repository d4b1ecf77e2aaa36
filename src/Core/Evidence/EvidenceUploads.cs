using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Auth;
using Governance.Core.Documents;
using Governance.Core.Input;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Programme;
using Governance.Core.Rules;
using Microsoft.Extensions.Options;

namespace Governance.Core.Evidence;

/// <summary>
/// Receiving evidence files (证明材料上传): each file part of an <see cref="IncomingForm"/> is
/// streamed straight into Blob storage (hashed, measured and sniffed on the way, never held
/// whole), then recorded in one go or discarded. Blob first, row second: a refused, broken or
/// crashed upload leaves no row, and its blob is deleted at once or by <see cref="EvidenceJanitor"/>.
/// </summary>
public sealed class EvidenceUploads(
    EvidenceStore store,
    AssignmentStore assignments,
    AuditLog audit,
    IOptions<EvidenceOptions> options,
    TimeProvider clock)
{
    public const int MaxCaptionLength = 200;

    // How a file part goes to Blob storage, chosen by measurement (docs/benchmarks.md, "Transfers"):
    // - A part larger than a block whose length the request's framing predicts (the body's last part,
    //   with a Content-Length): one Put Blob streamed as the part is read, no buffers, no MD5 here; the
    //   service does the same work as for any Put Blob. A wrong prediction is repaired, never trusted
    //   (UploadDeclaredAsync).
    // - Otherwise 8 MB blocks, one being sent while the next is read (and hashed): memory per upload is
    //   BlockBuffers pooled 8 MB buffers (16 MB) plus the multipart reader's 64 KB, whatever the
    //   file's size. 4 MB blocks were slower (more requests), 16 MB no faster, more in flight bought
    //   nothing on two cores.
    // - A file up to 8 MB (most photos and scans) goes in one Put Blob.
    // - A transactional MD5 on every block, computed here as the pooled buffer fills: the service checks
    //   each block on arrival, and a block without one is checksummed by Azurite with a CRC-64 in
    //   JavaScript, which made staging four times slower than the upload itself. (The SDK's own MD5
    //   option copies every block, which doubled the managed garbage of an upload.)
    private const int BlockBytes = 8 * 1024 * 1024;
    private const int BlockBuffers = 2;

    /// <summary>POST /assignments/{id}/evidence: the requirement, period and caption fields, and one or more files.</summary>
    public async Task<EvidenceUploadResult> UploadAsync(Caller caller, string assignmentId, IncomingForm form, CancellationToken ct)
    {
        var assignment = await assignments.GetAsync(assignmentId, ct);
        caller.EnsureUnit(assignment.Unit);
        var upload = await ReceiveAsync(assignment, form, ct);
        string requirement;
        MonthPeriod period;
        try
        {
            (requirement, period) = ValidateFields(assignment, upload);
        }
        catch
        {
            await DiscardAsync(upload);
            throw;
        }
        return new EvidenceUploadResult(await CommitAsync(caller, assignment, upload, requirement, period, upload.Fields.GetValueOrDefault("caption"), ct));
    }

    /// <summary>
    /// Reads a multipart body part by part: text fields are kept, each file part is streamed into
    /// its own blob under a random name. Refusals (not multipart, type, size, empty file, broken
    /// body, a file name the text policy refuses) delete every blob staged so far and throw a
    /// <see cref="ProblemException"/>.
    /// </summary>
    public async Task<ReceivedUpload> ReceiveAsync(Assignment assignment, IncomingForm form, CancellationToken ct)
    {
        if (form.Format != FormFormat.Multipart)
        {
            throw EvidenceMessages.NotMultipart(form.ContentType);
        }
        var files = new List<StagedFile>();
        var staged = new List<string>();
        // File names the text policy refuses, by form field and position among that field's files;
        // every name is checked so the answer lists them all, and nothing more is staged after the first.
        var refusedNames = new List<(string Field, int Index, string Violation)>();
        var filesPerField = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var container = await store.FilesAsync(ct);
            while (await form.NextFileAsync(ct) is { } file)
            {
                var field = file.Name.Length == 0 ? "file" : file.Name;
                var index = filesPerField.GetValueOrDefault(field);
                filesPerField[field] = index + 1;
                if (FileNameViolation(file.FileName) is { } violation)
                {
                    refusedNames.Add((field, index, violation));
                }
                else if (refusedNames.Count == 0)
                {
                    files.Add(await StageAsync(assignment.Id, container, file, staged, ct));
                }
            }
            if (refusedNames.Count > 0)
            {
                var errors = new FieldErrors();
                foreach (var (field, index, violation) in refusedNames)
                {
                    var several = filesPerField[field] > 1;
                    errors.Add(several ? $"{field}[{index}]" : field, EvidenceMessages.FileNameRefused(several ? index + 1 : null, violation));
                }
                errors.ThrowIfAny("invalid_file_name", EvidenceMessages.InvalidTitle);
            }
        }
        catch (Exception e)
        {
            await store.DeleteBlobsAsync(staged);
            if (Translate(e, ct) is { } problem)
            {
                throw problem;
            }
            ExceptionDispatchInfo.Capture(e).Throw();
            throw;
        }
        return new ReceivedUpload(assignment.Id, form.AllFields, files);
    }

    /// <summary>
    /// Records the staged files under one requirement (null: attached to a monthly report) and
    /// month. A file whose bytes are already recorded for the same assignment and requirement
    /// answers the existing record (duplicate) and its new blob is deleted. On refusal or failure
    /// the staged blobs are deleted and nothing is written.
    /// </summary>
    public async Task<IReadOnlyList<EvidenceItem>> CommitAsync(
        Caller caller, Assignment assignment, ReceivedUpload upload, string? requirement, MonthPeriod period, string? caption, CancellationToken ct)
    {
        var results = new List<(EvidenceRecord Record, bool Duplicate)>();
        var duplicateBlobs = new List<string>();
        try
        {
            if (upload.AssignmentId != assignment.Id)
            {
                throw new ArgumentException("The upload was received for another assignment.", nameof(upload));
            }
            var errors = new FieldErrors();
            if (requirement is not null && !BelongsTo(assignment.TaskType, requirement))
            {
                errors.Add("requirement", EvidenceMessages.UnknownRequirement(requirement, assignment.TaskType.ChineseName()));
            }
            caption = string.IsNullOrWhiteSpace(caption) ? null : caption.Trim();
            if (caption is { Length: > MaxCaptionLength })
            {
                errors.Add("caption", EvidenceMessages.CaptionTooLong(MaxCaptionLength));
            }
            TextPolicy.Check("caption", caption, errors);
            errors.ThrowIfAny("invalid_evidence", EvidenceMessages.InvalidTitle);

            var now = clock.GetUtcNow();
            for (var attempt = 0; ; attempt++)
            {
                results.Clear();
                duplicateBlobs.Clear();
                var known = new Dictionary<(string, string), EvidenceRecord>();
                foreach (var r in await store.ListAsync(assignment.Id, ct))
                {
                    known.TryAdd((r.Requirement ?? "", r.Sha256), r);
                }
                var added = new List<EvidenceRecord>();
                foreach (var file in upload.Files)
                {
                    if (known.TryGetValue((requirement ?? "", file.Sha256), out var existing))
                    {
                        // This upload's own row, stored by an earlier attempt (a later chunk lost its race), is not a duplicate.
                        var own = existing.Id == file.EvidenceId;
                        results.Add((existing, !own));
                        if (!own)
                        {
                            duplicateBlobs.Add(file.BlobName);
                        }
                        continue;
                    }
                    var record = new EvidenceRecord(file.EvidenceId, assignment.Id, file.FileName, requirement, period.ToString(), caption,
                        file.Size, file.Sha256, file.ContentType, file.BlobName, caller.Label, now);
                    known[(requirement ?? "", file.Sha256)] = record;
                    added.Add(record);
                    results.Add((record, false));
                }
                if (await store.AddAsync(added, ct))
                {
                    break;
                }
                // Another upload recorded the same bytes a moment ago (a retry racing its first attempt): read again.
                if (attempt >= 4)
                {
                    throw new InvalidOperationException($"Evidence of {assignment.Id} kept being claimed by other uploads.");
                }
            }
        }
        catch
        {
            await DiscardAsync(upload);
            throw;
        }
        await store.DeleteBlobsAsync(duplicateBlobs);
        foreach (var (record, duplicate) in results)
        {
            await audit.RecordAsync(caller, duplicate ? "evidence.upload.duplicate" : "evidence.upload",
                EvidenceMessages.UploadAudit(record, duplicate), assignment.Id, CancellationToken.None);
        }
        return results.Select(r => EvidenceItem.Of(r.Record, r.Duplicate)).ToList();
    }

    /// <summary>Deletes every blob the upload staged; call it when the request carrying the files is refused.</summary>
    public Task DiscardAsync(ReceivedUpload upload) => store.DeleteBlobsAsync(upload.Files.Select(f => f.BlobName));

    private (string Requirement, MonthPeriod Period) ValidateFields(Assignment assignment, ReceivedUpload upload)
    {
        var errors = new FieldErrors();
        var requirement = upload.Fields.GetValueOrDefault("requirement")?.Trim();
        if (string.IsNullOrEmpty(requirement))
        {
            errors.Add("requirement", EvidenceMessages.MissingRequirement);
        }
        else if (!BelongsTo(assignment.TaskType, requirement))
        {
            errors.Add("requirement", EvidenceMessages.UnknownRequirement(requirement, assignment.TaskType.ChineseName()));
        }
        if (upload.Fields.GetValueOrDefault("caption") is { } caption)
        {
            if (caption.Trim().Length > MaxCaptionLength)
            {
                errors.Add("caption", EvidenceMessages.CaptionTooLong(MaxCaptionLength));
            }
            TextPolicy.Check("caption", caption, errors);
        }
        if (upload.Files.Count == 0)
        {
            errors.Add("file", EvidenceMessages.MissingFile);
        }
        MonthPeriod period = default;
        try
        {
            period = ReportingPeriods.Validate(assignment, upload.Fields.GetValueOrDefault("period")?.Trim(), clock);
        }
        catch (ProblemException) when (!errors.Any)
        {
            throw;
        }
        catch (ProblemException p)
        {
            foreach (var (field, messages) in p.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }
        errors.ThrowIfAny("invalid_evidence", EvidenceMessages.InvalidTitle);
        return (requirement!, period);
    }

    private static bool BelongsTo(TaskType type, string requirement) =>
        RequirementCatalogue.For(type).Any(r => string.Equals(r.Id, requirement, StringComparison.Ordinal));

    private async Task<StagedFile> StageAsync(
        string assignmentId, BlobContainerClient container, IncomingFile file, List<string> staged, CancellationToken ct)
    {
        var sentName = file.FileName;
        var fileName = DisplayName(sentName);
        var evidenceId = EvidenceIds.New(assignmentId);
        var blobName = EvidenceIds.BlobName(assignmentId, evidenceId);
        staged.Add(blobName);
        var max = options.Value.MaxFileBytes;
        await using var measuring = new MeasuringReadStream(file.Content, max);
        try
        {
            var blob = container.GetBlockBlobClient(blobName);
            if (file.ExpectedLength is { } expected && expected > BlockBytes && expected <= max)
            {
                await UploadDeclaredAsync(blob, measuring, expected, ct);
            }
            else
            {
                await UploadPartAsync(blob, measuring, ct);
            }
        }
        catch (Exception) when (measuring.Refusal != PartRefusal.None)
        {
            throw measuring.Refusal == PartRefusal.TooLarge
                ? EvidenceMessages.FileTooLarge(fileName, max)
                : EvidenceMessages.UnsupportedFileType(fileName);
        }
        if (measuring.BytesRead == 0)
        {
            throw EvidenceMessages.EmptyFile(fileName);
        }
        if (measuring.Kind is not { } kind)
        {
            throw EvidenceMessages.UnsupportedFileType(fileName);
        }
        // Stored under the name it is downloaded and archived under: the sniffed kind's extension, never a device name.
        var storedName = ArchiveNames.FileName(sentName, kind, ArchiveNames.GeneratedStem(evidenceId));
        return new StagedFile(evidenceId, blobName, file.Name, storedName, measuring.BytesRead, measuring.Sha256Hex(), kind);
    }

    /// <summary>
    /// Streams <paramref name="source"/> into <paramref name="blob"/>: one Put Blob when it fits one
    /// block, else blocks staged from <see cref="BlockBuffers"/> pooled buffers, each sent while the
    /// next is read, and committed in order. A failure while reading (a refusal of the measuring
    /// pass) leaves only uncommitted blocks, which the service drops.
    /// </summary>
    private static async Task UploadPartAsync(BlockBlobClient blob, Stream source, CancellationToken ct)
    {
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var sending = new Queue<(Task Task, byte[] Buffer)>();
        var ids = new List<string>();
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        byte[]? reading = pool.Rent(BlockBytes);
        try
        {
            var length = await FillAsync(source, reading, md5, ct);
            if (length < BlockBytes)
            {
                md5.GetHashAndReset();
                await blob.UploadAsync(new MemoryStream(reading, 0, length, writable: false), new BlobUploadOptions
                {
                    // One request; Put Blob is checksummed by the service itself (MD5, stored as the blob's Content-MD5).
                    TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes },
                }, ct);
                return;
            }
            while (length > 0)
            {
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(ids.Count.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)));
                ids.Add(id);
                var validation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = md5.GetHashAndReset() };
                sending.Enqueue((blob.StageBlockAsync(id, new MemoryStream(reading, 0, length, writable: false),
                    new BlockBlobStageBlockOptions { TransferValidation = validation }, ct), reading));
                reading = null;
                if (length < BlockBytes)
                {
                    break;
                }
                if (sending.Count >= BlockBuffers)
                {
                    // Reuse the buffer of the oldest request once it is done (it is held until then: the request reads from it).
                    var (done, buffer) = sending.Dequeue();
                    reading = buffer;
                    await done;
                }
                else
                {
                    reading = pool.Rent(BlockBytes);
                }
                length = await FillAsync(source, reading, md5, ct);
            }
            while (sending.Count > 0)
            {
                var (done, buffer) = sending.Peek();
                await done;
                sending.Dequeue();
                pool.Return(buffer);
            }
            await blob.CommitBlockListAsync(ids, cancellationToken: ct);
        }
        finally
        {
            // No buffer goes back to the pool while a request may still be sending from it.
            foreach (var (task, buffer) in sending)
            {
                try
                {
                    await task;
                }
                catch (Exception)
                {
                    // The upload has already failed; its first error is the one that propagates.
                }
                pool.Return(buffer);
            }
            if (reading is not null)
            {
                pool.Return(reading);
            }
        }
    }

    /// <summary>
    /// Streams <paramref name="source"/> into <paramref name="blob"/> as one Put Blob of the length
    /// the request's framing predicts, as it is read: no block buffers, no checksum computed here (the
    /// service checks the body against its Content-Length and computes the blob's MD5 itself). When
    /// the part turns out shorter (a field or file follows it) or longer (an unusual closing
    /// delimiter), the blob holds its first bytes and zeros: it is then stored again, in blocks, from
    /// those first bytes read back and the rest of the part, so the prediction is never trusted.
    /// A failure while reading aborts the request, which then stores nothing.
    /// </summary>
    private static async Task UploadDeclaredAsync(BlockBlobClient blob, Stream source, long expected, CancellationToken ct)
    {
        var body = new DeclaredLengthStream(source, expected);
        Azure.Response<BlobContentInfo> stored;
        try
        {
            stored = await blob.UploadAsync(body, new BlobUploadOptions
            {
                // One request whatever the size (a Put Blob takes up to 5,000 MiB); the SDK would otherwise cut it.
                TransferOptions = new StorageTransferOptions { InitialTransferSize = expected + 1, MaximumTransferSize = BlockBytes },
            }, ct);
        }
        catch (Exception) when (body.ReadFailure is { } failure)
        {
            failure.Throw();
            throw;
        }
        var probe = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var more = body.PartEnded ? 0 : await source.ReadAsync(probe, ct);
            if (more == 0 && body.PartBytes == expected)
            {
                return;
            }
            var head = body.PartBytes == 0
                ? Stream.Null
                : (await blob.DownloadStreamingAsync(new BlobDownloadOptions
                {
                    Range = new Azure.HttpRange(0, body.PartBytes),
                    Conditions = new BlobRequestConditions { IfMatch = stored.Value.ETag },
                }, ct)).Value.Content;
            await using (head)
            {
                await UploadPartAsync(blob, new ConcatenatedReadStream(head, new MemoryStream(probe, 0, more, writable: false), source), ct);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(probe);
        }
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> holds one block or the stream ends, adding each read to
    /// the block's MD5 while it is still in the cache; the bytes read.
    /// </summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, IncrementalHash md5, CancellationToken ct)
    {
        var filled = 0;
        while (filled < BlockBytes)
        {
            var n = await source.ReadAsync(buffer.AsMemory(filled, BlockBytes - filled), ct);
            if (n == 0)
            {
                break;
            }
            md5.AppendData(buffer, filled, n);
            filled += n;
        }
        return filled;
    }

    /// <summary>
    /// The web edge already words its transport failures as refusals; these are the ones a
    /// stream can still raise on its own (a body read outside that edge, as in a test).
    /// </summary>
    private static ProblemException? Translate(Exception e, CancellationToken ct) => e switch
    {
        ProblemException p => p,
        OperationCanceledException when ct.IsCancellationRequested => null,
        DecoderFallbackException => BodyProblems.InvalidEncoding(),
        IOException or InvalidDataException => EvidenceMessages.UploadBroken(),
        _ => null,
    };

    /// <summary>The name a refusal quotes back to the clerk: the last path segment only, no control characters.</summary>
    private static string DisplayName(string sentName)
    {
        var raw = sentName[(sentName.LastIndexOfAny(['/', '\\']) + 1)..];
        var name = new string(raw.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > ArchiveNames.MaxLength)
        {
            var ext = Path.GetExtension(name);
            name = name[..(ArchiveNames.MaxLength - Math.Min(ext.Length, 20))] + (ext.Length <= 20 ? ext : "");
        }
        return name.Length == 0 ? EvidenceMessages.UnnamedFile : name;
    }

    /// <summary>
    /// The text policy, and no U+FFFD: a multipart header is decoded with replacement, so U+FFFD in
    /// a name means bytes that were not UTF-8 (a GBK name, a broken client) and the name is lost.
    /// </summary>
    private static string? FileNameViolation(string? name) =>
        TextPolicy.Violation(name) ?? (name?.Contains('\uFFFD', StringComparison.Ordinal) == true ? EvidenceMessages.UnreadableFileName : null);
}
