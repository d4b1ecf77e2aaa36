using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using Governance.Core.Dispatch;
using Governance.Core.Jobs;
using Governance.Core.Periods;
using Governance.Core.Standing;
using Governance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Benchmarks;

/// <summary>
/// Each job as a ratio against its floor, measured side by side in the same run: the floor is coded
/// beside the job with raw Azure SDK calls only and does the least the job needs (for the dispatch:
/// read the assignments and the dispatched month, nothing else). A fresh in-memory Azurite per
/// configuration, seeded in batch transactions (<see cref="DispatchSeeder"/>); one cold run of each,
/// then job and floor alternate, and the medians are compared.
/// </summary>
public static class RatioBenchmark
{
    public sealed record Options(int Runs, IReadOnlyList<int> Sizes, IReadOnlyList<int> Months, int SizeForMonths, MonthPeriod Month, int Parallel, string Output)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var o = new Options(5, [1000, 2000, 5000, 10000], [3, 6, 12, 24], 2000, new MonthPeriod(2026, 10), 16, "benchmark-results");
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
                o = name switch
                {
                    "--runs" => o with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--sizes" => o with { Sizes = List(value) },
                    "--months" => o with { Months = List(value) },
                    "--months-at" => o with { SizeForMonths = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--month" => o with { Month = MonthPeriod.TryParse(value, out var m) ? m : throw new ArgumentException($"--month wants yyyy-MM, got {value}.") },
                    "--parallel" => o with { Parallel = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--out" => o with { Output = value },
                    _ => throw new ArgumentException($"Unknown option {name}."),
                };
            }
            return o;
        }

        private static int[] List(string value) =>
            value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>One configuration: the whole job (<see cref="NowMs"/>), its read alone (<see cref="ReadMs"/>), and the floor.</summary>
    public sealed record Row(string Job, int Assignments, int Months, double NowMs, double ReadMs, double FloorMs, long NowRows, long FloorRows, int NowRequests, int FloorRequests, double SeedSeconds, string Goal)
    {
        public double Ratio => NowMs / FloorMs;

        public double ReadRatio => ReadMs / FloorMs;
    }

    public static async Task RunAsync(Options options, CancellationToken ct)
    {
        Console.WriteLine($"Ratio benchmark: dispatch of {options.Month}, {options.Runs} warm runs of job and floor each, alternating");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
        var configs = options.Sizes.Select(n => (n, 12)).Concat(options.Months.Select(m => (options.SizeForMonths, m))).Distinct().ToList();
        var rows = new List<Row>();
        foreach (var (assignments, months) in configs)
        {
            var row = await DispatchAsync(options, assignments, months, ct);
            rows.Add(row);
            Console.WriteLine($"  {assignments} assignments × {months} months: job {row.NowMs:0} ms, read {row.ReadMs:0} ms ({row.NowRows} rows, {row.NowRequests} requests), " +
                $"floor {row.FloorMs:0} ms ({row.FloorRows} rows), ratios {row.Ratio:0.00} / {row.ReadRatio:0.00}; seeded in {row.SeedSeconds:0} s");
        }
        Print(rows);
        Directory.CreateDirectory(options.Output);
        var csv = Path.Combine(options.Output, "dispatch-ratios.csv");
        await File.WriteAllTextAsync(csv, Csv(rows), ct);
        var pdf = Path.Combine(options.Output, "dispatch.pdf");
        await File.WriteAllBytesAsync(pdf, Plot.Pdf(rows.Where(r => r.Months == 12).OrderBy(r => r.Assignments).ToList(),
            rows.Where(r => r.Assignments == options.SizeForMonths).OrderBy(r => r.Months).ToList()), ct);
        Console.WriteLine($"Wrote {csv} and {pdf}{(Plot.ToPng(pdf) is { } png ? $" and {png}" : " (pdftoppm not found: no PNG)")}");
    }

    private static async Task<Row> DispatchAsync(Options options, int assignments, int months, CancellationToken ct)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var prefix = "r" + Guid.NewGuid().ToString("N")[..10];
        var clock = new FakeTimeProvider(BeijingTime.StartOfDay(new DateOnly(options.Month.Year, 1, 2)).AddHours(9));
        var seedOptions = new DispatchBenchmark.Options(assignments, options.Runs, options.Month, months, options.Parallel);
        var seedWatch = Stopwatch.StartNew();
        await using (var seedServices = DispatchBenchmark.Build(azurite.ConnectionString, prefix, clock, new RequestCounter(prefix)))
        {
            await new DispatchSeeder(seedServices, seedOptions).SeedAsync(ct);
        }
        var seedSeconds = seedWatch.Elapsed.TotalSeconds;
        clock.SetUtcNow(BeijingTime.StartOfDay(DueDates.DispatchDay(options.Month, new ScheduleOptions())).AddHours(9));

        var counter = new RequestCounter(prefix);
        var years = DispatchSeeder.YearsSpanned(seedOptions);
        await using var services = DispatchBenchmark.Build(azurite.ConnectionString, prefix, clock, counter, years);
        var dispatch = services.GetRequiredService<DispatchService>();
        var reader = services.GetRequiredService<StandingReader>();
        var end = BeijingTime.EndOfDay(options.Month.LastDay);
        var floor = new DispatchFloor(FloorClient(azurite.ConnectionString, counter), prefix, years);

