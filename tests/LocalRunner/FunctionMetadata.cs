using System.Reflection;
using System.Text.Json;

namespace Governance.LocalRunner;

/// <summary>One function as the Functions SDK describes it in functions.metadata.</summary>
public sealed record FunctionDescription(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<BindingDescription> Bindings)
{
    public BindingDescription? HttpTrigger => Bindings.FirstOrDefault(b => b.Type == "httpTrigger");

    public BindingDescription? TimerTrigger => Bindings.FirstOrDefault(b => b.Type == "timerTrigger");

    /// <summary>Finds the method the entry point names ("Namespace.Class.Method") in the script file's assembly.</summary>
    public MethodInfo ResolveMethod()
    {
        var assembly = Assembly.Load(Path.GetFileNameWithoutExtension(ScriptFile));
        var dot = EntryPoint.LastIndexOf('.');
        var type = assembly.GetType(EntryPoint[..dot], throwOnError: true)!;
        return type.GetMethod(EntryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
               ?? throw new InvalidOperationException($"{Name}: method {EntryPoint} not found.");
    }
}

/// <param name="AuthLevel">The HTTP trigger's authorization level as the SDK writes it ("Anonymous", "Function", "Admin", …).</param>
public sealed record BindingDescription(string Name, string Type, string Direction, IReadOnlyList<string> Methods, string? Route, string? Schedule, string? AuthLevel = null);

public static class FunctionMetadata
{
    public const string FileName = "functions.metadata";

    public static IReadOnlyList<FunctionDescription> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().Select(f => new FunctionDescription(
            f.GetProperty("name").GetString()!,
            f.GetProperty("scriptFile").GetString()!,
            f.GetProperty("entryPoint").GetString()!,
            f.GetProperty("bindings").EnumerateArray().Select(b => new BindingDescription(
                b.GetProperty("name").GetString()!,
                b.GetProperty("type").GetString()!,
                b.TryGetProperty("direction", out var d) ? d.GetString()! : "In",
                b.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToList() : [],
                b.TryGetProperty("route", out var r) ? r.GetString() : null,
                b.TryGetProperty("schedule", out var s) ? s.GetString() : null,
                b.TryGetProperty("authLevel", out var a) ? a.GetString() : null)).ToList())).ToList();
    }

    /// <summary>The metadata beside the runner, where its build copies it.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, FileName);
}
