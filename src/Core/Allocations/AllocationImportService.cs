using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Auth;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Programme;
using Governance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Core.Allocations;

/// <summary>Imports a programme year's allocation table (资金分配表) into assignments.</summary>
public sealed class AllocationImportService(
    AssignmentStore assignments,
    UnitDirectory units,
    GovernanceStorage storage,
    AuditLog audit,
    IOptions<AllocationDefaults> defaults,
    IOptions<ProgrammeOptions> programme,
    Jobs.ProgrammeChanges changes,
    TimeProvider clock)
{
    public const int MinYear = 2023;
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public sealed record ImportedAssignment(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("assignment")] AssignmentSummary Assignment);

    public sealed record ImportResult(
        [property: JsonPropertyName("year")] int Year,
        [property: JsonPropertyName("created")] int Created,
        [property: JsonPropertyName("updated")] int Updated,
        [property: JsonPropertyName("unchanged")] int Unchanged,
        [property: JsonPropertyName("assignments")] IReadOnlyList<ImportedAssignment> Assignments);

    /// <summary>
    /// The import as a request makes it: <paramref name="openFile"/> (the web edge's reader of the
    /// body or its <c>file</c> part) is called only once the caller is known to be staff, so a unit is
    /// refused before a byte of the file is read.
    /// </summary>
    public async Task<ImportResult> ImportAsync(Caller caller, string yearText, Func<CancellationToken, Task<(Stream Content, string? ContentType)>> openFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openFile);
        caller.EnsureStaff();
        var (content, contentType) = await openFile(ct);
        return await ImportAsync(caller, yearText, content, contentType, ct);
    }

    public async Task<ImportResult> ImportAsync(Caller caller, string yearText, Stream content, string? contentType, CancellationToken ct)
    {
        caller.EnsureStaff();
        var year = ParseYear(yearText, clock);

        // The table is small (a district's rows); buffering it lets us hash it and read it twice.
        var buffer = new MemoryStream();
        await CopyLimitedAsync(content, buffer, ct);
        buffer.Position = 0;

        var table = AllocationTableReader.Read(buffer, contentType);
        var errors = table.Errors.ToList();
        var wanted = new List<Assignment>();
        foreach (var row in table.Rows)
        {
            if (ToAssignment(year, row, errors) is { } a)
            {
                wanted.Add(a);
            }
        }
        foreach (var dup in wanted.GroupBy(a => a.Id).Where(g => g.Count() > 1))
        {
            var first = dup.First();
            var row = RowOf(table, dup.Last());
            errors.Add(new AllocationRowError(row, AllocationColumns.Community, AllocationMessages.DuplicateAssignment(row, RowOf(table, first), first.Unit, first.Community, first.TaskType)));
        }
        if (errors.Count > 0)
        {
            throw AllocationProblems.RowsInvalid(errors);
        }

        var state = await assignments.StateAsync(year, ct);
        if (assignments.IsHeld(state))
        {
            throw AssignmentProblems.ImportInProgress(year);
        }
        var existing = (await assignments.ListAsync(state, null, ct)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var added = new List<Assignment>();
        var changed = new List<Assignment>();
        var results = new List<ImportedAssignment>();
        var programme = new List<(Assignment, DateTimeOffset)>();
        foreach (var a in wanted)
        {
            if (!existing.TryGetValue(a.Id, out var old))
            {
                added.Add(a);
                programme.Add((a, now));
                results.Add(new ImportedAssignment("created", AssignmentSummary.Of(a)));
            }
            else if (!old.SameAs(a))
            {
                changed.Add(a);
                programme.Add((a, now));
                results.Add(new ImportedAssignment("updated", AssignmentSummary.Of(a)));
            }
            else
            {
                programme.Add((old, old.UpdatedAt ?? now));
                results.Add(new ImportedAssignment("unchanged", AssignmentSummary.Of(old)));
            }
        }

        // An import adds and updates; an assignment the table no longer lists stays, as it always
        // has (its reports and evaluation hang on it), so it is carried into the new generation.
        var listed = wanted.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        programme.AddRange(existing.Values.Where(a => !listed.Contains(a.Id)).Select(a => (a, a.UpdatedAt ?? now)));
        if (added.Count + changed.Count > 0)
        {
            // The new programme is staged whole under a generation of its own and published by one
            // write of the year's Programmes row, so no reader ever sees part of it and a crash
            // leaves the old programme in force (docs/storage.md, "Programmes").
            var claim = await assignments.ClaimAsync(state, ct);
            var published = false;
            try
            {
                // The file as received is kept, so every accepted change can be traced to its table.
                buffer.Position = 0;
                var hash = Convert.ToHexStringLower(SHA256.HashData(buffer));
                buffer.Position = 0;
                var container = await storage.ContainerAsync(StorageNames.ImportsContainer, ct);
                var blobName = $"{year}/{now:yyyyMMddTHHmmssZ}-{hash[..12]}";
                await container.GetBlobClient(blobName).UploadAsync(buffer, overwrite: true, ct);

                await units.EnsureAsync(wanted.Select(a => a.Unit), ct);
                await assignments.StageAsync(claim, programme, ct);
                await assignments.PublishAsync(claim, blobName, ct);
                published = true;
                await audit.RecordAsync(caller, "allocation.import",
                    $"导入{year}年度资金分配表：新增{added.Count}项，更新{changed.Count}项（原文件 {blobName}）", null, ct);
            }
            catch when (!published)
            {
                await assignments.AbandonAsync(claim);
                throw;
            }
        }

        // Periods whose dispatch or bulletin found nothing active are run again by the next tick.
        // Marked on every accepted import, unchanged ones too: if the process died after the
        // publish and before this mark, the staff's retry (a no-op import) still records it.
        await changes.MarkAsync(ct);
        return new ImportResult(year, added.Count, changed.Count, results.Count - added.Count - changed.Count, results);
    }

    public static int ParseYear(string? text, TimeProvider clock)
    {
        var maxYear = BeijingTime.Today(clock).Year + 1;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || year < MinYear || year > maxYear)
        {
            throw new ProblemException(400, "invalid_year", "年度有误", $"年度应为{MinYear}至{maxYear}之间的四位数字，收到“{text}”。",
                new Dictionary<string, string[]> { ["year"] = [$"年度应为{MinYear}至{maxYear}之间的四位数字。"] });
        }
        return year;
    }

    private Assignment? ToAssignment(int year, AllocationRow row, List<AllocationRowError> errors)
    {
        var before = errors.Count;
        var type = row.TaskType;
        if (type is null)
        {
            if (defaults.Value.TaskTypeByCommunity.TryGetValue(row.Community, out var text) && ProgrammeNames.TryParseTaskType(text, out var t))
            {
                type = t;
            }
            else
            {
                errors.Add(new AllocationRowError(row.Row, AllocationColumns.TaskType, AllocationMessages.TaskTypeUnknown(row.Row, row.Community)));
            }
        }

        var kind = row.CommunityKind;
        if (kind is null)
        {
            if (row.Community.EndsWith("社区", StringComparison.Ordinal))
            {
                kind = CommunityKind.Urban;
            }
            else
            {
                errors.Add(new AllocationRowError(row.Row, AllocationColumns.CommunityKind, AllocationMessages.CommunityKindUnknown(row.Row, row.Community)));
            }
        }

        var start = row.StartDate ?? ProgrammeDates.DefaultStart(year, programme.Value);
        if (start.Year != year)
        {
            errors.Add(new AllocationRowError(row.Row, AllocationColumns.StartDate, AllocationMessages.StartOutsideYear(row.Row, start, year)));
        }
        if (errors.Count > before || type is null || kind is null)
        {
            return null;
        }
        var deadline = row.Deadline ?? ProgrammeDates.DefaultDeadline(type.Value, year, start);
        if (deadline < start)
        {
            errors.Add(new AllocationRowError(row.Row, AllocationColumns.Deadline, AllocationMessages.DefaultDeadlineBeforeStart(row.Row, deadline, start)));
            return null;
        }
        return new Assignment(Assignment.IdFor(year, row.Unit, row.Community, type.Value), year, row.SerialNumber,
            row.Unit, row.Community, kind.Value, type.Value, row.AmountYuan, start, deadline);
    }

    private static int RowOf(AllocationTable table, Assignment a) =>
        table.Rows.FirstOrDefault(r => r.Unit == a.Unit && r.Community == a.Community && (r.TaskType is null || r.TaskType == a.TaskType))?.Row ?? 0;

    private static async Task CopyLimitedAsync(Stream source, Stream target, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > MaxFileBytes)
            {
                throw new ProblemException(413, "file_too_large", "文件过大", $"资金分配表不能超过{MaxFileBytes / 1024 / 1024} MB。");
            }
            await target.WriteAsync(chunk.AsMemory(0, read), ct);
        }
    }
}
