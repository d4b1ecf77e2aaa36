using System.Globalization;
using System.Text;
using Governance.Core.Allocations;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Programme;
using Governance.Core.Reports;
using Governance.Core.Standing;
using Governance.Core.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Benchmarks;

/// <summary>
/// Seeds a programme the size asked for in minutes: the allocation tables through
/// <see cref="AllocationImportService"/> (the app's own import), then every report — the earlier months
/// and the dispatched month (on time, late, or missing) — written as a submission stores it
/// (<see cref="ReportStore.Entities"/>: version, current row, month index) and each assignment's running
/// summary (<see cref="StandingSummaryStore.FreshEntity"/>), all in batch transactions of up to 100
/// rows per partition, many in parallel: one transaction per assignment for its Reports partition,
/// one per 100 rows of each month's index and of each year's summaries.
/// </summary>
public sealed class DispatchSeeder(IServiceProvider services, DispatchBenchmark.Options options)
{
    // Dongsheng District's towns and sub-district offices (责任单位).
    private static readonly string[] Units =
    [
        "罕台镇", "泊江海子镇", "铜川镇", "兴胜街道办事处", "富兴街道办事处", "建设街道办事处", "交通街道办事处", "林荫街道办事处",
        "公园街道办事处", "天骄街道办事处", "幸福街道办事处", "纺织街道办事处", "巴音孟克街道办事处", "诃额伦街道办事处", "民族街道办事处", "额尔敦街道办事处",
    ];

    private static readonly string[] Names = ["幸福", "和谐", "阳光", "康乐", "团结", "兴盛", "宏远", "丰泽", "景苑", "朝阳"];
    private static readonly string[] Owners = ["居民委员会", "基层政府", "城乡社区"];
    private static readonly string[] ProblemTexts =
    [
        "部分设施采购周期较长，施工进度滞后于计划。", "社区工作者人手紧张，志愿者队伍尚在组建。", "居民议事协商参与度有待提高。", "",
    ];
    private static readonly string[] PlanTexts =
    [
        "完成服务中心功能区验收，启动居家社区养老服务站试运行。", "开展居民议事协商，推进协商项目落实。", "组织志愿服务培训，完善社区服务台账。",
    ];

    public sealed record Seeded(
        int ServiceCapacity, int ModelCommunity, int PreviousYear, int PreviousYearNumber, int Year, int Units,
        MonthPeriod Month, int OnTime, int Late, int Missing, int HistoryReports, MonthPeriod? HistoryFrom, int Transactions)
    {
        public string Describe() =>
            $"{ServiceCapacity + ModelCommunity + PreviousYear} assignments in {Units} units ({Year}: {ServiceCapacity} 城乡社区服务能力提升 + {ModelCommunity} 北疆示范社区创建; " +
            $"{PreviousYearNumber}: {PreviousYear} 北疆示范社区创建 still running); {Month}: {OnTime} on time, {Late} late, {Missing} missing; " +
            (HistoryReports == 0 ? "no earlier months" : $"{HistoryReports} reports of {HistoryFrom}..{Month.Previous()}") + $"; {Transactions} batch transactions";
    }

    private sealed record Planned(int Index, int Year, string Unit, string Community, CommunityKind Kind, TaskType Type, decimal Allocation, DateOnly Start, DateOnly Deadline);

