using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Governance.Core.Input;
using Governance.Core.Problems;

namespace Governance.Functions.Http;

/// <summary>
/// Lets a route whose service reads JSON take an HTML form with the same field names: <c>a</c>,
/// <c>a.b</c> and <c>a[0].b</c> become the JSON object they name (values as text; the leaves named in
/// <c>booleans</c> as true/false when they say so). A JSON body passes through untouched. One
/// field is the transport's and is taken out: <c>ifMatch</c>, standing in for the If-Match header
/// a form cannot send.
/// </summary>
public static partial class FormJson
{
    public const string IfMatchField = "ifMatch";

    /// <summary>The body as the service reads it (JSON), and the form's <c>ifMatch</c> if it sent one.</summary>
    public static async Task<(IncomingForm Body, string? IfMatch)> ReadAsync(IncomingForm form, IReadOnlySet<string> booleans, CancellationToken ct)
    {
        if (form.Format is not (FormFormat.UrlEncoded or FormFormat.Multipart))
        {
            return (form, null);
        }
        if (await form.NextFileAsync(ct) is { } file)
        {
            throw new ProblemException(400, "files_not_accepted", FormAnswerTexts.FilesNotAcceptedTitle, FormAnswerTexts.FilesNotAcceptedDetail,
                new Dictionary<string, string[]> { [file.Name.Length > 0 ? file.Name : "file"] = [FormAnswerTexts.FilesNotAcceptedField] });
        }
        var fields = form.Fields;
        var root = new JsonObject();
        foreach (var (name, value) in fields.Where(f => f.Key != IfMatchField).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Place(root, name, value, booleans);
        }
        var json = JsonSerializer.SerializeToElement(Dense(root));
        return (new Converted(json, form.ContentType), fields.GetValueOrDefault(IfMatchField));
    }

    private static void Place(JsonObject root, string name, string value, IReadOnlySet<string> booleans)
    {
        var target = root;
        var path = name;
        // Walks "a[0].b" and "a.b"; a name that fits neither shape stays a plain key, which the service names if unknown.
        var match = Step().Match(path);
        while (match.Success && match.Groups["rest"].Success)
        {
            var key = match.Groups["key"].Value;
            JsonObject next;
            if (match.Groups["index"].Success)
            {
                var list = target[key] as JsonObject ?? new JsonObject();
                target[key] = list;
                var index = match.Groups["index"].Value;
                next = list[index] as JsonObject ?? new JsonObject();
                list[index] = next;
            }
            else
            {
                next = target[key] as JsonObject ?? new JsonObject();
                target[key] = next;
            }
            target = next;
            path = match.Groups["rest"].Value;
            match = Step().Match(path);
        }
        target[path] = booleans.Contains(path) && Boolean(value) is { } flag ? JsonValue.Create(flag) : JsonValue.Create(value);
    }

    /// <summary>Objects built from indexed names ("0", "1", …) become arrays in index order.</summary>
    private static JsonNode? Dense(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return node?.DeepClone();
        }
        var indexed = obj.Count > 0 && obj.All(p => p.Key.Length > 0 && p.Key.All(char.IsAsciiDigit));
        if (indexed)
        {
            return new JsonArray(obj.OrderBy(p => int.Parse(p.Key, CultureInfo.InvariantCulture)).Select(p => Dense(p.Value)).ToArray());
        }
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            copy[key] = Dense(value);
        }
        return copy;
    }

    private static bool? Boolean(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "on" or "1" or "是" => true,
        "false" or "0" or "否" => false,
        _ => null,
    };

    [GeneratedRegex(@"^(?<key>[A-Za-z][A-Za-z0-9_]{0,63})(?:\[(?<index>\d{1,3})\])?(?:\.(?<rest>.+))?$")]
    private static partial Regex Step();

    private sealed class Converted : IncomingForm
    {
        public Converted(JsonElement json, string contentType)
            : base(FormFormat.Json, contentType)
        {
            Json = json;
        }

        public override ValueTask<IncomingFile?> NextFileAsync(CancellationToken ct) => ValueTask.FromResult<IncomingFile?>(null);
    }
}
