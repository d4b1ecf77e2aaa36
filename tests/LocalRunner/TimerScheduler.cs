using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.LocalRunner;

/// <summary>Fires each timer function on its schedule (UTC), one invocation at a time per function.</summary>
public sealed class TimerScheduler(IReadOnlyList<TimerScheduler.TimerFunction> timers, IServiceProvider services, TimeProvider clock, ILogger<TimerScheduler> log) : BackgroundService
{
    public sealed record TimerFunction(FunctionInvoker Invoker, CronSchedule Schedule, string Expression);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.Select(t => RunAsync(t, stoppingToken)));

    private async Task RunAsync(TimerFunction timer, CancellationToken ct)
    {
        var last = clock.GetUtcNow();
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
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Timer {Function} failed", timer.Invoker.Name);
            }
            last = next;
        }
    }
}
