namespace Governance.Core.Evidence;

/// <summary>The kinds of file accepted as evidence, decided by their first bytes, never by name or header.</summary>
public enum EvidenceFileKind
{
    Jpeg,
    Png,
    Pdf,
    Docx,
    Xlsx,
}

public static class EvidenceFileKinds
{
    public static string ContentType(this EvidenceFileKind kind) => kind switch
    {
        EvidenceFileKind.Jpeg => "image/jpeg",
        EvidenceFileKind.Png => "image/png",
        EvidenceFileKind.Pdf => "application/pdf",
        EvidenceFileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        EvidenceFileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The extensions a file of this kind may keep, the usual one first (".jpg" for a JPEG named "x.html").</summary>
    public static IReadOnlyList<string> Extensions(this EvidenceFileKind kind) => kind switch
    {
        EvidenceFileKind.Jpeg => [".jpg", ".jpeg", ".jpe", ".jfif"],
        EvidenceFileKind.Png => [".png"],
        EvidenceFileKind.Pdf => [".pdf"],
        EvidenceFileKind.Docx => [".docx"],
        EvidenceFileKind.Xlsx => [".xlsx"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The kind a stored content type stands for (rows keep the sniffed kind as its content type);
    /// null for types that are no evidence kind, such as a bundle's "application/zip".
    /// </summary>
    public static EvidenceFileKind? FromContentType(string? contentType) =>
        Enum.GetValues<EvidenceFileKind>().Cast<EvidenceFileKind?>()
            .FirstOrDefault(k => string.Equals(k!.Value.ContentType(), contentType?.Split(';')[0].Trim(), StringComparison.OrdinalIgnoreCase));
}
