using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Governance.Testing;

namespace Governance.Benchmarks;

/// <summary>
/// Cold start to the first 200, against its floor, side by side in one run: the job is a new process of
/// the app's host (the local runner, Release, over a running Azurite) until <c>GET /api/health</c> — which
/// reads storage — answers 200; the floor is a new process of a bare ASP.NET Core app (this program's
/// <c>bare-host</c> mode: one route, nothing registered) until <c>GET /</c> answers 200. Each is started
/// from nothing (a fresh process: runtime start, assembly loading, JIT, the app's start-up), polled every
/// 5 ms, then stopped; job and floor alternate after one discarded start each.
/// </summary>
public static class ColdStartBenchmark
{
    public static async Task RunAsync(int runs, CancellationToken ct)
    {
        Console.WriteLine($"Cold start benchmark: {runs} starts of the app and of a bare ASP.NET Core app, alternating");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs");
        var root = RepoRoot.Path;
        Console.WriteLine("Building the local runner (Release)…");
        using (var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "tests", "LocalRunner"), "-c", "Release", "-v", "q", "-nologo"]) { RedirectStandardOutput = true }))
        {
            await build!.StandardOutput.ReadToEndAsync(ct);
            await build.WaitForExitAsync(ct);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet build tests/LocalRunner -c Release failed.");
            }
        }
        var runner = Path.Combine(root, "tests", "LocalRunner", "bin", "Release", "net10.0", "Governance.LocalRunner.dll");
        var self = typeof(ColdStartBenchmark).Assembly.Location;

        await using var azurite = await AzuriteProcess.StartAsync();
        var settingsFile = Path.Combine(Path.GetTempPath(), $"coldstart-{Guid.NewGuid():N}.json");
        var values = TestHostSettings.For(azurite.ConnectionString, "c" + Guid.NewGuid().ToString("N")[..10])
            .Where(kv => kv.Key != "urls")
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        await File.WriteAllTextAsync(settingsFile, JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }), ct);
        try
        {
            var job = new List<double>();
            var floor = new List<double>();
            for (var i = 0; i <= runs; i++)
            {
                var app = await FirstOkAsync(runner, ["--settings", settingsFile], "/api/health", ct);
                var bare = await FirstOkAsync(self, ["bare-host"], "/", ct);
                Console.WriteLine($"  start {i}{(i == 0 ? " (discarded)" : "")}: app {app:0} ms, bare {bare:0} ms");
                if (i > 0)
                {
                    job.Add(app);
                    floor.Add(bare);
                }
            }
            var now = Median(job);
            var least = Median(floor);
            Console.WriteLine();
            Console.WriteLine("| job | now (median) | floor (median) | ratio | goal |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            Console.WriteLine($"| cold start to first 200 | {now / 1000:0.00} s (GET /api/health, reads storage) | {least / 1000:0.00} s (bare ASP.NET Core app) | {now / least:0.00}× | keep |");
        }
        finally
        {
            File.Delete(settingsFile);
        }
    }

    /// <summary>The bare floor: an ASP.NET Core app with one route and nothing else, on the --urls given.</summary>
    public static void RunBareHost(string[] args)
    {
        var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build();
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/", () => "ok");
        app.Run();
    }

    // Milliseconds from starting `dotnet dll args --urls …` to the first 200 of path.
    private static async Task<double> FirstOkAsync(string dll, string[] args, string path, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        // A first request the app is slow to answer is part of its cold start: it is waited for, not retried.
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode} before answering.");
                }
                try
                {
                    using var answer = await http.GetAsync(url + path, ct);
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        return watch.Elapsed.TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(5, ct);
            }
            throw new TimeoutException($"{Path.GetFileName(dll)} did not answer 200 on {path} within 2 minutes.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
