using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Governance.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Core.Backups;

/// <summary>
/// Backup and restore of every table (备份与恢复), because Azure Table storage has no point-in-time
/// restore. A backup is one folder <c>backups/&lt;yyyy-MM-ddTHHmmssZ&gt;/</c> with one JSON-lines file per
/// table (<c>&lt;Table&gt;.jsonl</c>; each line one entity with its PartitionKey, RowKey and every property
/// with its EDM type, so Int32 stays Int32 and a DateTime, GUID, binary or double comes back as written)
/// and <c>manifest.json</c> written last with each file's row count and SHA-256. Rows are streamed from
/// the table to the blob and back, never a whole table in memory. docs/backup.md is the runbook.
/// </summary>
/// <remarks>
/// A backup reads the tables one after another while the app keeps working, so it is not one instant
/// across tables; a restore is meant for a stopped app (docs/backup.md).
/// </remarks>
public sealed partial class TableBackup(GovernanceStorage storage, IOptions<StorageOptions> options, TimeProvider clock, ILogger<TableBackup> log)
{
    public const string ManifestFile = "manifest.json";
    public const string FileExtension = ".jsonl";

    // Azure's limits for one entity group transaction: 100 operations and a 4 MiB body.
    private const int MaxBatchActions = 100;
    private const long MaxBatchBytes = 3 * 1024 * 1024;

    private static readonly JsonWriterOptions LineOptions = new()
    {
        // Chinese text stays readable in the file; nothing here is ever embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions ManifestOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _prefix = options.Value.NamePrefix;

    /// <summary>The folder name of a backup started at <paramref name="at"/>.</summary>
    public static string NameFor(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Exports every table of the app, then writes the manifest.</summary>
    public async Task<BackupManifest> BackupAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = NameFor(now);
        try
        {
            var container = await storage.ContainerAsync(StorageNames.BackupsContainer, ct);
            var files = new List<BackupFile>();
            foreach (var table in StorageNames.AllTables)
            {
                files.Add(await ExportAsync(container, name, table, ct));
            }
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, name, now, files);
            // Never over an existing manifest: a folder's manifest describes the files written before it.
            await container.GetBlobClient($"{name}/{ManifestFile}").UploadAsync(
                new BinaryData(JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestOptions)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                ct);
            log.LogInformation("Backup {Name} written: {Tables} tables, {Rows} rows", name, files.Count, files.Sum(f => f.Rows));
            return manifest;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The failed-jobs alert matches this event: a night without a backup must reach someone.
            log.LogError(LogEvents.JobFailed, e, "JobFailed: job backup for {Name} failed", name);
            throw;
        }
    }

