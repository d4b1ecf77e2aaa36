using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Governance.Functions.Tests.BadInput;

/// <summary>What a corpus request must get back.</summary>
internal enum Expect
{
    /// <summary>4xx, application/problem+json with a non-empty code and a Chinese title.</summary>
    Refusal,

    /// <summary>The anonymous health route: bad headers or query must not break it (200 JSON).</summary>
    Healthy,
}

/// <summary>
/// One hostile or careless request. <see cref="Body"/> makes a fresh content for each send, so a
/// streamed 25 MB body is never held in memory.
/// </summary>
internal sealed record CorpusCase(
    string Group,
    string Name,
    HttpMethod Method,
    string Path,
    string? Authorization,
    string AuthLabel,
    Func<HttpContent>? Body = null,
    IReadOnlyList<(string Name, string Value)>? Headers = null,
    Expect Expect = Expect.Refusal)
{
    /// <summary>Header placeholders the runner fills in just before sending, from the evaluation as it is then.</summary>
    public const string CurrentETag = "{current-etag}";
    public const string CurrentETagUnquoted = "{current-etag-unquoted}";
    public const string NextETag = "{next-etag}";

    public string Describe()
    {
        using var content = Body?.Invoke();
        var body = content is null ? "no body"
            : $"{content.Headers.ContentType?.ToString() ?? "no content-type"}, {Size(content.Headers.ContentLength)}";
        var path = Path.Length <= 90 ? Path : Path[..90] + $"…({Path.Length} chars)";
        var headers = Headers is null ? "" : " " + string.Join(" ", Headers.Select(h => $"{h.Name}: {Cut(h.Value, 40)}"));
        return $"{Method} {path} [auth {AuthLabel}; {body}]{headers}";
    }

    private static string Size(long? bytes) => bytes switch
    {
        null => "streamed",
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} B",
    };

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}

/// <summary>Request bodies built byte by byte, so they can carry what a well-behaved client never sends.</summary>
internal static class Bodies
{
    public const string Json = "application/json";
    public const string FormType = "application/x-www-form-urlencoded";

    /// <summary>The marker <see cref="Utf8With"/> replaces with raw bytes.</summary>
    public const string Raw = "§RAW§";

    public static HttpContent Bytes(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return content;
    }

    public static HttpContent Text(string text, string? contentType = Json) => Bytes(Encoding.UTF8.GetBytes(text), contentType);

    /// <summary><paramref name="text"/> as UTF-8 with <see cref="Raw"/> replaced by <paramref name="raw"/> (e.g. invalid UTF-8).</summary>
    public static byte[] Utf8With(string text, byte[] raw)
    {
        var at = text.IndexOf(Raw, StringComparison.Ordinal);
        if (at < 0)
        {
            return Encoding.UTF8.GetBytes(text);
        }
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. raw, .. Encoding.UTF8.GetBytes(text[(at + Raw.Length)..])];
    }

    /// <summary>A JSON object from members whose values are raw JSON text.</summary>
    public static string Object(params (string Name, string RawValue)[] members) =>
        "{" + string.Join(",", members.Select(m => $"\"{m.Name}\":{m.RawValue}")) + "}";

    /// <summary>The same object with one member's raw value replaced (or added when absent).</summary>
    public static string With((string Name, string RawValue)[] members, string name, string rawValue) =>
        members.Any(m => m.Name == name)
            ? Object(members.Select(m => m.Name == name ? (m.Name, rawValue) : m).ToArray())
            : Object([.. members, (name, rawValue)]);

    public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    public static HttpContent Form(params (string Name, string Value)[] fields) =>
        Text(string.Join("&", fields.Select(f => $"{WebUtility.UrlEncode(f.Name)}={WebUtility.UrlEncode(f.Value)}")), FormType);

    /// <summary>A urlencoded body written exactly as given (percent escapes included).</summary>
    public static HttpContent RawForm(string body) => Bytes(Encoding.ASCII.GetBytes(body), FormType);

    /// <summary>A multipart/form-data body assembled by hand: part headers go out as the raw UTF-8 (or other) bytes given.</summary>
    public static HttpContent Multipart(params Part[] parts) => Multipart("corpus-boundary-7d1f", terminated: true, parts);

    public static HttpContent Multipart(string boundary, bool terminated, params Part[] parts)
    {
        using var buffer = new MemoryStream();
        void Write(byte[] b) => buffer.Write(b);
        void Line(string s) => Write(Encoding.UTF8.GetBytes(s + "\r\n"));
        foreach (var p in parts)
        {
            Line("--" + boundary);
            Write(p.Disposition);
            Write("\r\n"u8.ToArray());
            if (p.ContentType is not null)
            {
                Line("Content-Type: " + p.ContentType);
            }
            Line("");
            Write(p.Content);
            Line("");
        }
        if (terminated)
        {
            Line("--" + boundary + "--");
        }
        return Bytes(buffer.ToArray(), $"multipart/form-data; boundary={boundary}");
    }

    /// <summary>A form field part.</summary>
    public static Part Field(string name, string value) => new(Encoding.UTF8.GetBytes($"Content-Disposition: form-data; name=\"{name}\""), Encoding.UTF8.GetBytes(value), null);

    public static Part Field(string name, byte[] value) => new(Encoding.UTF8.GetBytes($"Content-Disposition: form-data; name=\"{name}\""), value, null);

    /// <summary>A file part whose file name is written as raw UTF-8 inside the quotes (as browsers do).</summary>
    public static Part File(string fileName, byte[] content, string contentType = "application/octet-stream") =>
        FileRaw(Encoding.UTF8.GetBytes(fileName), content, contentType);

    /// <summary>A file part whose file name is exactly these bytes (e.g. GBK or invalid UTF-8).</summary>
    public static Part FileRaw(byte[] fileName, byte[] content, string contentType = "application/octet-stream") =>
        new([.. "Content-Disposition: form-data; name=\"file\"; filename=\""u8.ToArray(), .. fileName, (byte)'"'], content, contentType);

    /// <summary>A file part with an RFC 5987 <c>filename*</c> (percent-encoded UTF-8), which the server prefers over <c>filename</c>.</summary>
    public static Part FileStar(string encodedName, byte[] content) =>
        new(Encoding.ASCII.GetBytes($"Content-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"; filename*=UTF-8''{encodedName}"), content, "application/octet-stream");

    /// <summary>
    /// A body of <paramref name="prefix"/>, <paramref name="fillCount"/> copies of <paramref name="fill"/> and
    /// <paramref name="suffix"/>, written in chunks with its Content-Length known up front.
    /// </summary>
    public static HttpContent Streamed(string prefix, byte fill, long fillCount, string suffix, string contentType) =>
        new RepeatedContent(Encoding.UTF8.GetBytes(prefix), fill, fillCount, Encoding.UTF8.GetBytes(suffix), contentType);

    internal sealed record Part(byte[] Disposition, byte[] Content, string? ContentType);

    private sealed class RepeatedContent : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly byte _fill;
        private readonly long _count;
        private readonly byte[] _suffix;

        public RepeatedContent(byte[] prefix, byte fill, long count, byte[] suffix, string contentType)
        {
            (_prefix, _fill, _count, _suffix) = (prefix, fill, count, suffix);
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_prefix);
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, _fill);
            for (var left = _count; left > 0; left -= chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
            }
            await stream.WriteAsync(_suffix);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _prefix.Length + _count + _suffix.Length;
            return true;
        }
    }
}
