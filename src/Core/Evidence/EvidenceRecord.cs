using System.Security.Cryptography;
using Azure.Data.Tables;
using Governance.Core.Assignments;

namespace Governance.Core.Evidence;

/// <summary>
/// One evidence file (证明材料) as recorded: the blob it is stored in and what the uploader said
/// it shows. <see cref="Requirement"/> is null for files attached to a monthly report.
/// </summary>
public sealed record EvidenceRecord(
    string Id,
    string AssignmentId,
    string FileName,
    string? Requirement,
    string Period,
    string? Caption,
    long Size,
    string Sha256,
    string ContentType,
    string BlobName,
    string UploadedBy,
    DateTimeOffset UploadedAt)
{
    internal TableEntity ToEntity() => new(AssignmentId, Id)
    {
        ["FileName"] = FileName,
        ["Requirement"] = Requirement,
        ["Period"] = Period,
        ["Caption"] = Caption,
        ["Size"] = Size,
        ["Sha256"] = Sha256,
        ["ContentType"] = ContentType,
        ["BlobName"] = BlobName,
        ["UploadedBy"] = UploadedBy,
        ["UploadedAt"] = UploadedAt,
    };

    internal static EvidenceRecord FromEntity(TableEntity e) => new(
        e.RowKey,
        e.PartitionKey,
        e.GetString("FileName") ?? "",
        string.IsNullOrEmpty(e.GetString("Requirement")) ? null : e.GetString("Requirement"),
        e.GetString("Period") ?? "",
        e.GetString("Caption"),
        e.GetInt64("Size") ?? 0,
        e.GetString("Sha256") ?? "",
        e.GetString("ContentType") ?? "application/octet-stream",
        e.GetString("BlobName") ?? "",
        e.GetString("UploadedBy") ?? "",
        e.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue);
}

/// <summary>
/// Evidence ids carry their assignment id ("2023-1a2b3c4d.9f…"), so a link request finds the
/// row with a point read instead of a scan.
/// </summary>
public static class EvidenceIds
{
    private const int RandomHexLength = 20;

    public static string New(string assignmentId) =>
        $"{assignmentId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomHexLength / 2))}";

    /// <summary>Blob names never come from user input: the assignment, then the random evidence id.</summary>
    public static string BlobName(string assignmentId, string evidenceId) => $"{assignmentId}/{evidenceId}";

    public static bool TryAssignmentOf(string? evidenceId, out string assignmentId)
    {
        assignmentId = "";
        var dot = evidenceId?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (evidenceId is null || dot < 0 || evidenceId.Length - dot - 1 != RandomHexLength ||
            evidenceId.AsSpan(dot + 1).ContainsAnyExcept("0123456789abcdef") ||
            !Assignment.TryYearOf(evidenceId[..dot], out _))
        {
            return false;
        }
        assignmentId = evidenceId[..dot];
        return true;
    }

    /// <summary>Reads "{assignmentId}/{evidenceId}" back; false for names this app did not make.</summary>
    public static bool TryParseBlobName(string blobName, out string assignmentId, out string evidenceId)
    {
        var parts = blobName.Split('/');
        evidenceId = parts.Length == 2 ? parts[1] : "";
        return TryAssignmentOf(evidenceId, out assignmentId) && parts[0] == assignmentId;
    }
}