    public async Task<Seeded> SeedAsync(CancellationToken ct)
    {
        var month = options.Month;
        var planned = Plan(month);
        var staff = new Caller("benchmark", Role.Staff, null, "benchmark");
        var import = services.GetRequiredService<AllocationImportService>();
        foreach (var year in planned.GroupBy(p => p.Year).OrderBy(g => g.Key))
        {
            var csv = Csv(year.ToList());
            var result = await import.ImportAsync(staff, year.Key.ToString(CultureInfo.InvariantCulture), new MemoryStream(csv), "text/csv", ct);
            if (result.Created != year.Count())
            {
                throw new InvalidOperationException($"Import of {year.Key} created {result.Created} of {year.Count()} assignments.");
            }
        }
        var store = services.GetRequiredService<AssignmentStore>();
        var assignments = new List<Assignment>();
        foreach (var year in planned.Select(p => p.Year).Distinct())
        {
            assignments.AddRange(await store.ListAsync(year, null, ct));
        }
        var byId = planned.ToDictionary(p => Assignment.IdFor(p.Year, p.Unit, p.Community, p.Type), StringComparer.Ordinal);
        var seeded = assignments.Select(a => (Assignment: a, Plan: byId[a.Id])).OrderBy(x => x.Plan.Index).ToList();
        if (seeded.Any(x => !ReportingPeriods.IsActiveIn(x.Assignment, month)))
        {
            throw new InvalidOperationException($"Every seeded assignment should be active in {month}.");
        }

        // Every report each assignment has: earlier months as first, on-time submissions (about 4%
        // of months left unreported), the dispatched month by its fate.
        var schedule = new ScheduleOptions();
        var history = 0;
        MonthPeriod? historyFrom = null;
        var fates = new Dictionary<string, string>(StringComparer.Ordinal);
        var reports = new List<(Assignment Assignment, List<MonthlyReport> Months)>();
        foreach (var (a, p) in seeded)
        {
            var months = new List<MonthlyReport>();
            for (var m = ReportingPeriods.First(a); m < month; m = m.Next())
            {
                if (Draw(p.Index, m).NextDouble() >= 0.04)
                {
                    var receivedAt = BeijingTime.StartOfDay(new DateOnly(m.Next().Year, m.Next().Month, 3)).AddHours(9).AddMinutes(p.Index % 480);
                    months.Add(Report(a, p, m, receivedAt, Timeliness.OnTime));
                    history++;
                    historyFrom = historyFrom is null || m < historyFrom ? m : historyFrom;
                }
            }
            var fate = Fate(p, month);
            fates[a.Id] = fate;
            if (fate != Timeliness.Missing)
            {
                var receivedAt = fate == Timeliness.OnTime
                    ? BeijingTime.StartOfDay(new DateOnly(month.Next().Year, month.Next().Month, 3)).AddHours(10)
                    : DueDates.ReportDueEnd(month, schedule).AddHours(8);
                months.Add(Report(a, p, month, receivedAt, fate));
            }
            reports.Add((a, months));
        }

        // The batches: per assignment its Reports partition; per month its ReportsByMonth rows; per year its summaries.
        var storage = services.GetRequiredService<GovernanceStorage>();
        var reportsTable = await storage.TableAsync(StorageNames.ReportsTable, ct);
        var indexTable = await storage.TableAsync(StorageNames.ReportsByMonthTable, ct);
        var summaryTable = await storage.TableAsync(StorageNames.StandingSummariesTable, ct);
        var batches = new List<(TableClient Table, IReadOnlyList<TableEntity> Rows)>();
        foreach (var (a, months) in reports)
        {
            var rows = months.SelectMany(r => { var e = ReportStore.Entities(r, a.Unit); return new[] { e.Version, e.Current }; }).ToList();
            batches.AddRange(rows.Chunk(100).Select(c => (reportsTable, (IReadOnlyList<TableEntity>)c)));
        }
        foreach (var partition in reports.SelectMany(x => x.Months.Select(r => ReportStore.Entities(r, x.Assignment.Unit).Index)).GroupBy(e => e.PartitionKey))
        {
            batches.AddRange(partition.Chunk(100).Select(c => (indexTable, (IReadOnlyList<TableEntity>)c)));
        }
        foreach (var partition in reports.SelectMany(x => new[] { StandingSummaryStore.FreshEntity(x.Assignment.Id, x.Months) }).GroupBy(e => e.PartitionKey))
        {
            batches.AddRange(partition.Chunk(100).Select(c => (summaryTable, (IReadOnlyList<TableEntity>)c)));
        }
        // Upserts, not Adds: a batch the SDK retries after a timeout (Azurite slows as it fills) may have
        // landed the first time, and the rows are the same either way.
        await System.Threading.Tasks.Parallel.ForEachAsync(batches, Concurrently(ct), async (b, token) =>
            await b.Table.SubmitTransactionAsync(b.Rows.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), token));

