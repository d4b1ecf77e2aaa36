namespace Governance.Core.Backups;

/// <summary>What an administrator reads when a restore is refused (恢复被拒绝), in one place.</summary>
public static class BackupTexts
{
    private const string NothingWritten = "未写入任何记录。";

    public static string BadName(string name) =>
        $"“{name}”不是备份名称：应为备份文件夹名，例如 2026-05-01T190000Z。{NothingWritten}";

    public static string NoManifest(string name) =>
        $"备份 {name} 没有清单（manifest.json）：这次备份没有完成，不能用于恢复。{NothingWritten}";

    public static string UnreadableManifest(string name) =>
        $"备份 {name} 的清单（manifest.json）无法读取或格式不对。{NothingWritten}";

    public static string UnknownTable(string name, string table) =>
        $"备份 {name} 的清单列出了本应用没有的表或文件（{table}）。{NothingWritten}";

    public static string Mismatch(string name, IEnumerable<string> files) =>
        $"备份 {name} 中以下文件与清单记录的 SHA-256 或大小不符，可能已被改动或损坏：{string.Join("、", files)}。拒绝恢复，{NothingWritten}";
}
