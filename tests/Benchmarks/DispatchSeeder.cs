using System.Globalization;
using System.Text;
using Governance.Core.Allocations;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Programme;
using Governance.Core.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Benchmarks;

/// <summary>
/// Seeds a programme the size asked for through the app's own services: the allocation tables
/// through <see cref="AllocationImportService"/>, the dispatched month's reports through
/// <see cref="ReportService"/> (on time, late, or missing, decided by the fake clock), and earlier
/// months' reports through <see cref="ReportStore"/> (version and month index, as a submission writes them).
/// </summary>
public sealed class DispatchSeeder(IServiceProvider services, FakeTimeProvider clock, DispatchBenchmark.Options options)
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
        MonthPeriod Month, int OnTime, int Late, int Missing, int HistoryReports, MonthPeriod? HistoryFrom)
    {
        public string Describe() =>
            $"{ServiceCapacity + ModelCommunity + PreviousYear} assignments in {Units} units ({Year}: {ServiceCapacity} 城乡社区服务能力提升 + {ModelCommunity} 北疆示范社区创建; " +
            $"{PreviousYearNumber}: {PreviousYear} 北疆示范社区创建 still running); {Month}: {OnTime} on time, {Late} late, {Missing} missing (via ReportService); " +
            (HistoryReports == 0 ? "no earlier months" : $"{HistoryReports} reports of {HistoryFrom}..{Month.Previous()} (via ReportStore)");
    }

    private sealed record Planned(int Index, int Year, string Unit, string Community, CommunityKind Kind, TaskType Type, decimal Allocation, DateOnly Start);

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

        // Earlier months: written as a first, on-time submission writes them (version, current row, month index).
        var reports = services.GetRequiredService<ReportStore>();
        var historyFrom = month;
        for (var i = 0; i < options.HistoryMonths; i++)
        {
            historyFrom = historyFrom.Previous();
        }
        var history = seeded
            .SelectMany(x => Months(Max(ReportingPeriods.First(x.Assignment), historyFrom), month.Previous()).Select(m => (x.Assignment, x.Plan, Month: m)))
            .Where(h => Draw(h.Plan.Index, h.Month).NextDouble() >= 0.04)
            .ToList();
        await System.Threading.Tasks.Parallel.ForEachAsync(history, Concurrently(ct), async (h, token) =>
        {
            var content = Content(h.Assignment, h.Plan, h.Month);
            var receivedAt = BeijingTime.StartOfDay(new DateOnly(h.Month.Next().Year, h.Month.Next().Month, 3)).AddHours(9).AddMinutes(h.Plan.Index % 480);
            var version = new ReportVersion(h.Assignment.Id, h.Month.ToString(), 1, receivedAt, Timeliness.OnTime, h.Assignment.Unit, content.ContentHash(), content);
            var report = new MonthlyReport(version, receivedAt, Timeliness.OnTime);
            if (!await reports.TryAddVersionAsync(report, null, token))
            {
                throw new InvalidOperationException($"History report {h.Assignment.Id} {h.Month} already exists.");
            }
            await reports.IndexAsync(report, h.Assignment.Unit, likelyAbsent: true, token);
        });

        // The dispatched month: submitted through ReportService, whose clock decides on time or late.
        var service = services.GetRequiredService<ReportService>();
        var outcome = seeded.Select(x => (x.Assignment, x.Plan, Fate: Fate(x.Plan, month))).ToList();
        var schedule = new ScheduleOptions();
        clock.SetUtcNow(BeijingTime.StartOfDay(new DateOnly(month.Next().Year, month.Next().Month, 3)).AddHours(10));
        await SubmitAsync(service, outcome.Where(o => o.Fate == Timeliness.OnTime).Select(o => (o.Assignment, o.Plan)), month, ct);
        clock.SetUtcNow(DueDates.ReportDueEnd(month, schedule).AddHours(8));
        await SubmitAsync(service, outcome.Where(o => o.Fate == Timeliness.Late).Select(o => (o.Assignment, o.Plan)), month, ct);

        var currentYear = planned.Max(p => p.Year);
        var current = planned.Where(p => p.Year == currentYear).ToList();
        var previous = planned.Where(p => p.Year != currentYear).ToList();
        return new Seeded(
            current.Count(p => p.Type == TaskType.ServiceCapacity), current.Count(p => p.Type == TaskType.ModelCommunity),
            previous.Count, previous.Count > 0 ? previous[0].Year : currentYear - 1, currentYear, planned.Select(p => p.Unit).Distinct().Count(),
            month, outcome.Count(o => o.Fate == Timeliness.OnTime), outcome.Count(o => o.Fate == Timeliness.Late), outcome.Count(o => o.Fate == Timeliness.Missing),
            history.Count, history.Count == 0 ? null : history.Min(h => h.Month));
    }

    private async Task SubmitAsync(ReportService service, IEnumerable<(Assignment Assignment, Planned Plan)> items, MonthPeriod month, CancellationToken ct)
    {
        await System.Threading.Tasks.Parallel.ForEachAsync(items, Concurrently(ct), async (x, token) =>
        {
            var caller = new Caller("benchmark-" + x.Plan.Index, Role.Unit, x.Assignment.Unit, x.Assignment.Unit);
            var result = await service.SubmitAsync(caller, x.Assignment, month, Fields(x.Assignment, x.Plan, month), new FieldErrors(), token);
            if (result.Status != 201)
            {
                throw new InvalidOperationException($"Report {x.Assignment.Id} {month} answered {result.Status}.");
            }
        });
    }

    private ParallelOptions Concurrently(CancellationToken ct) => new() { MaxDegreeOfParallelism = options.Parallel, CancellationToken = ct };

    /// <summary>
    /// Most assignments belong to the month's programme year, from 1 January (60% service capacity,
    /// 40% model community); 15% are the previous year's model communities, whose one-year term
    /// started eleven months before the month and so still runs in it.
    /// </summary>
    private List<Planned> Plan(MonthPeriod month)
    {
        var previousStart = month.FirstDay.AddMonths(-11);
        var list = new List<Planned>();
        for (var i = 0; i < options.Assignments; i++)
        {
            var random = new Random(2121 + i);
            var unit = Units[i % Units.Length];
            var kind = (i % 10) switch { < 6 => CommunityKind.Urban, < 9 => CommunityKind.AgriculturalVillage, _ => CommunityKind.PastoralVillage };
            var suffix = kind switch { CommunityKind.Urban => "社区", CommunityKind.AgriculturalVillage => "村", _ => "嘎查" };
            var community = $"{Names[i % Names.Length]}{i / Names.Length + 1}{suffix}";
            var previousYear = i % 20 < 3;
            var type = previousYear || i % 5 >= 3 ? TaskType.ModelCommunity : TaskType.ServiceCapacity;
            var allocation = type == TaskType.ServiceCapacity ? 100_000m + 10_000m * random.Next(0, 11) : 80_000m + 5_000m * random.Next(0, 9);
            var start = previousYear ? previousStart : new DateOnly(month.Year, 1, 1);
            list.Add(new Planned(i, start.Year, unit, community, kind, type, allocation, start));
        }
        return list;
    }

    private static byte[] Csv(IReadOnlyList<Planned> rows)
    {
        var csv = new StringBuilder("序号,责任单位,承接项目社区,分配金额,任务类型,社区类型,开始日期\n");
        var serial = 1;
        foreach (var p in rows)
        {
            csv.Append(serial++).Append(',').Append(p.Unit).Append(',').Append(p.Community).Append(',')
                .Append(p.Allocation.ToString("0", CultureInfo.InvariantCulture)).Append(',').Append(p.Type.ChineseName()).Append(',')
                .Append(p.Kind.ChineseName()).Append(',').Append(p.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
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

    private static IEnumerable<MonthPeriod> Months(MonthPeriod first, MonthPeriod last)
    {
        for (var m = first; m <= last; m = m.Next())
        {
            yield return m;
        }
    }

    private static MonthPeriod Max(MonthPeriod a, MonthPeriod b) => a > b ? a : b;
}
