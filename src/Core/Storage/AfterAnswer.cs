using System.Collections.Concurrent;

namespace Governance.Core.Storage;

/// <summary>
/// Work this instance started after answering a request (答复后处理): a report version's side
/// effects, which the Outbox intent already guarantees, so losing the process mid-way loses nothing.
/// A reader of what that work writes on this instance (the outbox delivery before a dispatch, the
/// audit trail) first waits for it, so a clerk's submission is seen by the next read here exactly as
/// if the request had waited; another instance re-delivers the intent itself (idempotently) or, for
/// the audit trail, sees the entry a few milliseconds later.
/// </summary>
public sealed class AfterAnswer
{
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    /// <summary>Runs <paramref name="work"/> without the caller waiting; its own failures are its own to handle.</summary>
    public void Start(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var task = Task.Run(work);
        _inFlight.TryAdd(task, 0);
        // Registered after the add, so a task that already finished is still removed.
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when the work started so far has finished (failed work included).</summary>
    public async Task SettledAsync()
    {
        var pending = _inFlight.Keys.ToArray();
        if (pending.Length > 0)
        {
            try
            {
                await Task.WhenAll(pending);
            }
            catch (Exception)
            {
                // Each piece of work logs its own failure; a reader only waits for it to end.
            }
        }
    }
}
