using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.LocalRunner;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// The 2023 programme, lived through: the real Tick function fired at every occurrence of the
/// app's TickSchedule from 2023-05-19 to 2024-06-30, with the two units' monthly reports arriving
/// on time, late and never at the instants a script says, interleaved with the ticks in time order.
/// Everything expected is worked out here from the script with the calendar of docs/rules.md
/// ("The calendar, worked") written out as plain dates (reminder on day 3, due end at 00:00 on day 6, dispatch on day 6, bulletin
/// on day 10, warnings 60 and 30 days before a deadline), not by calling the production calendar.
/// </summary>
/// <remarks>
/// Tick granularity: the app runs with <c>TickSchedule = 0 0 1 * * *</c> (01:00 UTC, 09:00 Beijing,
/// daily), and the test fires at every tick that schedule implies — 409 ticks a pass. The hourly
/// production schedule would be ~9,800 ticks a pass; one tick costs 10–25 ms against Azurite (the
/// warnings ledger read grows with the days), so two hourly passes would take minutes. Every job is
/// due from 00:00 Beijing on its day, so a daily tick runs each on the same day as an hourly one;
/// the hours between 00:00 and 09:00 are used by the script as the window in which a report is late
/// (逾期补报) yet still makes the dispatch. Hourly ticks (catch-up, push retries) are covered in TimerTests.
/// </remarks>
[Collection(AzuriteCollection.Name)]
public sealed class YearSimulationTests(AzuriteServer azurite)
{
    private const string DailyTick = "0 0 1 * * *";
    private const string Hantai = "罕台镇";
    private const string Xingsheng = "兴胜街道办事处";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset SpanStart = new(2023, 5, 19, 0, 0, 0, Beijing);
    private static readonly DateTimeOffset SpanEnd = new(2024, 6, 30, 23, 59, 59, Beijing);

    /// <summary>When, in the month after the period, a report arrives.</summary>
    private enum Arrival
    {
        /// <summary>Day 2, 10:00: before the reminder.</summary>
        Early,

        /// <summary>Day 4, 10:00: reminded on day 3, still on time.</summary>
        AfterReminder,

        /// <summary>Day 5, 23:30: the last half hour on time.</summary>
        LastHalfHour,

        /// <summary>Day 6, 02:00: late, but in before the dispatch of 09:00.</summary>
        LateBeforeDispatch,

        /// <summary>Day 20, 10:00: late, after the dispatch listed it as missing.</summary>
        LateAfterDispatch,

        /// <summary>Not at all.</summary>
        Never,
    }

    private sealed record Scripted(string Unit, int Year, int Month, Arrival Arrival)
    {
        public string Period => $"{Year:D4}-{Month:D2}";

        private DateTimeOffset Next(int day, int hour, int minute = 0) => new DateTimeOffset(Year, Month, 1, 0, 0, 0, Beijing).AddMonths(1).AddDays(day - 1).AddHours(hour).AddMinutes(minute);

        public DateTimeOffset? ArrivesAt => Arrival switch
        {
            Arrival.Early => Next(2, 10),
            Arrival.AfterReminder => Next(4, 10),
            Arrival.LastHalfHour => Next(5, 23, 30),
            Arrival.LateBeforeDispatch => Next(6, 2),
            Arrival.LateAfterDispatch => Next(20, 10),
            _ => null,
        };

        public DateTimeOffset ReminderTick => Next(3, 9);

        public DateTimeOffset DueEnd => Next(6, 0);

        public DateTimeOffset DispatchTick => Next(6, 9);
    }

    // 罕台镇/田园社区 runs 2023-05 … 2023-12, 兴胜街道办事处/新园社区 2023-05 … 2024-05: one entry per active month.
    private static readonly Scripted[] Script =
    [
        new(Hantai, 2023, 5, Arrival.Early),
        new(Hantai, 2023, 6, Arrival.AfterReminder),
        new(Hantai, 2023, 7, Arrival.LateBeforeDispatch),
        new(Hantai, 2023, 8, Arrival.Early), // reports the facility as 200 m², under the 300 m² FW-2 needs
        new(Hantai, 2023, 9, Arrival.Never),
        new(Hantai, 2023, 10, Arrival.Early),
        new(Hantai, 2023, 11, Arrival.LastHalfHour),
        new(Hantai, 2023, 12, Arrival.Early),
        new(Xingsheng, 2023, 5, Arrival.AfterReminder),
        new(Xingsheng, 2023, 6, Arrival.Never),
        new(Xingsheng, 2023, 7, Arrival.LateAfterDispatch),
        new(Xingsheng, 2023, 8, Arrival.Early),
        new(Xingsheng, 2023, 9, Arrival.LateBeforeDispatch),
        new(Xingsheng, 2023, 10, Arrival.LastHalfHour),
        new(Xingsheng, 2023, 11, Arrival.Never),
        new(Xingsheng, 2023, 12, Arrival.Early),
        new(Xingsheng, 2024, 1, Arrival.AfterReminder),
        new(Xingsheng, 2024, 2, Arrival.LateAfterDispatch),
        new(Xingsheng, 2024, 3, Arrival.Early),
        new(Xingsheng, 2024, 4, Arrival.Never),
        new(Xingsheng, 2024, 5, Arrival.Early),
    ];

