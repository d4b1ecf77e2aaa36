using System.Text.Json;
using System.Text.RegularExpressions;

namespace Governance.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once to ARM JSON, shared by the tests that read it.
/// </summary>
public sealed partial class CompiledTemplate : IDisposable
{
    public const string MainTemplate = "infra/main.bicep";

    public CompiledTemplate()
    {
        Build = BicepCli.Run("build", MainTemplate, "--stdout");
        Json = Build.ExitCode == 0 ? JsonDocument.Parse(Build.StandardOutput) : null;
    }

    public BicepCli.Result Build { get; }

    private JsonDocument? Json { get; }

    public JsonElement Root => Json?.RootElement
        ?? throw new InvalidOperationException($"bicep build failed:\n{Build.StandardError}");

    /// <summary>Every resource, including those in nested deployments (modules).</summary>
    public IReadOnlyList<JsonElement> Resources => ResourcesIn(Root).ToList();

    public IEnumerable<JsonElement> OfType(string type) =>
        Resources.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The function app's settings, whether declared as a sites/config 'appsettings' resource
    /// or inline in siteConfig.appSettings.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var config in OfType("Microsoft.Web/sites/config")
                         .Where(c => c.GetProperty("name").GetString()!.Contains("appsettings", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var setting in config.GetProperty("properties").EnumerateObject())
                {
                    settings[setting.Name] = setting.Value.ToString();
                }
            }
            foreach (var site in OfType("Microsoft.Web/sites"))
            {
                if (site.TryGetProperty("properties", out var properties)
                    && properties.TryGetProperty("siteConfig", out var siteConfig)
                    && siteConfig.TryGetProperty("appSettings", out var list)
                    && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var setting in list.EnumerateArray())
                    {
                        settings[setting.GetProperty("name").GetString()!] = setting.GetProperty("value").ToString();
                    }
                }
            }
            return settings;
        }
    }

    /// <summary>
    /// The text an ARM string value starts with once deployed: the value itself when it is a
    /// literal, the leading literal of a format() expression (how Bicep compiles string
    /// interpolation), or nothing for any other expression.
    /// </summary>
    public static string LiteralPrefix(string armValue)
    {
        const string format = "[format('";
        if (armValue.StartsWith(format, StringComparison.Ordinal))
        {
            var rest = armValue[format.Length..];
            return rest[..rest.IndexOf('\'', StringComparison.Ordinal)];
        }
        return armValue.StartsWith('[') ? "" : armValue;
    }

    /// <summary>
    /// An expression with each <c>variables('name')</c> or <c>variables('name').member</c>
    /// replaced by the variable's value where that is a literal, so a role id kept in a
    /// variable reads the same as one written inline.
    /// </summary>
    public string ExpandVariables(string expression)
    {
        if (!Root.TryGetProperty("variables", out var variables))
        {
            return expression;
        }
        return VariableReference().Replace(expression, match =>
        {
            if (!variables.TryGetProperty(match.Groups["name"].Value, out var value))
            {
                return match.Value;
            }
            if (match.Groups["member"].Success
                && !(value.ValueKind == JsonValueKind.Object && value.TryGetProperty(match.Groups["member"].Value, out value)))
            {
                return match.Value;
            }
            return value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : match.Value;
        });
    }

    public void Dispose() => Json?.Dispose();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)(\.(?<member>\w+))?")]
    private static partial Regex VariableReference();

    private static IEnumerable<JsonElement> ResourcesIn(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }
        // Templates with symbolic names (languageVersion 2.0) keep resources in an object.
        var items = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();
        foreach (var resource in items)
        {
            yield return resource;
            if (resource.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("template", out var nested))
            {
                foreach (var inner in ResourcesIn(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
