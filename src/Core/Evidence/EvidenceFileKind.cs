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
}
