using System.Diagnostics;
using System.Reflection;

namespace Governance.Infra.Tests;

/// <summary>The Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>The binary's path, written into the test assembly at build time by Infra.Tests.csproj.</summary>
    public static string ExecutablePath { get; } = Locate();

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {Timeout}.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                "The Bicep CLI was not restored; run dotnet restore for tests/Infra.Tests.", path);
        }
        // NuGet extracts with the mode the package recorded; another user, or an extraction
        // that dropped the bit, would otherwise get "permission denied".
        // The package holds a linux-x64 binary, so only Unix modes matter.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & execute) != execute)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }
        return path;
    }
}
