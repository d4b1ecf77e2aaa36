using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Rules;
using Governance.Core.Storage;

namespace Governance.Core.Evaluation;

/// <summary>
/// Evaluations table: PartitionKey = assignment id; RowKey = "current" or "v0001", "v0002", … (every
/// version). A new version and the move of "current" go in one partition transaction guarded by the
/// current row's ETag, so two revisions from a stale page can never both win.
/// </summary>
public sealed class EvaluationStore(GovernanceStorage storage)
{
    private const string CurrentKey = "current";

    public sealed record Stored(EvaluationRecord Record, ETag ETag);

    public async Task<Stored?> FindCurrentAsync(string assignmentId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.EvaluationsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(assignmentId, CurrentKey, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? new Stored(FromEntity(e), e.ETag) : null;
    }

    /// <summary>The current evaluation of each assignment: one point read each, in parallel.</summary>
    public async Task<IReadOnlyDictionary<string, EvaluationRecord>> FindCurrentAsync(IEnumerable<string> assignmentIds, CancellationToken ct)
    {
        var found = await Task.WhenAll(assignmentIds.Distinct(StringComparer.Ordinal).Select(id => FindCurrentAsync(id, ct)));
        return found.OfType<Stored>().ToDictionary(s => s.Record.AssignmentId, s => s.Record, StringComparer.Ordinal);
    }

    /// <summary>One stored version, or null when it was never committed: a point read.</summary>
    public async Task<EvaluationRecord?> FindVersionAsync(string assignmentId, int version, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.EvaluationsTable, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(assignmentId, VersionKey(version), cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? FromEntity(e) : null;
    }

    /// <summary>Every version, oldest first: a key range within the assignment's partition.</summary>
    public async Task<IReadOnlyList<EvaluationRecord>> ListVersionsAsync(string assignmentId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.EvaluationsTable, ct);
        var filter = $"PartitionKey eq {EntityValues.Quote(assignmentId)} and RowKey gt 'v' and RowKey lt 'w'";
        var list = new List<EvaluationRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(FromEntity(e));
        }
        return list.OrderBy(r => r.Version).ToList();
    }

    /// <summary>
    /// Adds the version and makes it current, atomically. False when another revision got there
    /// first (the current row's ETag moved, or the version row exists).
    /// </summary>
    public async Task<bool> TryAddVersionAsync(EvaluationRecord record, ETag? currentETag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await storage.TableAsync(StorageNames.EvaluationsTable, ct);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToEntity(record, VersionKey(record.Version))),
            currentETag is { } etag
                ? new(TableTransactionActionType.UpdateReplace, ToEntity(record, CurrentKey), etag)
                : new(TableTransactionActionType.Add, ToEntity(record, CurrentKey)),
        };
        try
        {
            await table.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static string VersionKey(int version) => "v" + version.ToString("D4", CultureInfo.InvariantCulture);

    internal static TableEntity ToEntity(EvaluationRecord r, string rowKey) => new(r.AssignmentId, rowKey)
    {
        ["AssignmentId"] = r.AssignmentId,
        ["Version"] = r.Version,
        ["CompletedOn"] = EntityValues.Date(r.CompletedOn),
        ["EvaluatedOn"] = EntityValues.Date(r.EvaluatedOn),
        ["Evaluator"] = r.Evaluator,
        ["Results"] = JsonSerializer.Serialize(r.Results, Json.Options),
        ["Computed"] = JsonSerializer.Serialize(r.Computed, Json.Options),
        ["AllPassed"] = r.AllPassed,
        ["RecordedAt"] = r.RecordedAt,
        ["RecordedBy"] = r.RecordedBy,
        ["DossierBlob"] = r.Dossier.BlobName,
        ["DossierFileName"] = r.Dossier.FileName,
        ["DossierSha256"] = r.Dossier.Sha256,
        ["DossierSize"] = r.Dossier.Size,
        ["Experience"] = r.Experience,
    };

    internal static EvaluationRecord FromEntity(TableEntity e) => new(
        e.GetString("AssignmentId") ?? e.PartitionKey,
        e.GetInt32("Version") ?? 0,
        EntityValues.Date(e, "CompletedOn"),
        EntityValues.Date(e, "EvaluatedOn"),
        e.GetString("Evaluator") ?? "",
        JsonSerializer.Deserialize<List<RequirementJudgement>>(e.GetString("Results") ?? "[]", Json.Options) ?? [],
        JsonSerializer.Deserialize<List<RequirementVerdict>>(e.GetString("Computed") ?? "[]", Json.Options) ?? [],
        e.GetDateTimeOffset("RecordedAt") ?? default,
        e.GetString("RecordedBy") ?? "",
        new DossierInfo(e.GetString("DossierBlob") ?? "", e.GetString("DossierFileName") ?? "", e.GetString("DossierSha256") ?? "", e.GetInt64("DossierSize") ?? 0),
        e.GetString("Experience"));
}
