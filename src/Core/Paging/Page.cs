using System.Text;
using Azure;
using Governance.Core.Problems;

namespace Governance.Core.Paging;

/// <summary>
/// One page of a list that can grow (分页): the items and, when more may follow, an opaque
/// continuation to pass back as <c>?continuation=</c>. A list is never cut silently: when the
/// continuation is null the list is complete.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation)
{
    public Page<TOut> Select<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Continuation);
}

/// <summary>What the client asked for: at most <see cref="Limit"/> items, from <see cref="Continuation"/> on.</summary>
public readonly record struct PageRequest(int Limit, string? Continuation)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static PageRequest First(int limit = DefaultLimit) => new(limit, null);

    /// <summary>
    /// Reads <c>?limit=</c> and <c>?continuation=</c>; a limit outside 1..<see cref="MaxLimit"/> or a
    /// continuation this app did not hand out is a 400 naming the field.
    /// </summary>
    public static PageRequest Parse(string? limit, string? continuation)
    {
        var errors = new FieldErrors();
        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxLimit))
        {
            errors.Add("limit", $"每页条数应为 1 到 {MaxLimit} 之间的整数，收到“{FieldErrors.Echo(limit)}”。");
        }
        string? inner = null;
        if (!string.IsNullOrWhiteSpace(continuation) && !ContinuationCodec.TryDecode(continuation.Trim(), out inner))
        {
            errors.Add("continuation", "翻页标记无效，请使用上一页返回的 continuation 原样提交，或从第一页重新查询。");
        }
        if (errors.Any)
        {
            throw new ProblemException(400, "invalid_paging", "分页参数有误", "分页参数有误，请检查 limit 和 continuation。", errors.ToDictionary());
        }
        return new PageRequest(size, inner);
    }
}

/// <summary>
/// Wraps a storage continuation so a client sees one opaque, URL-safe token, and a token
/// that was edited or made up is refused (400) instead of reaching storage.
/// </summary>
public static class ContinuationCodec
{
    private const string Prefix = "c1.";

    public static string? Encode(string? inner) =>
        inner is null ? null : Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(inner)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string token, out string? inner)
    {
        inner = null;
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 2048)
        {
            return false;
        }
        var body = token[Prefix.Length..].Replace('-', '+').Replace('_', '/');
        body = body.PadRight(body.Length + (4 - body.Length % 4) % 4, '=');
        try
        {
            var bytes = Convert.FromBase64String(body);
            inner = new UTF8Encoding(false, true).GetString(bytes);
            return inner.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

/// <summary>Reads one page of a table query: the storage page size is the client's limit.</summary>
public static class TablePaging
{
    public static async Task<Page<T>> ReadAsync<TEntity, T>(AsyncPageable<TEntity> query, PageRequest request, Func<TEntity, T> map, CancellationToken ct)
        where TEntity : notnull
    {
        await foreach (var page in query.AsPages(request.Continuation, request.Limit).WithCancellation(ct))
        {
            return new Page<T>(page.Values.Select(map).ToList(), ContinuationCodec.Encode(page.ContinuationToken));
        }
        return new Page<T>([], null);
    }
}
