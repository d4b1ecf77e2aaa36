using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.LocalRunner;

/// <summary>Fires each timer function on its schedule (in the host's time zone, UTC by default), one invocation at a time per function.</summary>
/// <remarks>
/// Each function's timer is armed in <see cref="StartAsync"/>, before the host reports itself
/// started, and is re-armed after every firing. Computing a wait on the background thread and
/// arming a delay afterwards left a window in which the clock could move between the two (a test's
/// fake clock advanced, or a busy machine): the delay then counted from the later instant and the
/// firing never came.
/// </remarks>
public sealed class TimerScheduler(
    IReadOnlyList<TimerScheduler.TimerFunction> timers,
    TimerFirings firings,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<TimerScheduler> log) : BackgroundService
{
    public sealed record TimerFunction(FunctionInvoker Invoker, CronSchedule Schedule, string Expression);

    private readonly List<ArmedTimer> _armed = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var timer in timers)
        {
            _armed.Add(new ArmedTimer(timer, now, clock));
        }
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        foreach (var armed in _armed)
        {
            armed.Dispose();
        }
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_armed.Select(t => RunAsync(t, stoppingToken)));

    private async Task RunAsync(ArmedTimer armed, CancellationToken ct)
    {
        var function = armed.Function;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await armed.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            if (clock.GetUtcNow() < armed.Next)
            {
                // A real clock's timer may wake a little early: wait out the rest.
                armed.Arm(clock.GetUtcNow());
                continue;
            }
            var due = armed.Next;
            string? error = null;
            try
            {
                log.LogInformation("Timer {Function} firing for {Due:o}", function.Invoker.Name, due);
                var info = new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = armed.Last.UtcDateTime, Next = function.Schedule.Next(due).UtcDateTime, LastUpdated = clock.GetUtcNow().UtcDateTime } };
                await function.Invoker.InvokeTimerAsync(services, info, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Timer {Function} failed", function.Invoker.Name);
                error = e.Message;
            }
            // Re-armed before the firing is reported: whoever waits for the report and then moves the
            // clock on finds the next instant already armed, not a timer armed after the move.
            armed.Advance(clock.GetUtcNow());
            firings.Record(new TimerFiring(function.Invoker.Name, due, error));
        }
    }

    /// <summary>One function's schedule position and the timer that wakes it at its next instant.</summary>
    private sealed class ArmedTimer : IDisposable
    {
        private readonly SemaphoreSlim _due = new(0);
        private readonly ITimer _timer;

        public ArmedTimer(TimerFunction function, DateTimeOffset startedAt, TimeProvider clock)
        {
            Function = function;
            Last = startedAt;
            Next = function.Schedule.Next(startedAt);
            _timer = clock.CreateTimer(_ => _due.Release(), null, Until(startedAt), Timeout.InfiniteTimeSpan);
        }

        public TimerFunction Function { get; }

        public DateTimeOffset Last { get; private set; }

        public DateTimeOffset Next { get; private set; }

        public Task WaitAsync(CancellationToken ct) => _due.WaitAsync(ct);

        public void Arm(DateTimeOffset now) => _timer.Change(Until(now), Timeout.InfiniteTimeSpan);

        /// <summary>
        /// Moves to the first instant after now and arms the timer for it: instants missed while the
        /// app was down or busy are not fired one by one, the host fires a late timer once.
        /// </summary>
        public void Advance(DateTimeOffset now)
        {
            Last = Next;
            Next = Function.Schedule.Next(now > Last ? now : Last);
            Arm(now);
        }

        public void Dispose()
        {
            _timer.Dispose();
            _due.Dispose();
        }

        private TimeSpan Until(DateTimeOffset now) => Next > now ? Next - now : TimeSpan.Zero;
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
