using System.Text;
using Governance.Core.Problems;

namespace Governance.Core.Input;

/// <summary>
/// What text the app accepts from anyone (文本规范): no C0 control characters other than tab, CR
/// and LF, no DEL or C1 controls, no U+FFFE/U+FFFF, no lone surrogates, and no bidirectional
/// override or isolate characters (they make a file name or a sentence read differently from
/// what it is). Applied at every edge where text enters; the document writers use
/// <see cref="Clean"/> for text stored before the policy existed.
/// </summary>
public static class TextPolicy
{
    /// <summary>The first reason <paramref name="value"/> is refused, in Chinese, or null when it is acceptable.</summary>
    public static string? Violation(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }
                return TextMessages.LoneSurrogate(i + 1);
            }
            if (char.IsLowSurrogate(c))
            {
                return TextMessages.LoneSurrogate(i + 1);
            }
            if (IsRefusedControl(c))
            {
                return TextMessages.Control(c, i + 1);
            }
            if (IsBidiControl(c))
            {
                return TextMessages.Bidi(c, i + 1);
            }
            if (c is '\uFFFE' or '\uFFFF')
            {
                return TextMessages.NonCharacter(c, i + 1);
            }
        }
        return null;
    }

    /// <summary>Adds a field error naming <paramref name="field"/> when <paramref name="value"/> breaks the policy; true when it is acceptable.</summary>
    public static bool Check(string field, string? value, FieldErrors errors)
    {
        var violation = Violation(value);
        if (violation is null)
        {
            return true;
        }
        errors.Add(field, violation);
        return false;
    }

    /// <summary>
    /// The text with every refused character removed (lone surrogates become U+FFFD): for writers
    /// that must never fail on text stored before this policy, and for names shown in headers.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value) || Violation(value) is null)
        {
            return value ?? "";
        }
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append('\uFFFD');
            }
            else if (!IsRefusedControl(c) && !IsBidiControl(c) && c is not ('\uFFFE' or '\uFFFF'))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool IsRefusedControl(char c) =>
        (c < ' ' && c is not ('\t' or '\r' or '\n')) || (c >= '\u007F' && c <= '\u009F');

    /// <summary>LRE, RLE, PDF, LRO, RLO (U+202A–U+202E), LRI, RLI, FSI, PDI (U+2066–U+2069), and the marks LRM, RLM, ALM.</summary>
    private static bool IsBidiControl(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}

/// <summary>The policy's messages, in the words a clerk reads.</summary>
public static class TextMessages
{
    public static string Control(char c, int position) =>
        $"第{position}个字符是不可见的控制字符（U+{(int)c:X4}），请删除后重新填写。";

    public static string Bidi(char c, int position) =>
        $"第{position}个字符是改变文字方向的控制字符（U+{(int)c:X4}），可能让内容显示得与实际不同，请删除。";

    public static string NonCharacter(char c, int position) =>
        $"第{position}个字符（U+{(int)c:X4}）不是有效字符，请删除。";

    public static string LoneSurrogate(int position) =>
        $"第{position}个字符不是完整的字符（残缺的代理项），请检查输入法或复制来源后重新填写。";

    public const string InvalidEncodingTitle = "请求内容不是有效的UTF-8文本";

    public const string InvalidEncodingDetail = "请求中含有不是UTF-8编码的字节，请以UTF-8重新提交。";
}
