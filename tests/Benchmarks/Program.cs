using System.Globalization;
using Governance.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- ratios [--runs 5] [--sizes 1000,2000,5000,10000] [--months 3,6,12,24] [--months-at 2000]
// dotnet run -c Release --project tests/Benchmarks -- coldstart [starts, default 5]
// dotnet run -c Release --project tests/Benchmarks -- transfer [--upload-mb 60] [--bundle-files 20] [--bundle-mb 100,500] [--runs 5] [--sweep]
// dotnet run -c Release --project tests/Benchmarks -- dispatch [--assignments 2000] [--runs 5] [--month 2026-10] [--history-months 12]
var culture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentCulture = culture;
CultureInfo.CurrentCulture = culture;

if (args.Length == 3 && args[0] == "plot")
{
    // Redraws the plot from a dispatch-ratios.csv (e.g. after editing out a run): plot <csv> <pdf>.
    await File.WriteAllBytesAsync(args[2], Plot.FromCsv(await File.ReadAllLinesAsync(args[1])));
    Console.WriteLine(Plot.ToPng(args[2]) ?? "pdftoppm not found: no PNG");
    return 0;
}

if (args.Length > 0 && args[0] == "bare-host")
{
    ColdStartBenchmark.RunBareHost(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "coldstart")
{
    await ColdStartBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], culture) : 5, CancellationToken.None);
    return 0;
}

if (args.Length > 0 && args[0] == "put")
{
    // put [PUTs, default 300] [assignments, default 150]: the report PUT against its floor (PutBenchmark.cs).
    await PutBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], culture) : 300, args.Length > 2 ? int.Parse(args[2], culture) : 150, CancellationToken.None);
    return 0;
}

if (args.Length > 0 && args[0] == "ratios")
{
    await RatioBenchmark.RunAsync(RatioBenchmark.Options.Parse(args.AsSpan(1)), CancellationToken.None);
    return 0;
}

if (args.Length > 0 && args[0] == "transfer")
{
    await TransferBenchmarks.RunAsync(TransferBenchmarks.Options.Parse(args.AsSpan(1)), CancellationToken.None);
    return 0;
}

if (args.Length == 0 || args[0] is "-h" or "--help" || args[0] != "dispatch")
{
    Console.WriteLine("""
        Usage: dotnet run -c Release --project tests/Benchmarks -- ratios [options]

        Each job against its floor (raw Azure SDK calls doing the least the job needs), side by side in
        the same run, on a fresh in-memory Azurite per configuration; prints the table and writes
        dispatch-ratios.csv, dispatch.pdf and dispatch.png under --out.

          --runs N             warm runs of job and floor each, alternating, after a cold one (default 5)
          --sizes a,b,...      assignments, with 12 months of history (default 1000,2000,5000,10000)
          --months a,b,...     months of history, at --months-at assignments (default 3,6,12,24)
          --months-at N        (default 2000)
          --out DIR            (default benchmark-results)

        Usage: dotnet run -c Release --project tests/Benchmarks -- dispatch [options]

        Seeds a fresh in-memory Azurite with a programme and its monthly reports, then times the
        monthly dispatch (DispatchService.CompileAsync, what the 'dispatch' job runs).

          --assignments N      assignments active in the month (default 2000)
          --runs N             warm runs after the first, cold one (default 5)
          --month yyyy-MM      the month dispatched (default 2026-10)
          --history-months N   earlier months with reports, at most back to each assignment's start
                               (default 12; 0 seeds the dispatched month only)
          --parallel N         concurrent requests while seeding (default 16)
        """);
    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}

var options = DispatchBenchmark.Options.Parse(args.AsSpan(1));
await DispatchBenchmark.RunAsync(options, CancellationToken.None);
return 0;