    // Staff evaluate 田园社区 as all passed on 2023-10-20, before its 60-day mark (2023-11-01): it gets no 期限预警.
    private static readonly DateTimeOffset EvaluatedAt = new(2023, 10, 20, 10, 0, 0, Beijing);

    // 新园社区's evidence: for BJ-4, BJ-5 and BJ-6 (whose figures already hold) with its August report, and
    // for BJ-1 (judged only by staff) with October's, which also reports BJ-1 done.
    private static readonly (DateTimeOffset At, string Period, string[] Requirements)[] XinyuanEvidence =
    [
        (new(2023, 9, 2, 10, 5, 0, Beijing), "2023-08", ["BJ-4", "BJ-5", "BJ-6"]),
        (new(2023, 11, 2, 10, 0, 0, Beijing), "2023-10", ["BJ-1"]),
    ];

    private static readonly (string Quarter, int Year, int[] Months, DateTimeOffset Tick)[] Quarters =
    [
        ("2023-Q2", 2023, [4, 5, 6], new(2023, 7, 10, 9, 0, 0, Beijing)),
        ("2023-Q3", 2023, [7, 8, 9], new(2023, 10, 10, 9, 0, 0, Beijing)),
        ("2023-Q4", 2023, [10, 11, 12], new(2024, 1, 10, 9, 0, 0, Beijing)),
        ("2024-Q1", 2024, [1, 2, 3], new(2024, 4, 10, 9, 0, 0, Beijing)),
    ];

    private static object ReportBody(Scripted s) => s.Unit == Hantai
        ? (object)new
        {
            summary = $"田园社区{s.Period}进展",
            problems = "无",
            nextPlan = "继续推进",
            fundsSpent = 10000m,
            metrics = new { households = 800, centreArea = s.Period == "2023-08" ? 200m : 320m, facilityOwner = "基层政府", elderlyCareStation = true },
        }
        : new
        {
            summary = $"新园社区{s.Period}进展",
            problems = "无",
            nextPlan = "继续推进",
            fundsSpent = 5000m,
            metrics = new
            {
                households = 1000, urbanPopulation = 9800, centreArea = 450m, activityArea = 300m, facilityOwner = "居民委员会",
                communityWorkers = 18, volunteerTeam = true, consultationProjects = 2, elderlyCareStation = true, socialWorkRoom = true,
            },
            progress = string.CompareOrdinal(s.Period, "2023-10") >= 0
                ? new[] { new { requirement = "BJ-1", status = "done", note = "居民公约已修订" } }
                : [],
        };

    private static IEnumerable<DateTimeOffset> Ticks(TestApp app)
    {
        var schedule = CronSchedule.Parse(app.Services.GetRequiredService<IConfiguration>()["TickSchedule"]!);
        for (var t = schedule.Next(SpanStart); t <= SpanEnd; t = schedule.Next(t))
        {
            yield return t;
        }
    }

    [Fact]
    public async Task A_year_of_daily_ticks_sends_exactly_the_scripted_dispatches_bulletins_and_notices_and_a_second_pass_adds_nothing()
    {
        var clock = new FakeTimeProvider(SpanStart.AddHours(8));
        var settings = new Dictionary<string, string?> { ["TickSchedule"] = DailyTick };
        await using var app = await TestApp.StartAsync(azurite, settings, clock);
        var imported = await app.ImportSeed2023Async();
        var ids = imported.GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("assignment").GetProperty("unit").GetString()!, a => a.GetProperty("assignment").GetProperty("id").GetString()!);
        var tokens = new Dictionary<string, string> { [Hantai] = await app.IssueUnitTokenAsync(Hantai), [Xingsheng] = await app.IssueUnitTokenAsync(Xingsheng) };

