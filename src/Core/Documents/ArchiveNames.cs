namespace Governance.Core.Documents;

/// <summary>Naming and CSV quoting shared by the archives the app writes (evidence bundles, dossiers).</summary>
public static class ArchiveNames
{
    /// <summary>"照片.jpg", then "照片 (2).jpg", "照片 (3).jpg" within one folder, so no file hides another.</summary>
    public static string UniquePath(string folder, string fileName, HashSet<string> taken)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var ext = Path.GetExtension(fileName);
        var path = $"{folder}/{fileName}";
        for (var n = 2; !taken.Add(path); n++)
        {
            path = $"{folder}/{stem} ({n}){ext}";
        }
        return path;
    }

    /// <summary>One CSV field as Excel reads it: quoted when it holds a comma, a quote or a line break.</summary>
    public static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
