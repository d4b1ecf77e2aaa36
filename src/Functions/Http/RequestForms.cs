using System.Text;
using Governance.Core.Evidence;
using Governance.Core.Input;
using Governance.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Governance.Functions.Http;

/// <summary>
/// Turns a request body into the plain <see cref="IncomingForm"/> the services read: JSON,
/// application/x-www-form-urlencoded and multipart/form-data. The limits of a body are applied
/// here: its size (<see cref="BoundedBody"/> and the web server), at most
/// <see cref="BodyProblems.MaxFormFields"/> text fields of at most <see cref="MaxTextFieldChars"/>
/// characters, at most <see cref="MaxFilesPerUpload"/> files. Files are streamed, never buffered.
/// </summary>
public sealed class RequestForms(IOptions<EvidenceOptions> evidence)
{
    /// <summary>File parts one multipart body may carry.</summary>
    public const int MaxFilesPerUpload = 100;

    /// <summary>Characters of one multipart text field (the longest report text is far shorter).</summary>
    public const int MaxTextFieldChars = 16 * 1024;

    /// <summary>
    /// Form fields that belong to the transport, not to the route's content: the token (RFC 6750
    /// §2.2) and where the HTML answer links back to. They are kept apart (<see cref="FormBody.Edge"/>)
    /// so no service sees them as unknown fields.
    /// </summary>
    public const string AccessTokenField = "access_token", ReturnToField = "return_to";

    private static readonly object ItemKey = new();

    public static bool IsMultipart(HttpRequest req) =>
        req.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The body of <paramref name="req"/>, not yet read. A JSON string holding a lone surrogate is
    /// refused with the route's <paramref name="invalidCode"/> and <paramref name="invalidTitle"/>,
    /// naming the field. A form body is one object per request: when the token was taken from its
    /// fields (<see cref="Api"/>), the route reads on from where that stopped, never twice.
    /// </summary>
    public IncomingForm Read(HttpRequest req, string invalidCode = "invalid_request", string invalidTitle = "请求内容有误") =>
        Existing(req) ?? Remember(req, Read(req.Body, req.ContentType, invalidCode, invalidTitle, req.ContentLength));

    /// <summary>
    /// The body of a route that takes JSON only: a body sent without a Content-Type is read as
    /// JSON (scripts often omit it); any other type reaches the service, which refuses it as 415.
    /// </summary>
    public IncomingForm ReadJson(HttpRequest req, string invalidCode, string invalidTitle) =>
        Existing(req) ?? Remember(req, Read(req.Body, string.IsNullOrWhiteSpace(req.ContentType) ? "application/json" : req.ContentType, invalidCode, invalidTitle));

    /// <summary>The form body of <paramref name="req"/> if one was opened already (by the token or by the route).</summary>
    public static FormBody? Existing(HttpRequest req) =>
        req.HttpContext.Items.TryGetValue(ItemKey, out var form) ? form as FormBody : null;

    private static IncomingForm Remember(HttpRequest req, IncomingForm form)
    {
        if (form is FormBody)
        {
            req.HttpContext.Items[ItemKey] = form;
        }
        return form;
    }

