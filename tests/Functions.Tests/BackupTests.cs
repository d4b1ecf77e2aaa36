using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Backups;
using Governance.Core.Storage;
using Governance.LocalRunner;
using Governance.Restore;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// Nothing lost (备份与恢复): the nightly Backup timer exports every table, the administrator's
/// restore command puts every row back exactly, and refuses a backup whose files were changed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BackupTests(AzuriteServer azurite)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly FunctionDescription BackupFunction =
        FunctionMetadata.Load(FunctionMetadata.DefaultPath).Single(f => f.Name == "Backup");

    [Fact]
    public async Task A_backup_of_a_working_programme_restored_after_every_table_is_deleted_gives_back_every_row_identical()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 10, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-10-01" }, clock);
        await app.ImportSeed2023Async();
        var (tianyuan, _) = await app.Import2026Async();
        var hantai = await app.IssueUnitTokenAsync("罕台镇");
        await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/reports/2026-10", JsonContent.Create(new
        {
            summary = "综合服务设施改造完成",
            fundsSpent = 20000m,
            metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
        }), hantai, expect: 201);
        await app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/evaluation", JsonContent.Create(new
        {
            completedOn = "2026-11-01",
            evaluatedOn = "2026-11-03",
            evaluator = "区民政局 李明",
            results = new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => new { requirement = r, passed = true, note = "现场查验" }),
        }), expect: 201);
        await Timer.FireAsync(app); // the October dispatch with its overdue notices
        Assert.NotEmpty((await app.ItemsAsync("notices?unit=" + Uri.EscapeDataString("罕台镇"))).EnumerateArray());
        // Every EDM type, at the edges where a loose copy would change it.
        await app.Table(StorageNames.AuditTable).UpsertEntityAsync(new TableEntity("backup-types", "all")
        {
            ["Text"] = "罕台镇 \"引号\" \\ 🏠",
            ["Flag"] = false,
            ["Small"] = -5,
            ["Big"] = long.MaxValue,
            ["Whole"] = 2.0,
            ["Fraction"] = 0.1,
            ["Huge"] = 1e300,
            ["At"] = new DateTimeOffset(2026, 11, 3, 2, 0, 0, TimeSpan.Zero).AddTicks(1234567),
            ["Id"] = Guid.Parse("6a1c3c1e-0d0b-4a4e-9f39-3c2b0c8d7e11"),
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
        });
        var before = await SnapshotAsync(app);
        Assert.True(before[StorageNames.AssignmentsTable].Count >= 4); // the two 2023 assignments and the two 2026 ones
        Assert.NotEmpty(before[StorageNames.ReportsTable]);
        Assert.NotEmpty(before[StorageNames.EvaluationsTable]);
        Assert.NotEmpty(before[StorageNames.NoticesTable]);

        await new FunctionInvoker(BackupFunction).InvokeTimerAsync(app.Services, new TimerInfo { ScheduleStatus = new ScheduleStatus() }, CancellationToken.None);
        var name = TableBackup.NameFor(clock.GetUtcNow());
        Assert.Equal("2026-11-03T020000Z", name);
        foreach (var table in StorageNames.AllTables)
        {
            await app.Table(table).DeleteAsync();
        }
        Assert.All((await SnapshotAsync(app)).Values, rows => Assert.Empty(rows));

        var output = new StringWriter();
        Assert.Equal(0, await BackupCommand.RunAsync([name], Settings(app), output, CancellationToken.None));

        var after = await SnapshotAsync(app);
        foreach (var table in StorageNames.AllTables)
        {
            Assert.Equal(before[table], after[table]);
        }
        var types = after[StorageNames.AuditTable].Single(r => r.StartsWith("backup-types|all|", StringComparison.Ordinal));
        Assert.Contains("Big:Int64:9223372036854775807", types);
        Assert.Contains("Whole:Double:2", types);
        Assert.Contains("Small:Int32:-5", types);
        Assert.Contains("Bytes:Byte[]:AAEC/v8=", types);
        Assert.Contains($"restored {name}: {before.Values.Sum(r => r.Count)} rows", output.ToString());
    }

    [Fact]
    public async Task A_backup_with_a_changed_file_or_without_its_manifest_is_refused_and_nothing_is_written()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 10, 0, 0, Beijing));
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-10-01" }, clock);
        await app.Import2026Async();
        var backups = (TableBackup)app.Services.GetService(typeof(TableBackup))!;
        var manifest = await backups.BackupAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        var incomplete = await backups.BackupAsync(CancellationToken.None);
        await app.Container(StorageNames.BackupsContainer).DeleteBlobAsync($"{incomplete.Name}/{TableBackup.ManifestFile}");
        // One character changed, the length kept: only the hash can tell.
        var file = app.Container(StorageNames.BackupsContainer).GetBlobClient($"{manifest.Name}/{StorageNames.AssignmentsTable}.jsonl");
        var text = (await file.DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("田园社区", text);
        await file.UploadAsync(BinaryData.FromString(text.Replace("田园社区", "田园社匹", StringComparison.Ordinal)), overwrite: true);
        foreach (var table in StorageNames.AllTables)
        {
            await app.Table(table).DeleteAsync();
        }

        var tampered = new StringWriter();
        Assert.Equal(1, await BackupCommand.RunAsync([manifest.Name], Settings(app), tampered, CancellationToken.None));
        Assert.Contains("Assignments.jsonl", tampered.ToString());
        Assert.Contains("拒绝恢复", tampered.ToString());
        var unfinished = new StringWriter();
        Assert.Equal(1, await BackupCommand.RunAsync([incomplete.Name], Settings(app), unfinished, CancellationToken.None));
        Assert.Contains("没有清单", unfinished.ToString());

        Assert.All((await SnapshotAsync(app)).Values, rows => Assert.Empty(rows));
        var list = new StringWriter();
        Assert.Equal(0, await BackupCommand.RunAsync(["list"], Settings(app), list, CancellationToken.None));
        Assert.Equal(
            [$"{incomplete.Name}  INCOMPLETE (no manifest.json): cannot be restored", $"{manifest.Name}  complete"],
            list.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void The_backup_timer_runs_at_three_in_the_morning_beijing_time_by_default()
    {
        Assert.Equal("%BackupSchedule%", BackupFunction.TimerTrigger!.Schedule);
        var sample = LocalRunnerHost.ReadLocalSettings(Path.Combine(RepoRoot.Path, "local.settings.sample.json"));
        var next = CronSchedule.Parse(sample["BackupSchedule"]!).Next(new DateTimeOffset(2026, 11, 3, 12, 0, 0, Beijing));
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 3, 0, 0, Beijing), next.ToOffset(Beijing));
    }

    // The restore command's settings: the test app's storage, as an administrator would pass it.
    private static IConfiguration Settings(TestApp app) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = app.ConnectionString,
        ["Storage:NamePrefix"] = app.NamePrefix,
    }).Build();

    /// <summary>Every row of every table as "PartitionKey|RowKey|Name:Type:Value;…", properties in name order.</summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(TestApp app)
    {
        var tables = new Dictionary<string, List<string>>();
        foreach (var table in StorageNames.AllTables)
        {
            var rows = new List<string>();
            try
            {
                await foreach (var e in app.Table(table).QueryAsync<TableEntity>())
                {
                    var properties = e.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                        .Order(StringComparer.Ordinal)
                        .Select(k => $"{k}:{e[k]!.GetType().Name}:{Exact(e[k]!)}");
                    rows.Add($"{e.PartitionKey}|{e.RowKey}|{string.Join(";", properties)}");
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // A table that does not exist holds no rows.
            }
            tables[table] = rows;
        }
        return tables;
    }

    private static string Exact(object value) => value switch
    {
        byte[] b => Convert.ToBase64String(b),
        BinaryData b => Convert.ToBase64String(b.ToArray()),
        DateTimeOffset t => t.UtcTicks.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
