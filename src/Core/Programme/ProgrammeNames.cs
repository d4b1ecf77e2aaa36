using Governance.Core.Input;

namespace Governance.Core.Programme;

/// <summary>
/// Names that become storage keys (键名规范): a responsible unit (责任单位) is the
/// Units row key, the recipient part of notice keys and the partition of a unit's notices; a
/// community (承接项目社区) feeds assignment and application ids. Beyond <see cref="TextPolicy"/>,
/// Azure Table keys refuse <c>/</c>, <c>\</c>, <c>#</c>, <c>?</c> and every control character
/// (tab, CR and LF included), and a name is one short line, so a key stays far below the 1 KiB limit.
/// </summary>
public static partial class ProgrammeNames
{
    /// <summary>Longest unit or community name accepted; the longest real one (a 街道办事处) is about a dozen characters.</summary>
    public const int MaxNameLength = 50;

    /// <summary>
    /// The first reason <paramref name="name"/> (already trimmed) cannot be a unit or community
    /// name, in Chinese, or null when it can. <paramref name="what"/> names it for the message, e.g. 责任单位.
    /// </summary>
    public static string? NameViolation(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return KeyNameMessages.Blank(what);
        }
        if (TextPolicy.Violation(name) is { } text)
        {
            return text;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '/' or '\\' or '#' or '?')
            {
                return KeyNameMessages.ReservedCharacter(what, c, i + 1);
            }
            if (char.IsControl(c))
            {
                // Tab, CR and LF pass the text policy (they belong in prose) but not in a name or a key.
                return KeyNameMessages.LineBreakOrTab(what, i + 1);
            }
        }
        if (name.Length > MaxNameLength)
        {
            return KeyNameMessages.TooLong(what, name.Length);
        }
        return null;
    }

    /// <summary>True when <paramref name="name"/> is acceptable as a unit or community name.</summary>
    public static bool IsValidName(string? name) => NameViolation(name, "名称") is null;
}

/// <summary>The Chinese wording of the key-name rule.</summary>
public static class KeyNameMessages
{
    public static string Blank(string what) => $"{what}不能为空。";

    public static string ReservedCharacter(string what, char c, int position) =>
        $"{what}的第{position}个字符“{c}”不能用在名称中（/ \\ # ? 都不可以），请删除或改用其他字符。";

    public static string LineBreakOrTab(string what, int position) =>
        $"{what}的第{position}个字符是换行或制表符，名称应为一行文字，请删除。";

    public static string TooLong(string what, int length) =>
        $"{what}不能超过{ProgrammeNames.MaxNameLength}个字符，收到{length}个字符。";
}