    /// <summary>
    /// A body and its Content-Type, however they arrived (a request, or a test's bytes), and its
    /// Content-Length when it has one (a multipart body's last file part then knows its length in advance).
    /// </summary>
    public IncomingForm Read(Stream body, string? contentType, string invalidCode = "invalid_request", string invalidTitle = "请求内容有误", long? contentLength = null)
    {
        var type = contentType ?? "";
        if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonForm(body, type, invalidCode, invalidTitle);
        }
        if (type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return new UrlEncodedBody(body, type);
        }
        return type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? new MultipartForm(body, type, evidence.Value.MaxRequestBytes, contentLength)
            : new OtherBody(type);
    }

    private sealed class JsonForm(Stream body, string contentType, string invalidCode, string invalidTitle)
        : IncomingForm(FormFormat.Json, contentType)
    {
        public override async ValueTask<IncomingFile?> NextFileAsync(CancellationToken ct)
        {
            if (Json is null)
            {
                using var document = await JsonBody.ParseAsync(body, invalidCode, invalidTitle, ct);
                Json = document.RootElement.Clone();
            }
            return null;
        }
    }

    private sealed class UrlEncodedBody(Stream body, string contentType) : FormBody(FormFormat.UrlEncoded, contentType)
    {
        private bool _read;

        /// <summary>A urlencoded body is read whole (it is small and bounded): every field is then known.</summary>
        public override async ValueTask ReadLeadingFieldsAsync(CancellationToken ct) => await NextFileAsync(ct);

        public override async ValueTask<IncomingFile?> NextFileAsync(CancellationToken ct)
        {
            if (!_read)
            {
                _read = true;
                // Read by the app's own strict reader: ASP.NET's form reader answers too many fields with an
                // InvalidDataException (a 500) and turns bytes that are not UTF-8 into U+FFFD unnoticed.
                foreach (var (name, value) in UrlEncodedForm.Parse(await Utf8Text.ReadAllAsync(body, ct)))
                {
                    Collect(name, value);
                }
            }
            return null;
        }
    }

    /// <summary>A body no route reads; the service refuses it in its own words before asking for it.</summary>
    private sealed class OtherBody(string contentType) : IncomingForm(FormFormat.Other, contentType)
    {
        public override ValueTask<IncomingFile?> NextFileAsync(CancellationToken ct) => ValueTask.FromResult<IncomingFile?>(null);
    }

    /// <summary>
    /// Reads a multipart/form-data body section by section: text fields are collected, each file
    /// part is handed out as a stream over the body itself. Failures of the transport (the client
    /// goes away, the body passes the web server's limit, broken framing) become the upload's
    /// refusals wherever they surface, here or while the service streams a file.
    /// </summary>
    private sealed class MultipartForm(Stream body, string contentType, long maxRequestBytes, long? contentLength) : FormBody(FormFormat.Multipart, contentType)
    {
        private const int ReadBufferBytes = 64 * 1024;

        private MultipartReader? _reader;

        // The body's bytes up to the first file part, kept only to find where that part starts (ExpectedLength).
        private PrefixRecordingStream? _prefix;
        private int _sections;
        private int _files;
        private int _textFields;
        private bool _done;

        // The first file part, reached while reading the fields before it: handed out by the next NextFileAsync.
        private IncomingFile? _held;

        /// <summary>Reads the text fields up to the first file part and holds that part, unread, for the route.</summary>
        public override async ValueTask ReadLeadingFieldsAsync(CancellationToken ct) => _held ??= await ReadOnAsync(ct);

        public override async ValueTask<IncomingFile?> NextFileAsync(CancellationToken ct)
        {
            if (_held is { } held)
            {
                _held = null;
                return held;
            }
            return await ReadOnAsync(ct);
        }

        private async ValueTask<IncomingFile?> ReadOnAsync(CancellationToken ct)
        {
            try
            {
                // A 64 KB read buffer instead of the reader's 4 KB: a file part is handed on in reads of at
                // most this size, and each read is hashed and sniffed on its way (docs/benchmarks.md, "Transfers").
                if (_reader is null)
                {
                    var boundary = Boundary(ContentType);
                    _prefix = contentLength is > 0 ? new PrefixRecordingStream(body) : null;
                    _reader = new MultipartReader(boundary, _prefix ?? body, ReadBufferBytes) { HeadersLengthLimit = 16 * 1024 };
                }
                while (!_done && await _reader.ReadNextSectionAsync(ct) is { } section)
                {
                    _sections++;
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                        !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                    // A part with a filename parameter is a file even when the name is empty ("filename=\"\""):
                    // ASP.NET counts only non-empty names, and the bytes would otherwise be read as a text field.
                    if (disposition.IsFileDisposition() || disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
                    {
                        if (_files == MaxFilesPerUpload)
                        {
                            throw new ProblemException(400, "too_many_files", EvidenceMessages.InvalidTitle, $"一次最多上传{MaxFilesPerUpload}个文件。");
                        }
                        _files++;
                        FileContentType = section.ContentType;
                        var expected = ExpectedLength();
                        return new IncomingFile(name, SentName(disposition), new TranslatingStream(section.Body, e => Translate(e, ct)), expected);
                    }
                    if (++_textFields > BodyProblems.MaxFormFields)
                    {
                        throw BodyProblems.TooManyFields(BodyProblems.MaxFormFields);
                    }
                    Collect(name, await ReadTextAsync(section.Body, name, ct));
                }
                _done = true;
                return null;
            }
            catch (Exception e) when (Translate(e, ct) is { } problem)
            {
                throw problem;
            }
        }

        private ProblemException? Translate(Exception e, CancellationToken ct) => e switch
        {
            ProblemException => null,
            OperationCanceledException when ct.IsCancellationRequested => null,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => EvidenceMessages.RequestTooLarge(maxRequestBytes),
            DecoderFallbackException => BodyProblems.InvalidEncoding(),
            IOException or InvalidDataException => EvidenceMessages.UploadBroken(),
            _ => null,
        };

        /// <summary>
        /// The length the file part just reached has if it is the body's last part, closed the way
        /// browsers and HttpClient close one (CRLF "--" boundary "--" CRLF, no epilogue): the
        /// Content-Length less the bytes before the part's content and that delimiter. Found for the
        /// first file part only (the bytes before it were kept for this); null when it cannot tell.
        /// </summary>
        private long? ExpectedLength()
        {
            if (_prefix is not { } prefix || contentLength is not { } total)
            {
                return null;
            }
            _prefix = null;
            var boundary = Boundary(ContentType);
            var start = prefix.StopAndFindContent(Encoding.ASCII.GetBytes("--" + boundary), _sections);
            var expected = start is { } s ? total - s - ("\r\n--" + boundary + "--\r\n").Length : -1;
            return expected >= 0 ? expected : null;
        }

        private static string Boundary(string contentType)
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var media) ||
                !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw EvidenceMessages.NotMultipart(contentType);
            }
            var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).ToString();
            return boundary.Length is > 0 and <= 70 ? boundary : throw EvidenceMessages.UploadBroken();
        }

        /// <summary>The file name as sent: filename* (RFC 5987) first, else filename.</summary>
        private static string SentName(ContentDispositionHeaderValue disposition) =>
            disposition.FileNameStar.HasValue && disposition.FileNameStar.Length > 0
                ? disposition.FileNameStar.ToString()
                : HeaderUtilities.RemoveQuotes(disposition.FileName).ToString();

        private static async Task<string> ReadTextAsync(Stream section, string field, CancellationToken ct)
        {
            using var reader = new StreamReader(section, Utf8Text.StrictEncoding, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
            var buffer = new char[MaxTextFieldChars + 1];
            var length = 0;
            int n;
            while (length < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += n;
            }
            return length > MaxTextFieldChars ? throw EvidenceMessages.FieldTooLong(field) : new string(buffer, 0, length);
        }
    }

    /// <summary>
    /// A pass-through over a multipart body that keeps the bytes read until it is stopped (at the
    /// first file part; at most <see cref="MaxRecorded"/>), to find where that part's content starts.
    /// </summary>
    private sealed class PrefixRecordingStream(Stream inner) : Stream
    {
        private const int MaxRecorded = 1024 * 1024;

        private MemoryStream? _recorded = new();

        /// <summary>
        /// Stops recording and answers the offset in the body of the content of section
        /// <paramref name="section"/> (1-based): after its delimiter (the first "--boundary", then
        /// each one at a line start) and the blank line that ends its headers; null if not recorded.
        /// </summary>
        public long? StopAndFindContent(ReadOnlySpan<byte> delimiter, int section)
        {
            var recorded = _recorded;
            _recorded = null;
            if (recorded is null)
            {
                return null;
            }
            var data = recorded.GetBuffer().AsSpan(0, (int)recorded.Length);
            var seen = 0;
            for (var from = 0; from < data.Length;)
            {
                var i = data[from..].IndexOf(delimiter);
                if (i < 0)
                {
                    return null;
                }
                i += from;
                if (seen == 0 || (i >= 2 && data[i - 2] == '\r' && data[i - 1] == '\n'))
                {
                    if (++seen == section)
                    {
                        var headers = i + delimiter.Length;
                        var end = data[headers..].IndexOf("\r\n\r\n"u8);
                        return end < 0 ? null : headers + end + 4;
                    }
                }
                from = i + delimiter.Length;
            }
            return null;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Record(buffer[..n]);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Record(buffer.Span[..n]);
            return n;
        }

        private void Record(ReadOnlySpan<byte> data)
        {
            if (_recorded is null)
            {
                return;
            }
            if (_recorded.Length + data.Length > MaxRecorded)
            {
                _recorded = null;
                return;
            }
            _recorded.Write(data);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A file part's bytes, whose transport failures read as the upload's refusals.</summary>
    private sealed class TranslatingStream(Stream inner, Func<Exception, ProblemException?> translate) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception e) when (translate(e) is { } problem)
            {
                throw problem;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (translate(e) is { } problem)
            {
                throw problem;
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// A urlencoded or multipart body (what an HTML form posts). Beside the route's fields it keeps the
/// transport's own (<see cref="RequestForms.AccessTokenField"/>, <see cref="RequestForms.ReturnToField"/>)
/// apart, and can read just the fields before the first file part, which is where a form puts its
/// hidden token, without touching the files.
/// </summary>
public abstract class FormBody(FormFormat format, string contentType) : IncomingForm(format, contentType)
{
    private readonly Dictionary<string, string> _edge = new(StringComparer.Ordinal);

    /// <summary>The transport's fields read so far (the first value of each).</summary>
    public IReadOnlyDictionary<string, string> Edge => _edge;

    /// <summary>The Content-Type of the file part handed out last (a file part may name none).</summary>
    public string? FileContentType { get; protected set; }

    /// <summary>Reads the fields that come before the first file part (all fields of a body without files).</summary>
    public abstract ValueTask ReadLeadingFieldsAsync(CancellationToken ct);

    protected void Collect(string name, string value)
    {
        if (name is RequestForms.AccessTokenField or RequestForms.ReturnToField)
        {
            _edge.TryAdd(name, value);
            return;
        }
        AddField(name, value);
    }
}
