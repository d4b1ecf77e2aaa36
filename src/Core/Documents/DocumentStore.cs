using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Governance.Core.Evidence;
using Governance.Core.Storage;

namespace Governance.Core.Documents;

/// <summary>A time-limited, read-only download link to one document.</summary>
public sealed record DocumentLink(string FileName, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The compiled documents (调度表, 通报) in the <c>documents</c> container, under names derived
/// from the job and period, so a re-run overwrites rather than adds.
/// </summary>
public sealed class DocumentStore(GovernanceStorage storage, DownloadLinks links)
{
    public async Task SaveAsync(string blobName, byte[] content, string contentType, CancellationToken ct)
    {
        var container = await storage.ContainerAsync(StorageNames.DocumentsContainer, ct);
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
    }

    /// <summary>
    /// Saves a compiled document set before anyone is told about it (blob first, then notices):
    /// the files are written one after another in the order given, so put last the file readers
    /// look the set up by (the .json) — a reader who finds it finds the others. A re-run overwrites.
    /// Returns the blob names written, in order.
    /// </summary>
    public async Task<IReadOnlyList<string>> PublishAsync(IReadOnlyList<PublishedFile> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            await SaveAsync(file.BlobName, file.Content, file.ContentType, ct);
        }
        return files.Select(f => f.BlobName).ToList();
    }

    public async Task<BinaryData?> ReadAsync(string blobName, CancellationToken ct)
    {
        var container = await storage.ContainerAsync(StorageNames.DocumentsContainer, ct);
        var blob = container.GetBlobClient(blobName);
        try
        {
            return (await blob.DownloadContentAsync(ct)).Value.Content;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<DocumentLink> LinkAsync(string blobName, string fileName, string contentType, CancellationToken ct)
    {
        var container = await storage.ContainerAsync(StorageNames.DocumentsContainer, ct);
        var link = await links.IssueAsync(container.GetBlobClient(blobName), fileName, contentType, ct);
        return new DocumentLink(fileName, link.Url, link.ExpiresAt);
    }
}

/// <summary>Content types of the documents the jobs publish.</summary>
public static class DocumentTypes
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Html = "text/html; charset=utf-8";
    public const string Json = "application/json; charset=utf-8";
}
