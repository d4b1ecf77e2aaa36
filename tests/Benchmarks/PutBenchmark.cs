using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Input;
using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Reports;
using Governance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Benchmarks;

/// <summary>
/// The monthly report PUT (月度进展提交) against its floor, side by side in one run. The job is the
/// app's path below HTTP: <see cref="ReportService.PrefetchAssignmentAsync"/> started beside
/// <see cref="TokenService.AuthenticateAsync"/> with the Authorization header, then
/// <see cref="ReportService.SubmitAsync(Caller, Task{Assignment}, string, IncomingForm, CancellationToken)"/>
/// with an <see cref="IncomingForm"/> holding the urlencoded fields as src/Functions/Http/RequestForms
/// hands them over (the body's decoding, the same for job and floor, is left out). The floor is raw
/// SDK calls doing the least a stored version needs: one 2-entity transaction (version row + current
/// row) and one upsert (the month index). Job and floor alternate, one PUT each, so both see the
/// same Azurite, and the job's side effects (run after its answer) are let finish, untimed, before
/// the floor runs; the first round of each assignment is a month's first version, later rounds new versions.
/// </summary>
public static class PutBenchmark
{
    public static async Task RunAsync(int puts, int assignments, CancellationToken ct)
    {
        Console.WriteLine($"Report PUT benchmark: {puts} PUTs over up to {assignments} assignments, job and floor alternating");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs");
        await using var azurite = await AzuriteProcess.StartAsync();
        var prefix = "p" + Guid.NewGuid().ToString("N")[..10];
        var month = new MonthPeriod(2026, 10);
        var clock = new FakeTimeProvider(BeijingTime.StartOfDay(new DateOnly(2026, 1, 2)).AddHours(9));
        var counter = new RequestCounter(prefix);
        await using var services = DispatchBenchmark.Build(azurite.ConnectionString, prefix, clock, counter);
        var options = new DispatchBenchmark.Options(Math.Max(assignments, 20), 1, month, 0, 16);
        await new DispatchSeeder(services, options).SeedAsync(ct);

        // The month after the seeded one (the assignments run to December) holds no report yet: round 1 writes first versions.
        var period = month.Next();
        clock.SetUtcNow(BeijingTime.StartOfDay(new DateOnly(2026, 12, 3)).AddHours(9));
        var store = services.GetRequiredService<AssignmentStore>();
        var targets = (await store.ListAsync(2026, null, ct)).Where(a => ReportingPeriods.IsActiveIn(a, period)).Take(assignments).ToList();
        if (targets.Count == 0)
        {
            throw new InvalidOperationException($"No seeded assignment is active in {period}.");
        }
        var tokens = services.GetRequiredService<TokenService>();
        var staff = new Caller("benchmark", Role.Staff, null, "benchmark");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in targets.Select(a => a.Unit).Distinct())
        {
            headers[unit] = "Bearer " + (await tokens.IssueAsync(staff, new TokenService.IssueRequest("unit", unit, null), ct)).Token;
        }
        var reports = services.GetRequiredService<ReportService>();

        var tableService = new TableServiceClient(azurite.ConnectionString);
        var floorReports = tableService.GetTableClient(prefix + "floorreports");
        var floorIndex = tableService.GetTableClient(prefix + "floorbymonth");
        await floorReports.CreateIfNotExistsAsync(ct);
        await floorIndex.CreateIfNotExistsAsync(ct);

