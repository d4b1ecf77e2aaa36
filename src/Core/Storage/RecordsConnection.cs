using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Governance.Core.Storage;

/// <summary>
/// Where the programme's records (Table) and files (Blob) live: the connection named
/// <see cref="Name"/>, read the way the Azure Functions host reads an identity-based connection.
/// <list type="bullet">
/// <item><c>Records</c> = a connection string (shared key).</item>
/// <item><c>Records__tableServiceUri</c> and <c>Records__blobServiceUri</c>, with a token credential
/// described by <c>Records__credential</c> (<c>managedidentity</c>) and <c>Records__clientId</c> (a
/// user-assigned identity's client id); without <c>credential</c>, the default Azure credential
/// chain (e.g. an administrator's <c>az login</c>).</item>
/// <item>Neither: <c>Storage__ConnectionString</c>, the local setting (Azurite) that predates the connection.</item>
/// </list>
/// </summary>
public sealed class RecordsConnection
{
    public const string Name = "Records";

    private readonly Lock _credentialLock = new();
    private TokenCredential? _credential;

    private RecordsConnection(string? connectionString, Uri? tableServiceUri, Uri? blobServiceUri, IConfiguration? identity)
    {
        ConnectionString = connectionString;
        TableServiceUri = tableServiceUri;
        BlobServiceUri = blobServiceUri;
        Identity = identity;
    }

    /// <summary>A shared-key connection string; null when the service URIs are used.</summary>
    public string? ConnectionString { get; }

    public Uri? TableServiceUri { get; }

    public Uri? BlobServiceUri { get; }

    /// <summary>The section holding <c>credential</c> / <c>clientId</c>, when the service URIs are used.</summary>
    private IConfiguration? Identity { get; }

    public static RecordsConnection From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new(section.Value, null, null, null);
        }
        var table = section["tableServiceUri"];
        var blob = section["blobServiceUri"];
        if (!string.IsNullOrWhiteSpace(table) || !string.IsNullOrWhiteSpace(blob))
        {
            return new(null, ServiceUri(table, "tableServiceUri"), ServiceUri(blob, "blobServiceUri"), section);
        }
        var legacy = configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.ConnectionString)];
        if (!string.IsNullOrWhiteSpace(legacy))
        {
            return new(legacy, null, null, null);
        }
        throw new InvalidOperationException(
            $"The records' storage is not configured: set {Name} (a connection string), or {Name}__tableServiceUri and " +
            $"{Name}__blobServiceUri (with {Name}__credential=managedidentity and {Name}__clientId in Azure), or Storage__ConnectionString locally.");
    }

    /// <summary>
    /// The token credential the clients use with the service URIs, built by Microsoft.Extensions.Azure
    /// from <c>credential</c> / <c>clientId</c> exactly as the Functions host builds its own; null with a connection string.
    /// </summary>
    public TokenCredential? Credential(AzureComponentFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (Identity is null)
        {
            return null;
        }
        // One credential for both clients, so they share its token cache.
        lock (_credentialLock)
        {
            return _credential ??= factory.CreateTokenCredential(Identity);
        }
    }

    private static Uri ServiceUri(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"Setting {Name}__{key} is required when the other service URI is set.");
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
        {
            throw new InvalidOperationException($"Setting {Name}__{key} must be an absolute https address.");
        }
        return uri;
    }
}
