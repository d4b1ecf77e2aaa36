namespace Governance.Core.Storage;

/// <summary>
/// Where records and files live. Locally a connection string (Azurite, shared key); in Azure the
/// account's endpoints with the app's managed identity, so no key is ever configured there.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Shared-key connection string (Azurite locally). Takes precedence when set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table endpoint used with a token credential when no connection string is set.</summary>
    public string? TableEndpoint { get; set; }

    /// <summary>Blob endpoint used with a token credential when no connection string is set.</summary>
    public string? BlobEndpoint { get; set; }

    /// <summary>
    /// Prepended to every table and container name. Empty in production; tests give each app
    /// instance its own prefix so they can share one Azurite without seeing each other's data.
    /// </summary>
    public string NamePrefix { get; set; } = "";
}