        var job = new List<(double Ms, long Rows, int Requests)>();
        var read = new List<(double Ms, long Rows, int Requests)>();
        var least = new List<(double Ms, long Rows, int Requests)>();
        for (var i = 0; i <= options.Runs; i++)
        {
            var a = await MeasureAsync(counter, () => dispatch.CompileAsync(options.Month, ct));
            var b = await MeasureAsync(counter, () => floor.ReadAsync(options.Month, ct));
            var c = await MeasureAsync(counter, () => reader.ActiveAsync(options.Month, options.Month, end, ct));
            if (i > 0)
            {
                // The first of each is cold (clients, JIT, tables and containers not yet created).
                job.Add(a);
                least.Add(b);
                read.Add(c);
            }
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        return new Row("dispatch", assignments, months, Median(job.Select(j => j.Ms)), Median(read.Select(j => j.Ms)), Median(least.Select(j => j.Ms)),
            read[^1].Rows, least[^1].Rows, job[^1].Requests, least[^1].Requests, seedSeconds, "≤ 2×; rows flat in months");
    }

    private static async Task<(double Ms, long Rows, int Requests)> MeasureAsync(RequestCounter counter, Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        counter.Reset();
        var watch = Stopwatch.StartNew();
        await work();
        watch.Stop();
        return (watch.Elapsed.TotalMilliseconds, counter.Rows, counter.Total);
    }

    private static TableServiceClient FloorClient(string connectionString, RequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter.Tables, HttpPipelinePosition.PerRetry);
        return new TableServiceClient(connectionString, options);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Print(IReadOnlyList<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| job | now (median) | floor (median) | ratio | rows read (now / floor) | goal |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            Console.WriteLine($"| dispatch read, {r.Assignments:N0} assignments × {r.Months} months | {r.ReadMs:N0} ms | {r.FloorMs:N0} ms | {r.ReadRatio:0.00}× | {r.NowRows:N0} / {r.FloorRows:N0} | {r.Goal} |");
        }
        foreach (var r in rows)
        {
            Console.WriteLine($"| dispatch job (read, sheet, .xlsx/.html/.json, notices), {r.Assignments:N0} × {r.Months} | {r.NowMs:N0} ms | {r.FloorMs:N0} ms | {r.Ratio:0.00}× | | |");
        }
        // Measured in a later round (the PUT's round trips, the upload's block size): their floors go here beside their jobs.
        Console.WriteLine("| report PUT, p50 over 300 | measured by the `put` command (PutBenchmark.cs) | one 2-entity transaction + one upsert | | | ≤ 1.5× |");
        Console.WriteLine("| 60 MB evidence upload | measured by the `transfer` command (TransferBenchmarks.cs) | `BlobClient.UploadAsync` defaults | | | ≥ 0.8 of the floor's MB/s |");
        Console.WriteLine("| evidence bundle, 20 files / 500 MB | measured by the `transfer` command (TransferBenchmarks.cs) | stream copy of the same bytes | | | ≤ 1.1× |");
    }

    private static string Csv(IReadOnlyList<Row> rows)
    {
        var csv = new StringBuilder("job,assignments,months,job_ms,read_ms,floor_ms,job_ratio,read_ratio,read_rows,floor_rows,job_requests,floor_requests,seed_s\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Job},{r.Assignments},{r.Months},{r.NowMs:0.0},{r.ReadMs:0.0},{r.FloorMs:0.0},{r.Ratio:0.000},{r.ReadRatio:0.000},{r.NowRows},{r.FloorRows},{r.NowRequests},{r.FloorRequests},{r.SeedSeconds:0.0}\n");
        }
        return csv.ToString();
    }
}

/// <summary>
/// The least the dispatch must read, in raw Azure SDK calls: the Programmes rows naming the
/// Assignments partitions of the programme years that can be active, those partitions, and the
/// dispatched month's ReportsByMonth partition. Rows are materialised as the app does (TableEntity).
/// </summary>
public sealed class DispatchFloor(TableServiceClient tables, string prefix, int yearsSpanned)
{
    public async Task<long> ReadAsync(MonthPeriod month, CancellationToken ct)
    {
        var programmes = tables.GetTableClient(prefix + "Programmes");
        var assignments = tables.GetTableClient(prefix + "Assignments");
        var byMonth = tables.GetTableClient(prefix + "ReportsByMonth");
        var years = Enumerable.Range(month.Year - yearsSpanned + 1, yearsSpanned).Select(async year =>
        {
            var key = year.ToString(CultureInfo.InvariantCulture);
            var row = await programmes.GetEntityIfExistsAsync<TableEntity>(key, "current", cancellationToken: ct);
            var partition = row.HasValue ? row.Value!.GetString("Partition") ?? key : key;
            return await CountAsync(assignments, partition, ct);
        });
        var counts = await Task.WhenAll(years.Append(CountAsync(byMonth, month.ToString(), ct)));
        return counts.Sum();
    }

    private static async Task<long> CountAsync(TableClient table, string partition, CancellationToken ct)
    {
        var n = 0L;
        await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey eq '{partition}'", cancellationToken: ct))
        {
            n++;
        }
        return n;
    }
}
