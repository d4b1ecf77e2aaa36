using System.Text;
using Governance.Core.Evidence;
using Governance.Core.Input;

namespace Governance.Core.Documents;

/// <summary>
/// The one naming rule for every file name the app hands out — download headers (SAS
/// Content-Disposition), zip entries of evidence bundles (证明材料包) and acceptance dossiers
/// (验收档案) — and the one CSV cell rule for every CSV the app writes.
/// </summary>
public static class ArchiveNames
{
    /// <summary>The longest name kept, extension included.</summary>
    public const int MaxLength = 200;

    private const string ForbiddenInNames = "<>:\"|?*";

    private static readonly HashSet<string> Reserved = new(
        ["CON", "PRN", "AUX", "NUL",
         .. Enumerable.Range(1, 9).Select(n => $"COM{n}"), .. Enumerable.Range(1, 9).Select(n => $"LPT{n}"),
         "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A name safe to save on any desktop: refused characters removed (<see cref="TextPolicy.Clean"/>,
    /// so rows stored before the text policy come out clean too), only the last path segment, no
    /// characters Windows refuses, and — when the content's <paramref name="kind"/> is known — the
    /// kind's extension ("evil.html" holding a JPEG → "evil.jpg"; "photo.JPEG" stays). A name that is
    /// empty, dots only or a Windows device name (CON, NUL.txt, LPT1 …) becomes
    /// <paramref name="fallbackStem"/> plus the extension. Applying it twice changes nothing.
    /// </summary>
    public static string FileName(string? name, EvidenceFileKind? kind, string fallbackStem)
    {
        var text = TextPolicy.Clean(name);
        text = text[(text.LastIndexOfAny(['/', '\\']) + 1)..];
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Tab, CR and LF pass the text policy (they belong in prose) but not in a file name.
            sb.Append(c < ' ' || ForbiddenInNames.Contains(c) ? '_' : c);
        }
        text = sb.ToString().Trim();

        var (stem, ext) = Split(text);
        if (kind is { } k && !k.Extensions().Contains(ext, StringComparer.OrdinalIgnoreCase))
        {
            ext = k.Extensions()[0];
        }
        // Windows drops trailing dots and spaces, so "a. " would be saved as "a" and "..." as nothing.
        stem = stem.TrimEnd('.', ' ');
        if (stem.Trim('.', ' ').Length == 0 || IsReserved(stem))
        {
            stem = fallbackStem;
        }
        if (stem.Length + ext.Length > MaxLength)
        {
            var cut = MaxLength - ext.Length;
            if (char.IsHighSurrogate(stem[cut - 1]))
            {
                cut--;
            }
            stem = stem[..cut].TrimEnd('.', ' ');
        }
        return stem + ext;
    }

    /// <summary>The name an evidence file is shown, downloaded and archived under.</summary>
    public static string FileName(EvidenceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return FileName(record.FileName, EvidenceFileKinds.FromContentType(record.ContentType), GeneratedStem(record.Id));
    }

    /// <summary>"证明材料-1a2b3c4d": the evidence id's first random hex digits, for names that cannot be kept.</summary>
    public static string GeneratedStem(string evidenceId)
    {
        var random = evidenceId[(evidenceId.LastIndexOf('.') + 1)..];
        var hex = new string(random.Where(char.IsAsciiHexDigit).Take(8).ToArray());
        return EvidenceMessages.GeneratedFileStem + (hex.Length > 0 ? "-" + hex : "");
    }

    /// <summary>"照片.jpg", then "照片 (2).jpg", "照片 (3).jpg" within one folder, so no file hides another.</summary>
    public static string UniquePath(string folder, string fileName, HashSet<string> taken)
    {
        var (stem, ext) = Split(fileName);
        var path = $"{folder}/{fileName}";
        for (var n = 2; !taken.Add(path); n++)
        {
            path = $"{folder}/{stem} ({n}){ext}";
        }
        return path;
    }

    /// <summary>
    /// One CSV cell as Excel reads it, never as a formula: a cell starting with =, +, -, @, tab or
    /// CR gets a leading apostrophe (OWASP's advice against CSV injection), then the cell is quoted
    /// when it holds a comma, a quote or a line break.
    /// </summary>
    /// <remarks>
    /// The rule is uniform on purpose, with no exception for numbers: every numeric cell the app
    /// writes (sizes, versions, amounts, dates) is formatted by the app and is never negative, so
    /// none starts with '-' or '+'; a cell that does came from someone's text, and "-1+2" typed into
    /// a report is exactly what must not run.
    /// </remarks>
    public static string Csv(string? value)
    {
        var text = TextPolicy.Clean(value);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>One CSV line (CRLF-terminated, as RFC 4180 and Excel expect) from its cells.</summary>
    public static string CsvLine(IEnumerable<string?> cells) => string.Join(',', cells.Select(Csv)) + "\r\n";

    // An extension is what follows the last dot when it looks like one (1–10 ASCII letters or
    // digits), so "2024.03.15 照片" keeps its dots in the stem.
    private static (string Stem, string Ext) Split(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot >= 0 && name.Length - dot - 1 is >= 1 and <= 10 && name.AsSpan(dot + 1).ContainsAnyExcept(AsciiAlphanumerics) is false)
        {
            return (name[..dot], name[dot..]);
        }
        return (name, "");
    }

    private static readonly System.Buffers.SearchValues<char> AsciiAlphanumerics =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static bool IsReserved(string stem)
    {
        // Windows treats "CON.txt" and "con .tar.gz" as the device too: what counts is the part before the first dot.
        var dot = stem.IndexOf('.');
        return Reserved.Contains((dot >= 0 ? stem[..dot] : stem).TrimEnd(' '));
    }
}
