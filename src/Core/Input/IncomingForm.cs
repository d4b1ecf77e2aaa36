using System.Text.Json;

namespace Governance.Core.Input;

/// <summary>How a request body was encoded, as its Content-Type says.</summary>
public enum FormFormat
{
    Json,
    UrlEncoded,
    Multipart,

    /// <summary>Anything else; the route decides how to refuse it (each route words its own 415).</summary>
    Other,
}

/// <summary>
/// One file part of a multipart body as sent: the form field it came in (may be empty), the
/// file name the client gave (filename* first, else filename; may be empty) and its bytes.
/// <see cref="Content"/> is readable only until the next <see cref="IncomingForm.NextFileAsync"/>:
/// files are streamed, never held whole. <see cref="ExpectedLength"/> is the web edge's prediction
/// of the part's length from the request's framing (its Content-Length, what came before the part
/// and a closing delimiter after it), right when the part is the body's last; null when it cannot
/// tell. A hint for choosing how to store the bytes, never a fact: only reading says how long a part is.
/// </summary>
public sealed record IncomingFile(string Name, string FileName, Stream Content, long? ExpectedLength = null);

/// <summary>
/// A request body as the services see it (请求内容): the fields, and the file parts pulled one
/// by one. The web edge (src/Functions/Http) reads JSON, urlencoded and multipart bodies into
/// this shape and applies the size and count limits there; Core never sees a request.
/// Nothing is read until a service asks, so a refusal decided before the body (wrong unit, closed
/// period) costs nothing.
/// </summary>
public abstract class IncomingForm(FormFormat format, string contentType)
{
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.Ordinal);

    public FormFormat Format { get; } = format;

    /// <summary>The Content-Type as sent, quoted back in a refusal.</summary>
    public string ContentType { get; } = contentType;

    /// <summary>
    /// Text fields by name, every value in the order received (e.g. two <c>progress[0].requirement</c>).
    /// Complete once <see cref="NextFileAsync"/> has answered null; a multipart field after a file
    /// part appears only when the reader has passed that file.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllFields =>
        _fields.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);

    /// <summary>Text fields by name; a repeated name keeps its last value.</summary>
    public IReadOnlyDictionary<string, string> Fields =>
        _fields.ToDictionary(kv => kv.Key, kv => kv.Value[^1], StringComparer.Ordinal);

    /// <summary>
    /// A JSON body's root value, once read (null for forms). Its nesting is kept: what an object
    /// or an array means is the route's to judge, with its own field names in the errors.
    /// </summary>
    public JsonElement? Json { get; protected set; }

    /// <summary>
    /// Reads on to the next file part, collecting text fields on the way; null at the end of the
    /// body. Refusals of the body itself (too large, broken, not UTF-8, too many parts) are
    /// <see cref="Problems.ProblemException"/>s.
    /// </summary>
    public abstract ValueTask<IncomingFile?> NextFileAsync(CancellationToken ct);

    /// <summary>Reads the rest of the body; only for bodies that cannot carry files.</summary>
    public async Task ReadToEndAsync(CancellationToken ct)
    {
        if (await NextFileAsync(ct) is not null)
        {
            throw new InvalidOperationException("This body carries files: read them with NextFileAsync.");
        }
    }

    /// <summary>
    /// The body of a route that takes JSON only (评估验收, 申请, 令牌): anything else is a 415
    /// quoting the Content-Type; malformed JSON is refused by the edge with the route's own code.
    /// </summary>
    public async Task<JsonElement> ReadJsonAsync(CancellationToken ct)
    {
        if (Format != FormFormat.Json)
        {
            throw new Problems.ProblemException(415, "unsupported_media_type", "不支持的内容类型",
                $"请以 application/json 提交，收到“{Problems.FieldErrors.Echo(ContentType)}”。");
        }
        await ReadToEndAsync(ct);
        return Json!.Value;
    }

    /// <summary>The JSON body as <typeparamref name="T"/>; a value of the wrong JSON kind is refused as invalid JSON.</summary>
    public async Task<T?> ReadJsonAsync<T>(CancellationToken ct)
    {
        var root = await ReadJsonAsync(ct);
        try
        {
            return root.Deserialize<T>(Governance.Core.Json.Options);
        }
        catch (JsonException e)
        {
            throw BodyProblems.InvalidJson(e.LineNumber ?? 0);
        }
    }

    protected void AddField(string name, string value)
    {
        if (!_fields.TryGetValue(name, out var values))
        {
            _fields[name] = values = [];
        }
        values.Add(value);
    }
}
