using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Governance.Core.Jobs;
using Governance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Core.Documents;

/// <summary>A time-limited, read-only download link to one document.</summary>
public sealed record DocumentLink(string FileName, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The compiled documents (调度表, 通报) in the <c>documents</c> container, under names derived
/// from the job and period, so a re-run overwrites rather than adds.
/// </summary>
public sealed class DocumentStore(GovernanceStorage storage, TimeProvider clock, IOptions<JobOptions> options)
{
    public async Task SaveAsync(string blobName, byte[] content, string contentType, CancellationToken ct)
    {
        var container = await storage.ContainerAsync(StorageNames.DocumentsContainer, ct);
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
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
        return await IssueLinkAsync(container.GetBlobClient(blobName), fileName, contentType, ct);
    }

    // The one place links are made: switch to Evidence.EvidenceLinks.IssueAsync once that is merged.
    private async Task<DocumentLink> IssueLinkAsync(BlobClient blob, string fileName, string contentType, CancellationToken ct)
    {
        var expiresAt = clock.GetUtcNow().AddMinutes(Math.Clamp(options.Value.LinkMinutes, 1, 15));
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresAt)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            ContentType = contentType,
            ContentDisposition = ContentDisposition(fileName),
        };
        Uri uri;
        if (blob.CanGenerateSasUri)
        {
            uri = blob.GenerateSasUri(sas);
        }
        else
        {
            // Managed identity: a user-delegation SAS, signed with a key valid only as long as the link.
            var key = await storage.BlobService.GetUserDelegationKeyAsync(null, expiresAt, ct);
            uri = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, blob.AccountName) }.ToUri();
        }
        return new DocumentLink(fileName, uri.ToString(), expiresAt);
    }

    private static string ContentDisposition(string fileName)
    {
        var ascii = new string(fileName.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray());
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
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