    /// <summary>Every backup folder, newest first, and whether it is complete (has its manifest).</summary>
    public async Task<IReadOnlyList<BackupFolder>> ListAsync(CancellationToken ct)
    {
        var container = await storage.ContainerAsync(StorageNames.BackupsContainer, ct);
        var folders = new List<BackupFolder>();
        await foreach (var item in container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", null, ct))
        {
            if (item.IsPrefix && item.Prefix.TrimEnd('/') is var name && IsBackupName(name))
            {
                folders.Add(new BackupFolder(name, await container.GetBlobClient($"{name}/{ManifestFile}").ExistsAsync(ct)));
            }
        }
        return folders.OrderByDescending(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Restores backup <paramref name="name"/>: first reads the manifest and checks every file's SHA-256
    /// and size against it, refusing (<see cref="BackupRefusedException"/>, nothing written) on any
    /// difference; then upserts every row (replacing a row with the same keys; rows added since the
    /// backup stay). A file changed between the check and the restore fails its download.
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(string name, CancellationToken ct)
    {
        name = name.Trim().TrimEnd('/');
        if (name.StartsWith(StorageNames.BackupsContainer + "/", StringComparison.Ordinal))
        {
            name = name[(StorageNames.BackupsContainer.Length + 1)..];
        }
        if (!IsBackupName(name))
        {
            throw new BackupRefusedException(BackupTexts.BadName(name));
        }
        var container = await storage.ContainerAsync(StorageNames.BackupsContainer, ct);
        var manifest = await ReadManifestAsync(container, name, ct);

        var verified = new List<(BackupFile File, ETag ETag)>();
        var mismatched = new List<string>();
        foreach (var file in manifest.Tables)
        {
            var blob = container.GetBlobClient($"{name}/{file.File}");
            var (hash, bytes, etag) = await HashAsync(blob, ct);
            if (hash is null || bytes != file.Bytes || !string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                mismatched.Add(file.File);
            }
            verified.Add((file, etag));
        }
        if (mismatched.Count > 0)
        {
            log.LogWarning("Restore of backup {Name} refused: {Files} do not match the manifest", name, string.Join(", ", mismatched));
            throw new BackupRefusedException(BackupTexts.Mismatch(name, mismatched));
        }

        foreach (var (file, etag) in verified)
        {
            await ImportAsync(container.GetBlobClient($"{name}/{file.File}"), etag, file, ct);
        }
        log.LogInformation("Backup {Name} restored: {Rows} rows into {Tables} tables", name, manifest.Tables.Sum(t => t.Rows), manifest.Tables.Count);
        return new RestoreResult(name, manifest.Tables);
    }

    private async Task<BackupFile> ExportAsync(BlobContainerClient container, string name, string table, CancellationToken ct)
    {
        var file = table + FileExtension;
        var client = storage.TableService.GetTableClient(_prefix + table);
        var blob = container.GetBlobClient($"{name}/{file}");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(line, LineOptions);
        long rows = 0, bytes = 0;
        await using (var upload = await blob.OpenWriteAsync(true, new BlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, ct))
        {
            try
            {
                await foreach (var entity in client.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: ct))
                {
                    line.ResetWrittenCount();
                    writer.Reset(line);
                    EntityLine.Write(writer, entity);
                    writer.Flush();
                    line.Write("\n"u8);
                    sha.AppendData(line.WrittenSpan);
                    await upload.WriteAsync(line.WrittenMemory, ct);
                    bytes += line.WrittenCount;
                    rows++;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // The table was never created (nothing ever written to it): an empty file says so.
            }
        }
        return new BackupFile(table, file, rows, bytes, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static async Task<BackupManifest> ReadManifestAsync(BlobContainerClient container, string name, CancellationToken ct)
    {
        BinaryData content;
        try
        {
            content = (await container.GetBlobClient($"{name}/{ManifestFile}").DownloadContentAsync(ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BackupRefusedException(BackupTexts.NoManifest(name));
        }
        BackupManifest? manifest;
        try
        {
            manifest = content.ToObjectFromJson<BackupManifest>();
        }
        catch (JsonException)
        {
            throw new BackupRefusedException(BackupTexts.UnreadableManifest(name));
        }
        if (manifest is null || manifest.Format != BackupManifest.CurrentFormat || manifest.Tables is null || manifest.Name != name)
        {
            throw new BackupRefusedException(BackupTexts.UnreadableManifest(name));
        }
        foreach (var file in manifest.Tables)
        {
            // The manifest names the blobs read and the tables written: only the app's own.
            if (file is null || !StorageNames.AllTables.Contains(file.Table, StringComparer.Ordinal) || file.File != file.Table + FileExtension)
            {
                throw new BackupRefusedException(BackupTexts.UnknownTable(name, file?.Table ?? "?"));
            }
        }
        return manifest;
    }

    private static async Task<(string? Hash, long Bytes, ETag ETag)> HashAsync(BlobClient blob, CancellationToken ct)
    {
        try
        {
            var download = (await blob.DownloadStreamingAsync(cancellationToken: ct)).Value;
            await using var stream = download.Content;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long bytes = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, ct)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    bytes += read;
                }
                return (Convert.ToHexStringLower(sha.GetHashAndReset()), bytes, download.Details.ETag);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, 0, default);
        }
    }

    private async Task ImportAsync(BlobClient blob, ETag etag, BackupFile file, CancellationToken ct)
    {
        var table = storage.TableService.GetTableClient(_prefix + file.Table);
        await CreateTableAsync(table, ct);
        var read = new BlobOpenReadOptions(allowModifications: false) { Conditions = new BlobRequestConditions { IfMatch = etag } };
        await using var stream = await blob.OpenReadAsync(read, ct);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var batch = new List<TableTransactionAction>();
        long batchBytes = 0, rows = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var entity = EntityLine.Read(line);
            var size = Encoding.UTF8.GetByteCount(line);
            if (batch.Count > 0 && (batch[0].Entity.PartitionKey != entity.PartitionKey || batch.Count == MaxBatchActions || batchBytes + size > MaxBatchBytes))
            {
                await table.SubmitTransactionAsync(batch, ct);
                batch.Clear();
                batchBytes = 0;
            }
            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            batchBytes += size;
            rows++;
        }
        if (batch.Count > 0)
        {
            await table.SubmitTransactionAsync(batch, ct);
        }
        if (rows != file.Rows)
        {
            throw new InvalidDataException($"{file.File}: {rows} rows read, the manifest says {file.Rows}");
        }
    }

    // Azure keeps a deleted table's name for a while (409 TableBeingDeleted); a restore right after a wipe waits it out.
    private async Task CreateTableAsync(TableClient table, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.CreateIfNotExistsAsync(ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 30)
            {
                log.LogInformation("Table {Table} is still being deleted; waiting to re-create it", table.Name);
                await Task.Delay(TimeSpan.FromSeconds(10), clock, ct);
            }
        }
    }

    private static bool IsBackupName(string name) => BackupName().IsMatch(name);

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z$", RegexOptions.CultureInvariant)]
    private static partial Regex BackupName();
}