        var events = Script.Where(s => s.ArrivesAt is not null)
            .Select(s => (At: s.ArrivesAt!.Value, Act: (Func<Task>)(() => app.JsonAsync(HttpMethod.Put, $"assignments/{ids[s.Unit]}/reports/{s.Period}", JsonContent.Create(ReportBody(s)), tokens[s.Unit], expect: 201))))
            .Append((At: EvaluatedAt, Act: () => app.JsonAsync(HttpMethod.Put, $"assignments/{ids[Hantai]}/evaluation", JsonContent.Create(new
            {
                completedOn = "2023-10-16",
                evaluatedOn = "2023-10-20",
                evaluator = "区民政局 李明",
                results = new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => new { requirement = r, passed = true, note = "现场查验" }),
            }), expect: 201)))
            .Concat(XinyuanEvidence.SelectMany(e => e.Requirements.Select(requirement => (e.At, Act: (Func<Task>)(() => app.JsonAsync(HttpMethod.Post, $"assignments/{ids[Xingsheng]}/evidence",
                EvidenceFiles.Form(requirement, e.Period, ($"{requirement}佐证.jpg", EvidenceFiles.Jpeg(seed: requirement[^1]))), tokens[Xingsheng], expect: 201))))))
            .OrderBy(e => e.At)
            .ToList();

        var ticks = Ticks(app).ToList();
        Assert.Equal(409, ticks.Count); // 2023-05-19 … 2024-06-30, one a day
        var next = 0;
        foreach (var tick in ticks)
        {
            for (; next < events.Count && events[next].At < tick; next++)
            {
                clock.SetUtcNow(events[next].At);
                await events[next].Act();
            }
            clock.SetUtcNow(tick);
            await Timer.FireAsync(app);
        }
        Assert.Equal(events.Count, next);

        // The dispatches: every month from 2023-05 to 2024-05, one row per active assignment, timeliness as scripted.
        var months = Script.Select(s => s.Period).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(13, months.Count);
        foreach (var month in months)
        {
            var sheet = (await app.JsonAsync(HttpMethod.Get, $"dispatches/{month}")).GetProperty("dispatch");
            var expected = Script.Where(s => s.Period == month).Select(s => (s.Unit, Timeliness(s))).ToList();
            Assert.Equal(expected, sheet.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("unit").GetString()!, r.GetProperty("timeliness").GetString()!)));
            Assert.Equal(expected.Where(e => e.Item2 == "未报").Select(e => e.Unit), sheet.GetProperty("unitsNotReported").EnumerateArray().Select(u => u.GetString()!));
        }
        await app.JsonAsync(HttpMethod.Get, "dispatches/2024-06", expect: 404);

        // The .xlsx clerks download: September 2023 has 罕台镇 missing and 兴胜 in at 02:00 on the 6th.
        var september = Documents.Cells(await Documents.DownloadAsync(app, "dispatch/2023-09/dispatch-2023-09.xlsx"), out _, out _);
        Assert.Equal(new[] { Hantai, "未报" }, new[] { september[5][1], september[5][12] });
        Assert.Equal(new[] { Xingsheng, "逾期补报" }, new[] { september[6][1], september[6][12] });
        Assert.Equal("按时0　逾期补报1　未报1", september[7][9]);
        Assert.Equal($"未报单位：{Hantai}", september[8][0]);

        // The bulletins: four quarters, each read as it stood at the quarter's end, worked out by hand.
        // 田园社区 (FW, 2023-05-19 … 2023-12-31, 227 days): FW-2 (320 m² ≥ 300) and FW-3 are met by figures;
        // FW-1/FW-4 have no evidence (数据不全), FW-5 has no evidence (缺少证明材料). Q2: 2 of 5 = 40%. Q3: the
        // latest figures (August; September was never reported) put the facility at 200 m², so 1 of 5 = 20%.
        // Q4: evaluated all passed on 2023-10-20 → 100%, 提前完成, commended and never criticised.
        // 新园社区 (BJ, 2023-05-19 … 2024-05-18, 366 days): BJ-2 is met by figures; BJ-4/5/6 hold by figures
        // and are met from August, when their evidence arrives; BJ-1 counts from October (evidence in, and
        // reported done). Q2: 1 of 7 = 14.29%; Q3: 4 of 7 = 57.14%; Q4 and 2024-Q1: 5 of 7 = 71.43%.
        // Time shares: days from the start to the quarter's end over the span (43, 135, 227, 318 days).
        // Criticised: a report of the quarter missing on day 10, or a share more than 25 points under the
        // time share (田园社区 in Q3: 20% against 59.47%). Commended: evaluated all passed, or ahead of time
        // and not criticised. 新园社区 in 2024-Q1 is neither (71.43% against 86.89%, under 25 points).
        var expectedBulletins = new Dictionary<string, (string Unit, decimal Share, decimal Time, string Verdict, int Reasons)[]>
        {
            ["2023-Q2"] = [(Hantai, 0.4m, 0.1894m, "表扬", 0), (Xingsheng, 0.1429m, 0.1175m, "批评", 1)],
            ["2023-Q3"] = [(Xingsheng, 0.5714m, 0.3689m, "表扬", 0), (Hantai, 0.2m, 0.5947m, "批评", 2)],
            ["2023-Q4"] = [(Hantai, 1m, 1m, "表扬", 0), (Xingsheng, 0.7143m, 0.6202m, "批评", 1)],
            ["2024-Q1"] = [(Xingsheng, 0.7143m, 0.8689m, "—", 0)],
        };
        foreach (var (quarter, year, qMonths, tick) in Quarters)
        {
            var entries = (await app.JsonAsync(HttpMethod.Get, $"bulletins/{quarter}")).GetProperty("bulletin").GetProperty("entries").EnumerateArray().ToList();
            Assert.Equal(expectedBulletins[quarter], entries.Select(e => (
                e.GetProperty("unit").GetString()!, e.GetProperty("progressShare").GetDecimal(), e.GetProperty("timeShare").GetDecimal(),
                e.GetProperty("verdict").GetString()!, e.GetProperty("criticismReasons").GetArrayLength())));
            Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e.GetProperty("rank").GetInt32()));
            foreach (var entry in entries)
            {
                var inQuarter = Script.Where(s => s.Unit == entry.GetProperty("unit").GetString() && s.Year == year && qMonths.Contains(s.Month)).ToList();
                var missing = inQuarter.Where(s => s.ArrivesAt is not { } at || at >= tick).ToList();
                Assert.Equal(inQuarter.Count, entry.GetProperty("reportsDue").GetInt32());
                Assert.Equal(inQuarter.Count(s => s.ArrivesAt < s.DueEnd), entry.GetProperty("onTimeReports").GetInt32());
                Assert.Equal(missing.Count, entry.GetProperty("missingReports").GetInt32());
                if (missing.Count > 0 && !entry.GetProperty("evaluatedAllPassed").GetBoolean())
                {
                    Assert.Contains($"本季度{string.Join("、", missing.Select(m => $"{m.Month}月"))}的月度进展未报",
                        entry.GetProperty("criticismReasons").EnumerateArray().Select(r => r.GetString()));
                }
            }
        }
        // 发文字号: numbered per year of issue in the order the bulletins were first compiled.
        Assert.Equal(["东民发〔2023〕1号", "东民发〔2023〕2号", "东民发〔2024〕1号", "东民发〔2024〕2号"],
            await Task.WhenAll(Quarters.Select(async q => (await app.JsonAsync(HttpMethod.Get, $"bulletins/{q.Quarter}")).GetProperty("bulletin").GetProperty("documentNumber").GetString()!)));
        var q4 = (await app.JsonAsync(HttpMethod.Get, "bulletins/2023-Q4")).GetProperty("bulletin").GetProperty("entries")[0];
        Assert.Equal(("提前完成", "提前完成"), (q4.GetProperty("outcome").GetString(), q4.GetProperty("commendedFor").GetString()));
        await app.JsonAsync(HttpMethod.Get, "bulletins/2024-Q2", expect: 404);
        var q3 = await Documents.DownloadAsync(app, "bulletin/2023-Q3/bulletin-2023-Q3.docx");
        using (var doc = WordprocessingDocument.Open(new MemoryStream(q3), false))
        {
            var body = doc.MainDocumentPart!.Document.Body!;
            var rows = body.Descendants<Table>().Single(t => t.InnerText.Contains("排名", StringComparison.Ordinal))
                .Elements<TableRow>().Skip(1).Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
            Assert.Equal(new[] { "1", Xingsheng, "新园社区" }, rows[0].Take(3));
            Assert.Equal(new[] { "2", Hantai, "田园社区" }, rows[1].Take(3));
            Assert.Equal(new[] { "7项中已完成4项", "5项中已完成1项" }, rows.Select(r => r[4]));
            Assert.Equal(new[] { "57.1%", "20.0%" }, rows.Select(r => r[5]));
            Assert.Equal(new[] { "3个月中按时1个月", "3个月中按时1个月" }, rows.Select(r => r[8]));
            Assert.Equal(new[] { "表扬", "批评" }, rows.Select(r => r[9]));
            Assert.Contains(body.Elements<Paragraph>().Select(p => p.InnerText), p => p.StartsWith("罕台镇（田园社区）", StringComparison.Ordinal) && p.Contains("本季度9月的月度进展未报", StringComparison.Ordinal));
            Assert.Contains("东民发〔2023〕2号", body.InnerText, StringComparison.Ordinal);
            Assert.Contains("2023年10月10日印发", body.InnerText, StringComparison.Ordinal);
        }

        // One judgement: the assignment view (now, 2024-06-30), the last dispatch row and the last bulletin row
        // of each assignment show the same share — 100% for 田园社区 (evaluated all passed), 5 of 7 for 新园社区.
        foreach (var (unit, month, quarter, share) in new[] { (Hantai, "2023-12", "2023-Q4", 1m), (Xingsheng, "2024-05", "2024-Q1", 0.7143m) })
        {
            var view = await app.JsonAsync(HttpMethod.Get, $"assignments/{ids[unit]}");
            var row = (await app.JsonAsync(HttpMethod.Get, $"dispatches/{month}")).GetProperty("dispatch").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit").GetString() == unit);
            var entry = (await app.JsonAsync(HttpMethod.Get, $"bulletins/{quarter}")).GetProperty("bulletin").GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("unit").GetString() == unit);
            Assert.Equal([share, share, share], new[] { view, row, entry }.Select(x => x.GetProperty("progressShare").GetDecimal()));
            Assert.Equal(view.GetProperty("progressShareText").GetString(), row.GetProperty("progressShareText").GetString());
        }

        // Every notice, as (kind, recipient, period, created at), worked out from the script.
        var expectedNotices = new HashSet<(string, string, string, DateTimeOffset)>();
        foreach (var s in Script)
        {
            if (s.ArrivesAt is not { } at || at >= s.ReminderTick)
            {
                expectedNotices.Add(("reminder", s.Unit, s.Period, s.ReminderTick));
            }
            if (s.ArrivesAt is not { } arrived || arrived >= s.DispatchTick)
            {
                expectedNotices.Add(("overdue", s.Unit, s.Period, s.DispatchTick));
            }
            expectedNotices.Add(("dispatch", s.Unit, s.Period, s.DispatchTick));
        }
        foreach (var (quarter, year, qMonths, tick) in Quarters)
        {
            foreach (var unit in Script.Where(s => s.Year == year && qMonths.Contains(s.Month)).Select(s => s.Unit).Distinct())
            {
                expectedNotices.Add(("bulletin", unit, quarter, tick));
            }
        }
        // 新园社区's deadline is 2024-05-18: 60 days before is 2024-03-19, 30 days before 2024-04-18; its
        // evidence requirements (BJ-1, BJ-3, BJ-7) are never judged, so both warnings go out.
        expectedNotices.Add(("deadline-warning", Xingsheng, $"{ids[Xingsheng]}-60d", new DateTimeOffset(2024, 3, 19, 9, 0, 0, Beijing)));
        expectedNotices.Add(("deadline-warning", Xingsheng, $"{ids[Xingsheng]}-30d", new DateTimeOffset(2024, 4, 18, 9, 0, 0, Beijing)));
        expectedNotices.Add(("evaluation-result", Hantai, $"{ids[Hantai]}.v0001", EvaluatedAt));

        var notices = await NoticesAsync(app);
        Assert.Equal(expectedNotices.OrderBy(n => n.ToString(), StringComparer.Ordinal), notices.Select(Identity).OrderBy(n => n.ToString(), StringComparer.Ordinal));
        Assert.Equal(expectedNotices.Count, await CountAsync(app.Table("Notices")));
        // The script's tally, as a check on the working above: 4 + 9 reminders, 1 + 5 overdue notices,
        // 8 + 13 dispatch notices, 7 bulletin notices, 2 warnings and 1 evaluation result.
        Assert.Equal(13, expectedNotices.Count(n => n.Item1 == "reminder"));
        Assert.Equal(6, expectedNotices.Count(n => n.Item1 == "overdue"));
        Assert.Equal(50, expectedNotices.Count);
        var june = notices.Single(n => Identity(n) is ("reminder", Xingsheng, "2023-06", _)).GetProperty("text").GetString()!;
        Assert.Contains("新园社区（北疆示范社区创建）", june);
        Assert.Contains("2023年7月5日24时", june);

        // The ledger: each job once per period, each done at the first attempt.
        var expectedRuns = months.SelectMany(m => new[] { ("reminders", m), ("dispatch", m) })
            .Concat(Quarters.Select(q => ("bulletin", q.Quarter)))
            .Concat(Enumerable.Range(0, 409).Select(d => ("warnings", new DateOnly(2023, 5, 19).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))))
            .ToHashSet();
        var runs = await SnapshotAsync(app.Table("JobRuns"), e => $"{e.GetString("State")}|{e.GetInt32("Attempts")}|{e.GetDateTimeOffset("CompletedAt"):o}");
        Assert.Equal(expectedRuns.Order(), runs.Keys.Order());
        Assert.All(runs.Values, v => Assert.StartsWith("done|1|", v));

        var documents = new Dictionary<string, string>();
        await foreach (var blob in app.Container("documents").GetBlobsAsync())
        {
            documents[blob.Name] = blob.Properties.ETag!.Value.ToString();
        }
        var expectedDocuments = months.SelectMany(m => new[] { "xlsx", "html", "json" }.Select(x => $"dispatch/{m}/dispatch-{m}.{x}"))
            .Concat(Quarters.SelectMany(q => new[] { "docx", "html", "json" }.Select(x => $"bulletin/{q.Quarter}/bulletin-{q.Quarter}.{x}")));
        Assert.Equal(expectedDocuments.Order(StringComparer.Ordinal), documents.Keys.Order(StringComparer.Ordinal));

        // The second pass: the app restarted over the same storage with its clock back at 2023-05-19,
        // and every tick of the span fired again. Nothing is created, rerun or rewritten.
        var secondClock = new FakeTimeProvider(SpanStart);
        await using (var again = await TestApp.StartAsync(azurite, new Dictionary<string, string?>(settings) { ["Storage:NamePrefix"] = app.NamePrefix }, secondClock))
        {
            foreach (var tick in Ticks(again))
            {
                secondClock.SetUtcNow(tick);
                await Timer.FireAsync(again);
            }
        }
        Assert.Equal(notices.Select(n => n.GetRawText()), (await NoticesAsync(app)).Select(n => n.GetRawText()));
        Assert.Equal(expectedNotices.Count, await CountAsync(app.Table("Notices")));
        Assert.Equal(runs, await SnapshotAsync(app.Table("JobRuns"), e => $"{e.GetString("State")}|{e.GetInt32("Attempts")}|{e.GetDateTimeOffset("CompletedAt"):o}"));
        var documentsAfter = new Dictionary<string, string>();
        await foreach (var blob in app.Container("documents").GetBlobsAsync())
        {
            documentsAfter[blob.Name] = blob.Properties.ETag!.Value.ToString();
        }
        Assert.Equal(documents, documentsAfter);
    }

    /// <summary>What the dispatch compiled at 09:00 on day 6 says of a scripted report.</summary>
    private static string Timeliness(Scripted s) => s.ArrivesAt switch
    {
        { } at when at < s.DueEnd => "按时",
        { } at when at < s.DispatchTick => "逾期补报",
        _ => "未报",
    };

    private static (string, string, string, DateTimeOffset) Identity(JsonElement n) => (
        n.GetProperty("kind").GetString()!, n.GetProperty("recipient").GetString()!, n.GetProperty("period").GetString()!, n.GetProperty("createdAt").GetDateTimeOffset());

    private static async Task<List<JsonElement>> NoticesAsync(TestApp app)
    {
        var list = new List<JsonElement>();
        foreach (var unit in new[] { Hantai, Xingsheng })
        {
            list.AddRange((await app.ItemsAsync($"notices?unit={unit}")).EnumerateArray());
        }
        return list;
    }

    private static async Task<Dictionary<(string, string), string>> SnapshotAsync(TableClient table, Func<TableEntity, string> value)
    {
        var rows = new Dictionary<(string, string), string>();
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            rows[(e.PartitionKey, e.RowKey)] = value(e);
        }
        return rows;
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            n++;
        }
        return n;
    }
}
