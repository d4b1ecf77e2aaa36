using System.Text.Json;
using Governance.Core;
using Governance.Core.Backups;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Restore;

/// <summary>
/// The administrator's backup command (docs/backup.md): <c>list</c>, <c>backup</c>, or a backup's
/// name to restore it. It builds the app's own registration, so it reaches the storage the same way
/// the app does (the connection Records, or Storage__ConnectionString locally).
/// </summary>
public static class BackupCommand
{
    public const string Usage =
        """
        usage: dotnet run --project tools/Restore -- [--settings <local.settings.json>] <command>
          list                  the backups, newest first, and whether each is complete
          backup                take a backup now (what the nightly Backup timer does)
          <yyyy-MM-ddTHHmmssZ>  check the backup's hashes, then upsert every row it holds
        """;

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length != 1)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .AddGovernance(configuration)
            .BuildServiceProvider();
        var backups = services.GetRequiredService<TableBackup>();
        switch (args[0])
        {
            case "list":
                foreach (var folder in await backups.ListAsync(ct))
                {
                    await output.WriteLineAsync($"{folder.Name}  {(folder.Complete ? "complete" : "INCOMPLETE (no manifest.json): cannot be restored")}");
                }
                return 0;
            case "backup":
                var manifest = await backups.BackupAsync(ct);
                await output.WriteLineAsync($"backup {manifest.Name}: {manifest.Tables.Sum(t => t.Rows)} rows in {manifest.Tables.Count} tables");
                return 0;
            default:
                try
                {
                    var result = await backups.RestoreAsync(args[0], ct);
                    foreach (var table in result.Tables)
                    {
                        await output.WriteLineAsync($"{table.Table}: {table.Rows} rows");
                    }
                    await output.WriteLineAsync($"restored {result.Name}: {result.Rows} rows");
                    return 0;
                }
                catch (BackupRefusedException e)
                {
                    await output.WriteLineAsync(e.Message);
                    return 1;
                }
        }
    }

    /// <summary>local.settings.json "Values" as configuration, "__" meaning a section separator.</summary>
    public static Dictionary<string, string?> ReadLocalSettings(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.ToString());
    }
}