        var currentYear = planned.Max(p => p.Year);
        var current = planned.Where(p => p.Year == currentYear).ToList();
        var previous = planned.Where(p => p.Year != currentYear).ToList();
        return new Seeded(
            current.Count(p => p.Type == TaskType.ServiceCapacity), current.Count(p => p.Type == TaskType.ModelCommunity),
            previous.Count, previous.Count > 0 ? previous[0].Year : currentYear - 1, currentYear, planned.Select(p => p.Unit).Distinct().Count(),
            month, fates.Values.Count(f => f == Timeliness.OnTime), fates.Values.Count(f => f == Timeliness.Late), fates.Values.Count(f => f == Timeliness.Missing),
            history, historyFrom, batches.Count);
    }

    private static MonthlyReport Report(Assignment a, Planned p, MonthPeriod m, DateTimeOffset receivedAt, string timeliness)
    {
        var content = Content(a, p, m);
        var version = new ReportVersion(a.Id, m.ToString(), 1, receivedAt, timeliness, a.Unit, content.ContentHash(), content);
        return new MonthlyReport(version, receivedAt, timeliness);
    }

    /// <summary>The programme years the dispatch must read so that assignments started <c>--history-months</c> before the month are active.</summary>
    public static int YearsSpanned(DispatchBenchmark.Options options) =>
        Math.Max(2, options.Month.Year - options.Month.FirstDay.AddMonths(-options.HistoryMonths).Year + 1);

    private ParallelOptions Concurrently(CancellationToken ct) => new() { MaxDegreeOfParallelism = options.Parallel, CancellationToken = ct };

    /// <summary>
    /// 55% 城乡社区服务能力提升 and 45% 北疆示范社区创建. Every assignment starts <c>--history-months</c> before
    /// the month (so that many earlier months can be reported; 0: the month itself), belongs to the
    /// programme year it starts in, and runs to the end of the month's year, so the months of history
    /// are the same for every assignment.
    /// </summary>
    private List<Planned> Plan(MonthPeriod month)
    {
        var start = month.FirstDay.AddMonths(-options.HistoryMonths);
        var deadline = new DateOnly(month.Year, 12, 31);
        var list = new List<Planned>();
        for (var i = 0; i < options.Assignments; i++)
        {
            var random = new Random(2121 + i);
            var unit = Units[i % Units.Length];
            var kind = (i % 10) switch { < 6 => CommunityKind.Urban, < 9 => CommunityKind.AgriculturalVillage, _ => CommunityKind.PastoralVillage };
            var suffix = kind switch { CommunityKind.Urban => "社区", CommunityKind.AgriculturalVillage => "村", _ => "嘎查" };
            var community = $"{Names[i % Names.Length]}{i / Names.Length + 1}{suffix}";
            var type = i % 20 < 3 || i % 5 >= 3 ? TaskType.ModelCommunity : TaskType.ServiceCapacity;
            var allocation = type == TaskType.ServiceCapacity ? 100_000m + 10_000m * random.Next(0, 11) : 80_000m + 5_000m * random.Next(0, 9);
            list.Add(new Planned(i, start.Year, unit, community, kind, type, allocation, start, deadline));
        }
        return list;
    }

    private static byte[] Csv(IReadOnlyList<Planned> rows)
    {
        var csv = new StringBuilder("序号,责任单位,承接项目社区,分配金额,任务类型,社区类型,开始日期,截止日期\n");
        var serial = 1;
        foreach (var p in rows)
        {
            csv.Append(serial++).Append(',').Append(p.Unit).Append(',').Append(p.Community).Append(',')
                .Append(p.Allocation.ToString("0", CultureInfo.InvariantCulture)).Append(',').Append(p.Type.ChineseName()).Append(',')
                .Append(p.Kind.ChineseName()).Append(',').Append(p.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(',').Append(p.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>About 8% of a unit's assignments report late; most units miss 5%, every fourth unit 30%.</summary>
    private static string Fate(Planned p, MonthPeriod month)
    {
        var draw = Draw(p.Index, month.Next()).NextDouble();
        var missing = Array.IndexOf(Units, p.Unit) % 4 == 3 ? 0.30 : 0.05;
        return draw < missing ? Timeliness.Missing : draw < missing + 0.08 ? Timeliness.Late : Timeliness.OnTime;
    }

    private static Random Draw(int index, MonthPeriod month) => new(index * 1_000 + month.Year * 12 + month.Month);

    private static MonthlyReportContent Content(Assignment a, Planned p, MonthPeriod month)
    {
        var errors = new FieldErrors();
        var content = ReportFields.Parse(Fields(a, p, month), a.TaskType, errors);
        errors.ThrowIfAny("invalid_report", "benchmark report");
        return content;
    }

    private static Dictionary<string, string> Fields(Assignment a, Planned p, MonthPeriod month)
    {
        var r = Draw(p.Index, month);
        var centre = r.Next(150, 900);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = $"{a.Community}{month.ChineseName}推进{a.TaskType.ChineseName()}：完成党群服务中心功能区改造{r.Next(1, 5)}处，组织居民议事协商{r.Next(1, 4)}次，开展志愿服务活动{r.Next(2, 9)}场，服务居民{r.Next(80, 600)}人次。",
            ["problems"] = ProblemTexts[r.Next(ProblemTexts.Length)],
            ["nextPlan"] = PlanTexts[r.Next(PlanTexts.Length)],
            ["fundsSpent"] = Math.Round(p.Allocation * r.Next(2, 9) / 100m, 2).ToString("0.00", CultureInfo.InvariantCulture),
            ["metrics.households"] = r.Next(300, 3000).ToString(CultureInfo.InvariantCulture),
            ["metrics.centreArea"] = centre.ToString(CultureInfo.InvariantCulture),
            ["metrics.activityArea"] = (centre * 6 / 10).ToString(CultureInfo.InvariantCulture),
            ["metrics.facilityOwner"] = Owners[r.Next(Owners.Length)],
            ["metrics.communityWorkers"] = r.Next(5, 25).ToString(CultureInfo.InvariantCulture),
            ["metrics.volunteerTeam"] = "true",
            ["metrics.consultationProjects"] = r.Next(0, 6).ToString(CultureInfo.InvariantCulture),
            ["metrics.elderlyCareStation"] = r.Next(2) == 0 ? "true" : "false",
            ["metrics.socialWorkRoom"] = r.Next(2) == 0 ? "true" : "false",
            ["progress[0].requirement"] = a.TaskType == TaskType.ServiceCapacity ? "FW-2" : "BJ-2",
            ["progress[0].status"] = "in_progress",
            ["progress[0].note"] = "按计划推进",
        };
        return fields;
    }
}
