using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Governance.Core.Evidence;
using Governance.Core.Periods;
using Microsoft.Extensions.Options;

namespace Governance.Core.Documents;

/// <summary>How a download link is signed.</summary>
public enum SasKind
{
    /// <summary>Signed with the account key (Azurite, connection strings).</summary>
    Service,

    /// <summary>Signed with a user-delegation key obtained through the app's token credential (Azure, managed identity).</summary>
    UserDelegation,
}

/// <summary>A read-only, single-blob download link and when it stops working.</summary>
public sealed record DownloadLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs every download the app hands out (下载链接): evidence files and bundles, dispatches,
/// bulletins, dossiers. Each link is read-only, for one blob, expiring within 15 minutes, and
/// downloading under the file's name through the SAS's Content-Disposition override. Every name
/// passes <see cref="ArchiveNames.FileName(string?, EvidenceFileKind?, string)"/> here, so no
/// header carries a name the naming rule would not give, whoever asked for the link.
/// </summary>
public sealed class DownloadLinks(BlobServiceClient service, IOptions<EvidenceOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _key;

    /// <summary>The one place that decides how links are signed: a client holding a shared key can sign itself.</summary>
    public static SasKind KindFor(BlobServiceClient service) =>
        service.CanGenerateAccountSasUri ? SasKind.Service : SasKind.UserDelegation;

    public async Task<DownloadLink> IssueAsync(BlobClient blob, string fileName, string contentType, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expiresOn = now + options.Value.LinkLifetime;
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            ContentDisposition = ContentDisposition(
                ArchiveNames.FileName(fileName, EvidenceFileKinds.FromContentType(contentType), EvidenceMessages.UnnamedFile)),
            ContentType = contentType,
        };
        Uri url;
        if (KindFor(service) == SasKind.Service)
        {
            url = blob.GenerateSasUri(sas);
        }
        else
        {
            var key = await DelegationKeyAsync(now, expiresOn, ct);
            url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, service.AccountName) }.ToUri();
        }
        return new DownloadLink(url.ToString(), BeijingTime.ToBeijing(expiresOn));
    }

    /// <summary>
    /// attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266 / 5987),
    /// so every browser saves "活动照片一.jpg" under its own name.
    /// </summary>
    public static string ContentDisposition(string fileName) =>
        $"attachment; filename=\"{AsciiFallback(fileName)}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";

    private static string AsciiFallback(string fileName)
    {
        var sb = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            sb.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' and not ';' and not '%' ? c : '_');
        }
        var ascii = sb.ToString();
        var dot = ascii.LastIndexOf('.');
        var stem = dot > 0 ? ascii[..dot] : ascii;
        return stem.Trim('_', ' ').Length == 0 ? "file" + (dot > 0 ? ascii[dot..] : "") : ascii;
    }

    // One key serves many links: it is asked for again only when it would expire before the link.
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, DateTimeOffset linkExpiresOn, CancellationToken ct)
    {
        await _keyLock.WaitAsync(ct);
        try
        {
            if (_key is null || _key.SignedExpiresOn < linkExpiresOn)
            {
                _key = (await service.GetUserDelegationKeyAsync(now.AddMinutes(-5), now.AddHours(2), ct)).Value;
            }
            return _key;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
