namespace Governance.Core.Problems;

/// <summary>
/// A refusal the client can act on: rendered as application/problem+json (RFC 9457) with a
/// Chinese title and detail, a stable English code, and the bad fields with their messages.
/// </summary>
public sealed class ProblemException(
    int status,
    string code,
    string title,
    string? detail = null,
    IReadOnlyDictionary<string, string[]>? errors = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    /// <summary>Extra response headers (e.g. Retry-After for 503).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();
}

/// <summary>
/// Collects field errors and throws one 400 naming every bad field — up to a point: an answer
/// never grows with hostile input. At most <see cref="MaxFields"/> fields and
/// <see cref="MaxMessagesPerField"/> messages each are listed, a field name is echoed at most
/// <see cref="MaxEcho"/> characters long, and the rest are counted under <see cref="MoreKey"/>.
/// </summary>
public sealed class FieldErrors
{
    public const int MaxFields = 20;
    public const int MaxMessagesPerField = 3;
    public const int MaxEcho = 30;
    private const int MaxMessageLength = 300;

    /// <summary>The entry that says how many further errors were found but not listed.</summary>
    public const string MoreKey = "_more";

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _unlisted;

    public bool Any => _errors.Count > 0;

    /// <summary>Whether <paramref name="field"/> already has an error (so a later rule does not pile on).</summary>
    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>Errors found but not listed, beyond <see cref="MaxFields"/> or <see cref="MaxMessagesPerField"/>.</summary>
    public int Unlisted => _unlisted;

    public void Add(string field, string message)
    {
        field = Echo(field);
        if (!_errors.TryGetValue(field, out var list))
        {
            if (_errors.Count >= MaxFields)
            {
                _unlisted++;
                return;
            }
            _errors[field] = list = [];
        }
        if (list.Count >= MaxMessagesPerField)
        {
            _unlisted++;
            return;
        }
        list.Add(message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message);
    }

    /// <summary>
    /// A value from the request as an answer may quote it: refused characters removed and cut to
    /// <see cref="MaxEcho"/> characters, so quoting never grows the answer or smuggles a control
    /// character into a clerk's screen.
    /// </summary>
    public static string Echo(string? value)
    {
        var clean = Input.TextPolicy.Clean(value);
        if (clean.Length <= MaxEcho)
        {
            return clean;
        }
        var cut = char.IsHighSurrogate(clean[MaxEcho - 1]) ? MaxEcho - 1 : MaxEcho;
        return clean[..cut] + "…";
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary()
    {
        var errors = _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        if (_unlisted > 0)
        {
            errors[MoreKey] = [More];
        }
        return errors;
    }

    public void ThrowIfAny(string code, string title, string? detail = null)
    {
        if (Any)
        {
            var messages = _errors.SelectMany(kv => kv.Value);
            throw new ProblemException(400, code, title,
                detail ?? string.Join("；", _unlisted > 0 ? messages.Append(More) : messages), ToDictionary());
        }
    }

    private string More => $"另有{_unlisted}处错误未列出，请先改正以上各项";
}
