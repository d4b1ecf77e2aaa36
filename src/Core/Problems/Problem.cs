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

/// <summary>Collects field errors and throws one 400 naming every bad field.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny(string code, string title, string? detail = null)
    {
        if (Any)
        {
            throw new ProblemException(400, code, title, detail ?? string.Join("；", _errors.SelectMany(kv => kv.Value)), ToDictionary());
        }
    }
}
