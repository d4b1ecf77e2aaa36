using Governance.Core.Storage;

namespace Governance.Core.Auth;

/// <summary>
/// Whether the bootstrap staff token (初始管理令牌) may authenticate. It is refused when it is
/// switched off or empty; when it is an unresolved Key Vault reference (Azure passes the literal
/// <c>@Microsoft.KeyVault(...)</c> text when it cannot resolve one, and anyone who knows the vault
/// can write it); when it is shorter than <see cref="MinLength"/>; and when it is the documented
/// <see cref="LocalValue"/> while the storage is anything but the local emulator.
/// </summary>
public static class BootstrapToken
{
    /// <summary>The value local.settings.sample.json and README document for a developer machine.</summary>
    public const string LocalValue = "local-dev-staff-token";

    public const int MinLength = 32;

    /// <param name="Usable">True when the configured value may authenticate.</param>
    /// <param name="Reason">Why not (English, for the log; never contains the value).</param>
    public sealed record Decision(bool Usable, string Reason);

    public static Decision Decide(AuthOptions auth, RecordsConnection storage)
    {
        var value = auth.BootstrapStaffToken;
        if (!auth.BootstrapEnabled)
        {
            return new(false, "switched off (Auth:BootstrapEnabled=false)");
        }
        if (string.IsNullOrEmpty(value))
        {
            return new(false, "not set");
        }
        if (value.TrimStart().StartsWith("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase))
        {
            return new(false, "it is an unresolved Key Vault reference: grant the app's identity access to the secret and check the reference");
        }
        if (value == LocalValue)
        {
            return IsLocalEmulator(storage)
                ? new(true, "the local development value over the storage emulator")
                : new(false, $"it is the local development value '{LocalValue}' (public in the README) but the storage is not the local emulator");
        }
        if (value.Length < MinLength)
        {
            return new(false, $"it is shorter than {MinLength} characters");
        }
        return new(true, "set");
    }

    /// <summary>
    /// True for <c>UseDevelopmentStorage=true</c>, or the emulator's well-known account
    /// <c>devstoreaccount1</c> with every endpoint on a loopback address.
    /// </summary>
    public static bool IsLocalEmulator(RecordsConnection storage)
    {
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            var parts = Parse(storage.ConnectionString);
            if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return !parts.TryGetValue("DevelopmentStorageProxyUri", out var proxy) || IsLoopback(proxy);
            }
            if (!parts.TryGetValue("AccountName", out var account) || account != "devstoreaccount1")
            {
                return false;
            }
            // Without explicit endpoints the SDK addresses devstoreaccount1 in the public cloud.
            var endpoints = parts.Where(p => p.Key.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).ToList();
            return endpoints.Count > 0 && endpoints.All(IsLoopback);
        }
        var configured = new[] { storage.TableServiceUri, storage.BlobServiceUri }.OfType<Uri>().ToList();
        return configured.Count > 0 && configured.All(e => IsLoopback(e.AbsoluteUri) && e.AbsolutePath.StartsWith("/devstoreaccount1", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Parse(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);

    private static bool IsLoopback(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) &&
        (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
}
