using System.Globalization;
using System.Text.Json;

namespace Governance.LocalRunner;

/// <summary>The host.json settings that change what the app sees, read as the Functions host reads them.</summary>
public sealed record HostJson(string RoutePrefix, TimeSpan? FunctionTimeout)
{
    public const string FileName = "host.json";

    /// <summary>
    /// Flex Consumption's and Premium's default when host.json names no functionTimeout (the app's
    /// plans, see infra/main.bicep); both plans allow an unbounded "-1".
    /// </summary>
    public static readonly TimeSpan DefaultFunctionTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The host.json beside the runner, where the Functions project's build copies it.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, FileName);

    public static HostJson Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"host.json not found at {path}: the Functions host will not start without it, nor does the runner.", path);
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        if (!root.TryGetProperty("version", out var version) || version.GetString() != "2.0")
        {
            throw new InvalidOperationException($"{path}: \"version\" must be \"2.0\", as the Functions host requires.");
        }
        // The host trims slashes from the prefix; an empty prefix puts routes at the root.
        var prefix = root.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("http", out var http) &&
                     http.TryGetProperty("routePrefix", out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!.Trim('/')
            : "api";
        TimeSpan? timeout = DefaultFunctionTimeout;
        if (root.TryGetProperty("functionTimeout", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            var text = t.GetString();
            if (text == "-1")
            {
                timeout = null;
            }
            else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero)
            {
                timeout = parsed;
            }
            else
            {
                throw new InvalidOperationException($"{path}: functionTimeout '{text}' is neither a positive hh:mm:ss nor \"-1\".");
            }
        }
        return new HostJson(prefix, timeout);
    }
}
