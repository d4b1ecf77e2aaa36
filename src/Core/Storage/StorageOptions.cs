namespace Governance.Core.Storage;

/// <summary>
/// Storage settings of the app itself. Where the records live is the connection
/// <see cref="RecordsConnection.Name"/> (<see cref="RecordsConnection"/>); <see cref="ConnectionString"/>
/// is its local stand-in.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Shared-key connection string (Azurite locally), used when the connection Records is not set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Prepended to every table and container name. Empty in production; tests give each app
    /// instance its own prefix so they can share one Azurite without seeing each other's data.
    /// </summary>
    public string NamePrefix { get; set; } = "";
}
