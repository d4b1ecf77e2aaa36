using System.Text.Json.Serialization;

namespace Governance.Core.Backups;

/// <summary>
/// <c>manifest.json</c> of one backup (备份): written after every table file, so a folder without it is
/// an incomplete run and is never restored. Each file's row count and SHA-256 let a restore prove the
/// files are the ones written before it writes anything.
/// </summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("tables")] IReadOnlyList<BackupFile> Tables)
{
    public const int CurrentFormat = 1;
}

/// <summary>One table's export: the table's name without the app's name prefix, and its file in the backup folder.</summary>
public sealed record BackupFile(
    [property: JsonPropertyName("table")] string Table,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>A backup folder: complete when its manifest exists.</summary>
public sealed record BackupFolder(string Name, bool Complete);

/// <summary>What a restore wrote.</summary>
public sealed record RestoreResult(string Name, IReadOnlyList<BackupFile> Tables)
{
    public long Rows => Tables.Sum(t => t.Rows);
}

/// <summary>A restore refused before anything was written; <see cref="Exception.Message"/> says why (Chinese).</summary>
public sealed class BackupRefusedException(string message) : Exception(message);
