using System.Text;
using System.Text.Json;

namespace Governance.Core.Documents;

/// <summary>One file of a published document set (.xlsx/.docx, .html, .json) under its blob name.</summary>
public sealed record PublishedFile(string BlobName, byte[] Content, string ContentType)
{
    public static PublishedFile Html(string blobName, string page) => new(blobName, Encoding.UTF8.GetBytes(page), DocumentTypes.Html);

    public static PublishedFile Json<T>(string blobName, T value) => new(blobName, JsonSerializer.SerializeToUtf8Bytes(value, Core.Json.Options), DocumentTypes.Json);
}
