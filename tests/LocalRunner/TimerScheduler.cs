using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.LocalRunner;

/// <summary>Fires each timer function on its schedule (UTC), one invocation at a time per function.</summary>
public sealed class TimerScheduler(
    IReadOnlyList<TimerScheduler.TimerFunction> timers,
    TimerFirings firings,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<TimerScheduler> log) : BackgroundService
{
    public sealed record TimerFunction(FunctionInvoker Invoker, CronSchedule Schedule, string Expression);

    private DateTimeOffset _startedAt;

    // The schedule counts from the moment the host starts. ExecuteAsync may begin later on a pool
    // thread, so the instant is taken here, before the host reports itself started.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = clock.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.Select(t => RunAsync(t, stoppingToken)));

    private async Task RunAsync(TimerFunction timer, CancellationToken ct)
    {
        var last = _startedAt;
        while (!ct.IsCancellationRequested)
        {
            var next = timer.Schedule.Next(last);
            var wait = next - clock.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, ct);
                }
                log.LogInformation("Timer {Function} firing for {Due:o}", timer.Invoker.Name, next);
                var info = new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = last.UtcDateTime, Next = timer.Schedule.Next(next).UtcDateTime, LastUpdated = clock.GetUtcNow().UtcDateTime } };
                await timer.Invoker.InvokeTimerAsync(services, info, ct);
                firings.Record(new TimerFiring(timer.Invoker.Name, next, null));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Timer {Function} failed", timer.Invoker.Name);
                firings.Record(new TimerFiring(timer.Invoker.Name, next, e.Message));
            }
            last = next;
        }
    }
}

/// <summary>One invocation of a timer function: which, for which scheduled instant, and its error if it failed.</summary>
public sealed record TimerFiring(string Function, DateTimeOffset Due, string? Error);

/// <summary>
/// The invocations the scheduler has made, as a stream a caller can await (the runner's console
/// log says the same in words), so a test can wait for a firing instead of sleeping.
/// </summary>
public sealed class TimerFirings
{
    private readonly System.Threading.Channels.Channel<TimerFiring> _channel = System.Threading.Channels.Channel.CreateUnbounded<TimerFiring>();

    public System.Threading.Channels.ChannelReader<TimerFiring> Reader => _channel.Reader;

    public void Record(TimerFiring firing) => _channel.Writer.TryWrite(firing);
}
