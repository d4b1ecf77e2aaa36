using System.Globalization;
using Governance.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- dispatch [--assignments 2000] [--runs 5] [--month 2026-10] [--history-months 12]
var culture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentCulture = culture;
CultureInfo.CurrentCulture = culture;

if (args.Length > 0 && args[0] == "transfer")
{
    await TransferBenchmarks.RunAsync(TransferBenchmarks.Options.Parse(args.AsSpan(1)), CancellationToken.None);
    return 0;
}

if (args.Length == 0 || args[0] is "-h" or "--help" || args[0] != "dispatch")
{
    Console.WriteLine("""
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
