namespace Governance.Core.Evidence;

/// <summary>
/// A multipart body after it has been read: its text fields and the files already staged in Blob
/// storage, not yet recorded. Either <see cref="EvidenceUploads.CommitAsync"/> or
/// <see cref="EvidenceUploads.DiscardAsync"/> must follow.
/// </summary>
public sealed class ReceivedUpload(
    string assignmentId,
    IReadOnlyDictionary<string, IReadOnlyList<string>> allFields,
    IReadOnlyList<StagedFile> files)
{
    public string AssignmentId { get; } = assignmentId;

    /// <summary>Text fields by name; a repeated name keeps its last value.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; } =
        allFields.ToDictionary(kv => kv.Key, kv => kv.Value[^1], StringComparer.Ordinal);

    /// <summary>Text fields by name with every value in the order received (e.g. progress[0].requirement).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllFields { get; } = allFields;

    public IReadOnlyList<StagedFile> Files { get; } = files;
}

/// <summary>One file part, stored under <see cref="BlobName"/> while the request is decided.</summary>
public sealed record StagedFile(
    string EvidenceId,
    string BlobName,
    string FieldName,
    string FileName,
    long Size,
    string Sha256,
    EvidenceFileKind Kind)
{
    public string ContentType => Kind.ContentType();
}

/// <summary>One evidence file as the API answers an upload.</summary>
public sealed record EvidenceItem(
    string Id,
    string FileName,
    string? Requirement,
    string Period,
    string? Caption,
    long Size,
    string Sha256,
    string ContentType,
    bool Duplicate)
{
    public static EvidenceItem Of(EvidenceRecord r, bool duplicate) =>
        new(r.Id, Documents.ArchiveNames.FileName(r), r.Requirement, r.Period, r.Caption, r.Size, r.Sha256, r.ContentType, duplicate);
}

/// <summary>The answer to POST /assignments/{id}/evidence.</summary>
public sealed record EvidenceUploadResult(IReadOnlyList<EvidenceItem> Items);

/// <summary>One evidence file in a list, with a fresh download link.</summary>
public sealed record EvidenceListItem(
    string Id,
    string FileName,
    string? Requirement,
    string Period,
    string? Caption,
    long Size,
    string Sha256,
    string ContentType,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    string Url,
    DateTimeOffset ExpiresAt);

/// <summary>The answer to a bundle request: the .zip's link and its SHA-256.</summary>
public sealed record EvidenceBundleLink(string Url, DateTimeOffset ExpiresAt, string Sha256);
