namespace Governance.Core.Input;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body (what a browser form posts) read strictly:
/// at most <see cref="BodyProblems.MaxFormFields"/> fields (400 <c>too_many_fields</c>) and
/// percent-escapes that decode to UTF-8 (400 <c>invalid_encoding</c>). ASP.NET Core's own form
/// reader throws InvalidDataException for the first and silently substitutes U+FFFD for the second.
/// </summary>
public static class UrlEncodedForm
{
    /// <summary>Fields by name; a repeated name keeps its last value, as the form reader did.</summary>
    public static Dictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = 0;
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }
            if (++count > BodyProblems.MaxFormFields)
            {
                throw BodyProblems.TooManyFields(BodyProblems.MaxFormFields);
            }
            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            fields[name] = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }
        return fields;
    }

    private static string Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
            {
                b = (byte)' ';
            }
            else if (b == '%' && i + 2 < encoded.Length && Hex(encoded[i + 1]) is { } high && Hex(encoded[i + 2]) is { } low)
            {
                b = (byte)((high << 4) | low);
                i += 2;
            }
            else if (b == '%')
            {
                // "%ZZ" or a cut-off escape: the sender's encoder is broken, so nothing it sent can be trusted to read as meant.
                throw BodyProblems.InvalidEncoding();
            }
            bytes[length++] = b;
        }
        return Utf8Text.Decode(bytes.AsSpan(0, length));
    }

    private static int? Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => null,
    };
}