        var afterAnswer = services.GetRequiredService<Governance.Core.Storage.AfterAnswer>();
        var job = new List<(int Round, double Ms, int Requests, int WithSideEffects)>();
        var floor = new List<double>();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < puts; i++)
        {
            var a = targets[i % targets.Count];
            var round = i / targets.Count;
            var fields = Fields(a, round);
            clock.Advance(TimeSpan.FromSeconds(1));

            counter.Reset();
            var watch = Stopwatch.StartNew();
            // As the function does (Api.Authorized with a prefetch): the assignment's read starts beside the token's.
            var assignment = reports.PrefetchAssignmentAsync(a.Id, ct);
            var caller = await tokens.AuthenticateAsync(headers[a.Unit], ct);
            var result = await reports.SubmitAsync(caller, assignment, period.ToString(), new FieldsForm(fields), ct);
            watch.Stop();
            var beforeAnswer = counter.Total;
            // The side effects run after the answer: let them finish, untimed, so they neither
            // slow the floor nor the next PUT.
            await afterAnswer.SettledAsync();
            job.Add((round, watch.Elapsed.TotalMilliseconds, beforeAnswer, counter.Total));
            statuses[result.Status] = statuses.GetValueOrDefault(result.Status) + 1;

            // The floor stores the same entities the app stores.
            var errors = new Governance.Core.Problems.FieldErrors();
            var content = ReportFields.Parse(fields, a.TaskType, errors);
            var version = new ReportVersion(a.Id, period.ToString(), round + 1, clock.GetUtcNow(), Timeliness.OnTime, a.Unit, content.ContentHash(), content);
            var rows = ReportStore.Entities(new MonthlyReport(version, clock.GetUtcNow(), Timeliness.OnTime), a.Unit);
            watch.Restart();
            await floorReports.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, rows.Version), new TableTransactionAction(TableTransactionActionType.UpsertReplace, rows.Current)], ct);
            await floorIndex.UpsertEntityAsync(rows.Index, TableUpdateMode.Replace, ct);
            watch.Stop();
            floor.Add(watch.Elapsed.TotalMilliseconds);
        }

        // The first PUT of each kind warms clients and JIT: it is reported, not counted in the medians.
        var warmJob = job.Skip(1).ToList();
        var warmFloor = floor.Skip(1).ToList();
        var now = Median(warmJob.Select(j => j.Ms));
        var floorMs = Median(warmFloor);
        Console.WriteLine($"Statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} ×{s.Value}"))}; cold PUT {job[0].Ms:0.0} ms, cold floor {floor[0]:0.0} ms");
        foreach (var (label, first) in new[] { ("First versions (round 1)", true), ("New versions (later rounds)", false) })
        {
            var part = warmJob.Where(j => (j.Round == 0) == first).ToList();
            if (part.Count > 0)
            {
                Console.WriteLine($"{label}: p50 {Median(part.Select(j => j.Ms)):0.0} ms, {Median(part.Select(j => (double)j.Requests)):0} requests before the answer, {Median(part.Select(j => (double)j.WithSideEffects)):0} with the side effects after it");
            }
        }
        Console.WriteLine();
        Console.WriteLine("| job | now (p50) | requests per PUT before the answer (all, median) | floor (p50) | ratio | goal |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        Console.WriteLine($"| report PUT, p50 over {puts} | {now:0.0} ms | {Median(warmJob.Select(j => (double)j.Requests)):0} ({Median(warmJob.Select(j => (double)j.WithSideEffects)):0}) | {floorMs:0.0} ms (2 requests) | {now / floorMs:0.00}× | ≤ 1.5× |");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Dictionary<string, string> Fields(Assignment a, int round) => new(StringComparer.Ordinal)
    {
        ["summary"] = $"{a.Community}第{round + 1}次报送：完成党群服务中心功能区改造2处，组织居民议事协商3次，开展志愿服务活动6场，服务居民420人次。",
        ["problems"] = "部分居民参与积极性不高。",
        ["nextPlan"] = "继续推进功能区改造，扩大志愿服务覆盖面。",
        ["fundsSpent"] = (1000 + round * 100).ToString("0.00", CultureInfo.InvariantCulture),
        ["metrics.households"] = "1200",
        ["metrics.centreArea"] = "400",
        ["metrics.activityArea"] = "240",
        ["metrics.facilityOwner"] = "居民委员会",
        ["metrics.communityWorkers"] = "12",
        ["metrics.volunteerTeam"] = "true",
        ["metrics.consultationProjects"] = "3",
        ["metrics.elderlyCareStation"] = "true",
        ["metrics.socialWorkRoom"] = "false",
        ["progress[0].requirement"] = a.TaskType == TaskType.ServiceCapacity ? "FW-2" : "BJ-2",
        ["progress[0].status"] = "in_progress",
        ["progress[0].note"] = "按计划推进",
    };

    /// <summary>A urlencoded body as the web edge hands it to Core: fields decoded, no file parts.</summary>
    private sealed class FieldsForm : IncomingForm
    {
        public FieldsForm(IReadOnlyDictionary<string, string> fields)
            : base(FormFormat.UrlEncoded, "application/x-www-form-urlencoded")
        {
            foreach (var (name, value) in fields)
            {
                AddField(name, value);
            }
        }

        public override ValueTask<IncomingFile?> NextFileAsync(CancellationToken ct) => ValueTask.FromResult<IncomingFile?>(null);
    }
}
