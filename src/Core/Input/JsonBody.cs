using System.Globalization;
using System.Text;
using System.Text.Json;
using Governance.Core.Problems;

namespace Governance.Core.Input;

/// <summary>
/// A JSON request body read strictly, so that reading a field afterwards can never throw:
/// bytes that are not UTF-8 are 400 <c>invalid_encoding</c>, malformed JSON is 400
/// <c>invalid_json</c>, and a string or name holding an escaped lone surrogate (<c>"\ud800"</c>,
/// which System.Text.Json parses but refuses to turn into a string) is a 400 with the route's own
/// code naming the field, as <see cref="TextPolicy"/> would for any other refused character.
/// </summary>
public static class JsonBody
{
    /// <summary>Reads and checks the whole body; the caller disposes the document.</summary>
    public static async Task<JsonDocument> ParseAsync(Stream body, string code, string title, CancellationToken ct) =>
        Parse(await Utf8Text.ReadAllAsync(body, ct), code, title);

    public static JsonDocument Parse(byte[] utf8, string code, string title)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ReadOnlyMemory<byte> json = utf8;
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }
        Utf8Text.EnsureValid(json.Span);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw BodyProblems.InvalidJson(e.LineNumber ?? 0);
        }
        var errors = new FieldErrors();
        FindLoneSurrogates(document.RootElement, "", errors);
        if (errors.Any)
        {
            document.Dispose();
            errors.ThrowIfAny(code, title);
        }
        return document;
    }

    /// <summary>Field names as the forms spell them: <c>metrics.facilityOwner</c>, <c>progress[0].note</c>.</summary>
    private static void FindLoneSurrogates(JsonElement element, string path, FieldErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        // JsonProperty.ToString() is the property's raw text, starting with its quoted name.
                        name = Unescape(property.ToString());
                        errors.Add(Join(path, name), TextPolicy.Violation(name) ?? TextMessages.LoneSurrogate(1));
                        continue;
                    }
                    FindLoneSurrogates(property.Value, Join(path, name), errors);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindLoneSurrogates(item, $"{path}[{i++}]", errors);
                }
                break;
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                }
                catch (InvalidOperationException)
                {
                    var text = Unescape(element.GetRawText());
                    errors.Add(path.Length == 0 ? "body" : path, TextPolicy.Violation(text) ?? TextMessages.LoneSurrogate(1));
                }
                break;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>
    /// The first JSON string literal of <paramref name="raw"/>, unescaped without judging it, so a
    /// lone surrogate stays in place for <see cref="TextPolicy.Violation"/> to find and number.
    /// </summary>
    public static string Unescape(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = new StringBuilder();
        var start = raw.IndexOf('"', StringComparison.Ordinal) + 1;
        for (var i = start; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '"')
            {
                break;
            }
            if (c != '\\' || i + 1 == raw.Length)
            {
                text.Append(c);
                continue;
            }
            var escaped = raw[++i];
            switch (escaped)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u' when i + 4 < raw.Length
                    && ushort.TryParse(raw.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit):
                    text.Append((char)unit);
                    i += 4;
                    break;
                default: text.Append(escaped); break;
            }
        }
        return text.ToString();
    }
}
