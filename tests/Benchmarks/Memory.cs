using System.Diagnostics;
using System.Globalization;

namespace Governance.Benchmarks;

/// <summary>
/// The process's peak working set over a stretch of work. On Linux the kernel's own high-water
/// mark (VmHWM) is reset before the work (writing 5 to /proc/self/clear_refs) and read after it;
/// elsewhere, or where that is not allowed, a sampler reads the working set every millisecond.
/// </summary>
public sealed class PeakWorkingSet : IAsyncDisposable
{
    private readonly bool _kernelPeak;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _sampledPeak;

    private PeakWorkingSet()
    {
        _kernelPeak = TryResetKernelPeak();
        _sampledPeak = Environment.WorkingSet;
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var ws = Environment.WorkingSet;
                if (ws > Interlocked.Read(ref _sampledPeak))
                {
                    Interlocked.Exchange(ref _sampledPeak, ws);
                }
                try
                {
                    await Task.Delay(1, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    /// <summary>How the peak was taken, for the printed table.</summary>
    public string Method => _kernelPeak ? "VmHWM" : "sampled";

    public static PeakWorkingSet Start() => new();

    /// <summary>Stops watching and returns the peak in bytes.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        var sampled = Interlocked.Read(ref _sampledPeak);
        return _kernelPeak && KernelPeak() is { } hwm ? Math.Max(hwm, sampled) : sampled;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampler;
        }
        _stop.Dispose();
    }

    private static bool TryResetKernelPeak()
    {
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }
            File.WriteAllText("/proc/self/clear_refs", "5");
            return KernelPeak() is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? KernelPeak()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return null;
    }

    /// <summary>The working set now, after a full collection.</summary>
    public static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
