using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Governance.Core;
using Governance.Core.Assignments;
using Governance.Core.Dispatch;
using Governance.Core.Documents;
using Governance.Core.Jobs;
using Governance.Core.Periods;
using Governance.Core.Standing;
using Governance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Benchmarks;

/// <summary>
/// The monthly dispatch (月调度) over a seeded programme: a fresh Azurite, the app's services as
/// <see cref="GovernanceServices.AddGovernance"/> registers them, assignments imported through
/// the allocation import, reports written through ReportService (the dispatched month) and
/// ReportStore (earlier months), then <see cref="DispatchService.CompileAsync"/> timed.
/// </summary>
public static class DispatchBenchmark
{
    public sealed record Options(int Assignments, int Runs, MonthPeriod Month, int HistoryMonths, int Parallel)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var o = new Options(2000, 5, new MonthPeriod(2026, 10), 12, 16);
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
                o = name switch
                {
                    "--assignments" => o with { Assignments = Positive(name, value) },
                    "--runs" => o with { Runs = Positive(name, value) },
                    "--month" => o with { Month = MonthPeriod.TryParse(value, out var m) ? m : throw new ArgumentException($"--month wants yyyy-MM, got {value}.") },
                    "--history-months" => o with { HistoryMonths = int.Parse(value, CultureInfo.InvariantCulture) is var h and >= 0 ? h : throw new ArgumentException("--history-months must be 0 or more.") },
                    "--parallel" => o with { Parallel = Positive(name, value) },
                    _ => throw new ArgumentException($"Unknown option {name}."),
                };
            }
            return o;
        }

        private static int Positive(string name, string value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number, got {value}.");
    }

    private sealed record Run(string Label, TimeSpan Wall, TimeSpan AppCpu, TimeSpan AzuriteCpu, long Allocated, long PeakWorkingSet, long SettledBefore, int Gen0, int Gen1, int Gen2, int Requests, string RequestKinds, string Summary, int NoticesCreated);

    public static async Task RunAsync(Options options, CancellationToken ct)
    {
        Console.WriteLine($"Monthly dispatch benchmark: {options.Assignments} assignments, month {options.Month}, {options.HistoryMonths} history months, 1 cold + {options.Runs} warm runs");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, {RuntimeGc()}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}, {Configuration()} build");
        await using var azurite = await AzuriteProcess.StartAsync();
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var clock = new FakeTimeProvider(BeijingTime.StartOfDay(new DateOnly(options.Month.Year, 1, 2)).AddHours(9));

        var seedWatch = Stopwatch.StartNew();
        DispatchSeeder.Seeded seeded;
        await using (var seedServices = Build(azurite.ConnectionString, prefix, clock, new RequestCounter(prefix)))
        {
            seeded = await new DispatchSeeder(seedServices, options).SeedAsync(ct);
        }
        Console.WriteLine($"Seeded in {seedWatch.Elapsed.TotalSeconds:0.0} s: {seeded.Describe()}");

        // The dispatch day: the day after the due day, 09:00 Beijing, as the timer would run it.
        var schedule = new ScheduleOptions();
        clock.SetUtcNow(BeijingTime.StartOfDay(DueDates.DispatchDay(options.Month, schedule)).AddHours(9));

        // A fresh container: cold clients and JIT, and the documents container and notice tables not yet created.
        var counter = new RequestCounter(prefix);
        await using var services = Build(azurite.ConnectionString, prefix, clock, counter, DispatchSeeder.YearsSpanned(options));
        var dispatch = services.GetRequiredService<DispatchService>();
        var runs = new List<Run>();
        for (var i = 0; i <= options.Runs; i++)
        {
            runs.Add(await MeasureAsync(i == 0 ? "1 (cold)" : (i + 1).ToString(CultureInfo.InvariantCulture), dispatch, options.Month, counter, azurite.ProcessId, ct));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var documents = services.GetRequiredService<DocumentStore>();
        var xlsx = await SizeAsync(documents, DispatchService.BlobName(options.Month, "xlsx"), ct);
        var html = await SizeAsync(documents, DispatchService.BlobName(options.Month, "html"), ct);
        var json = await SizeAsync(documents, DispatchService.BlobName(options.Month, "json"), ct);
        var breakdown = await BreakdownAsync(services, options.Month, counter, ct);

        Print(options, seeded, runs, xlsx, html, json, breakdown);
    }

    private static async Task<Run> MeasureAsync(string label, DispatchService dispatch, MonthPeriod month, RequestCounter counter, int azuriteId, CancellationToken ct)
    {
        using var self = Process.GetCurrentProcess();
        using var node = Process.GetProcessById(azuriteId);
        var settled = PeakWorkingSet.Settled();
        counter.Reset();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        await using var peak = PeakWorkingSet.Start();
        self.Refresh();
        node.Refresh();
        var appCpu = self.TotalProcessorTime;
        var azuriteCpu = node.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var outcome = await dispatch.CompileAsync(month, ct);
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        self.Refresh();
        node.Refresh();
        appCpu = self.TotalProcessorTime - appCpu;
        azuriteCpu = node.TotalProcessorTime - azuriteCpu;
        var peakBytes = await peak.StopAsync();
        return new Run(label, watch.Elapsed, appCpu, azuriteCpu, allocated, peakBytes, settled,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2,
            counter.Total, counter.Describe(), outcome.Summary, outcome.NoticesCreated);
    }

    /// <summary>The same work in its parts, the fastest of three warm passes each (so a collection left over from the read does not land on the next part), to show where the time goes.</summary>
    private static async Task<IReadOnlyList<(string Part, TimeSpan Wall, long Allocated, string Requests)>> BreakdownAsync(ServiceProvider services, MonthPeriod month, RequestCounter counter, CancellationToken ct)
    {
        var parts = new List<(string, TimeSpan, long, string)>();
        var reader = services.GetRequiredService<StandingReader>();
        var schedule = services.GetRequiredService<IOptions<ScheduleOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        IReadOnlyList<AssignmentStanding> rows = [];
        DispatchSheet? sheet = null;

        async Task Part(string name, Func<Task> work)
        {
            var best = TimeSpan.MaxValue;
            var bestAllocated = 0L;
            var requests = "";
            for (var pass = 0; pass < 3; pass++)
            {
                PeakWorkingSet.Settled();
                counter.Reset();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                await work();
                watch.Stop();
                if (watch.Elapsed < best)
                {
                    (best, bestAllocated, requests) = (watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, counter.Describe());
                }
            }
            parts.Add((name, best, bestAllocated, requests));
        }

        await Part("read (StandingReader.ActiveAsync)", async () => rows = await reader.ActiveAsync(month, month, BeijingTime.EndOfDay(month.LastDay), ct));
        await Part("compile (DispatchSheet.Compile)", () => { sheet = DispatchSheet.Compile(month, rows, schedule, new DispatchOptions(), clock.GetUtcNow()); return Task.CompletedTask; });
        await Part(".xlsx (DispatchDocuments.Workbook)", () => { _ = DispatchDocuments.Workbook(sheet!); return Task.CompletedTask; });
        await Part(".html (DispatchDocuments.Page)", () => { _ = DispatchDocuments.Page(sheet!); return Task.CompletedTask; });
        await Part(".json (JsonSerializer)", () => { _ = JsonSerializer.SerializeToUtf8Bytes(sheet!, Json.Options); return Task.CompletedTask; });
        return parts;
    }

    private static async Task<long> SizeAsync(DocumentStore documents, string name, CancellationToken ct) =>
        (await documents.ReadAsync(name, ct))?.ToMemory().Length ?? -1;

    /// <summary>The app's registration (AddGovernance) over clients that count their requests; retries tuned as the app tunes them.</summary>
    internal static ServiceProvider Build(string connectionString, string prefix, TimeProvider clock, RequestCounter counter, int yearsSpanned = 2)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:NamePrefix"] = prefix,
            // Assignments that started further back than last year (a long history) must still be read.
            ["Jobs:ProgrammeYearsSpanned"] = yearsSpanned.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var tableOptions = new TableClientOptions();
        Tune(tableOptions.Retry);
        tableOptions.AddPolicy(counter.Tables, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions(GovernanceServices.BlobServiceVersion);
        Tune(blobOptions.Retry);
        blobOptions.AddPolicy(counter.Blobs, HttpPipelinePosition.PerRetry);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddSingleton(new TableServiceClient(connectionString, tableOptions));
        services.AddSingleton(new BlobServiceClient(connectionString, blobOptions));
        services.AddGovernance(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static void Tune(RetryOptions retry)
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(20);
    }

    private static void Print(Options options, DispatchSeeder.Seeded seeded, IReadOnlyList<Run> runs, long xlsx, long html, long json,
        IReadOnlyList<(string Part, TimeSpan Wall, long Allocated, string Requests)> breakdown)
    {
        static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"DispatchService.CompileAsync({options.Month}): {runs[0].Summary}; notices created on the cold run: {runs[0].NoticesCreated}, later runs: {runs[^1].NoticesCreated}");
        Console.WriteLine();
        Console.WriteLine("| run | wall (ms) | app CPU (ms) | Azurite CPU (ms) | allocated (MB) | peak working set (MB) | working set before (MB) | GCs gen0/1/2 | storage requests |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in runs)
        {
            Console.WriteLine($"| {r.Label} | {r.Wall.TotalMilliseconds:0} | {r.AppCpu.TotalMilliseconds:0} | {r.AzuriteCpu.TotalMilliseconds:0} | {Mb(r.Allocated)} | {Mb(r.PeakWorkingSet)} | {Mb(r.SettledBefore)} | {r.Gen0}/{r.Gen1}/{r.Gen2} | {r.Requests} |");
        }
        var warm = runs.Skip(1).Select(r => r.Wall.TotalMilliseconds).Order().ToList();
        if (warm.Count > 0)
        {
            Console.WriteLine($"| warm median | {warm[warm.Count / 2]:0} (min {warm[0]:0}, max {warm[^1]:0}) | | | {Mb((long)runs.Skip(1).Average(r => r.Allocated))} | {Mb(runs.Skip(1).Max(r => r.PeakWorkingSet))} (max) | | | |");
        }
        Console.WriteLine();
        Console.WriteLine($"Requests, cold run: {runs[0].RequestKinds}");
        Console.WriteLine($"Requests, warm run: {runs[^1].RequestKinds}");
        Console.WriteLine();
        Console.WriteLine($"Documents: .xlsx {xlsx / 1024d:0.0} KB, .html {html / 1024d:0.0} KB, .json {json / 1024d:0.0} KB");
        Console.WriteLine();
        Console.WriteLine("| part (fastest of 3 warm passes) | wall (ms) | allocated (MB) | storage requests |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var (part, wall, allocated, requests) in breakdown)
        {
            Console.WriteLine($"| {part} | {wall.TotalMilliseconds:0} | {Mb(allocated)} | {(requests.Length == 0 ? "none" : requests)} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Seeded: {seeded.Describe()}");
    }

    private static string RuntimeGc() =>
        (System.Runtime.GCSettings.IsServerGC ? "server GC" : "workstation GC") + (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? "" : ", concurrent");

    private static string Configuration() =>
        typeof(DispatchBenchmark).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled) ? "Debug" : "Release";
}
