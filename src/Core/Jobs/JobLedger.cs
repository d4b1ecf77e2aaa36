using Azure.Data.Tables;
using Governance.Core.Storage;

namespace Governance.Core.Jobs;

/// <summary>One run of one job for one period, as the ledger records it.</summary>
public sealed record JobRun(string Job, string Period, string State, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, string Summary, string Trigger)
{
    public const string Running = "running";
    public const string Done = "done";

    /// <summary>
    /// Ran and found nothing active in the period: finished for now, but re-run by a tick when the
    /// programme's assignments changed after <see cref="StartedAt"/> (see <see cref="ProgrammeChanges"/>).
    /// </summary>
    public const string Empty = "empty";

    public bool IsDone => State == Done;
}

/// <summary>
/// JobRuns table: PartitionKey = job name, RowKey = period. A job is started (Running, attempts
/// + 1) before it works and marked Done after; a row left Running by a crash is not done, so the
/// next tick runs the job again, and because every step of a job is idempotent (documents under
/// derived names, notices by key) the second run finishes without duplicating the first. A run
/// that found nothing active is marked Empty instead of Done, so it is not closed for good.
/// </summary>
public sealed class JobLedger(GovernanceStorage storage, TimeProvider clock)
{
    /// <summary>The job's runs from <paramref name="fromPeriod"/> on: one partition, a key range.</summary>
    public async Task<IReadOnlyDictionary<string, JobRun>> ListAsync(string job, string fromPeriod, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.JobRunsTable, ct);
        var runs = new Dictionary<string, JobRun>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {job} and RowKey ge {fromPeriod}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            runs[e.RowKey] = FromEntity(e);
        }
        return runs;
    }

    public async Task<JobRun?> FindAsync(string job, string period, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.JobRunsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(job, period, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? FromEntity(e) : null;
    }

    public async Task<JobRun> BeginAsync(string job, string period, string trigger, CancellationToken ct)
    {
        var previous = await FindAsync(job, period, ct);
        var run = new JobRun(job, period, JobRun.Running, (previous?.Attempts ?? 0) + 1, clock.GetUtcNow(), previous?.CompletedAt, previous?.Summary ?? "", trigger);
        await WriteAsync(run, [], 0, ct);
        return run;
    }

    public async Task<JobRun> CompleteAsync(JobRun run, JobOutcome outcome, CancellationToken ct)
    {
        var done = run with { State = outcome.NothingActive ? JobRun.Empty : JobRun.Done, CompletedAt = clock.GetUtcNow(), Summary = outcome.Summary };
        await WriteAsync(done, outcome.Documents, outcome.NoticesCreated, ct);
        return done;
    }

    private async Task WriteAsync(JobRun run, IReadOnlyList<string> documents, int notices, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.JobRunsTable, ct);
        await table.UpsertEntityAsync(new TableEntity(run.Job, run.Period)
        {
            ["State"] = run.State,
            ["Attempts"] = run.Attempts,
            ["StartedAt"] = run.StartedAt,
            ["CompletedAt"] = run.CompletedAt,
            ["Summary"] = run.Summary,
            ["Trigger"] = run.Trigger,
            ["Documents"] = string.Join(',', documents),
            ["NoticesCreated"] = notices,
        }, TableUpdateMode.Replace, ct);
    }

    private static JobRun FromEntity(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("State") ?? JobRun.Running, e.GetInt32("Attempts") ?? 0,
        e.GetDateTimeOffset("StartedAt"), e.GetDateTimeOffset("CompletedAt"), e.GetString("Summary") ?? "", e.GetString("Trigger") ?? "");
}
