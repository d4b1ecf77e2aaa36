using System.Text;
using System.Text.Unicode;

namespace Governance.Core.Input;

/// <summary>Request bytes decoded strictly: a byte sequence that is not UTF-8 is refused, never replaced with U+FFFD behind the clerk's back.</summary>
public static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>An encoding for readers of request text: invalid bytes throw <see cref="DecoderFallbackException"/>.</summary>
    public static Encoding StrictEncoding => Strict;

    /// <summary>Throws 400 <c>invalid_encoding</c> unless <paramref name="bytes"/> are well-formed UTF-8.</summary>
    public static void EnsureValid(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw BodyProblems.InvalidEncoding();
        }
    }

    /// <summary>The text of well-formed UTF-8 bytes; 400 <c>invalid_encoding</c> otherwise.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        EnsureValid(bytes);
        return Strict.GetString(bytes);
    }

    /// <summary>The whole body in memory; the web edge has already bounded its size for the route.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
