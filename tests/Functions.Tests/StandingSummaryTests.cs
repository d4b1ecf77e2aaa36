using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Governance.Core.Assignments;
using Governance.Core.Notices;
using Governance.Core.Periods;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Standing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Governance.Functions.Tests.EvidenceFiles;

namespace Governance.Functions.Tests;

/// <summary>
/// The running summary (StandingSummaries) the dispatch and the bulletin read instead of every
/// month's reports and every assignment's evidence and evaluation: it agrees with what is stored
/// after versions, replacements and crashes, rows written before it existed are still read right,
/// and the standing it gives at a past moment is the one the assignment's own partitions give.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StandingSummaryTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 2, 10, 0, 0, Beijing));
    private readonly TableFaults _faults = new();
    private TestApp _app = null!;
    private string _tianyuan = "";
    private string _xinyuan = "";
    private string _hantai = "";
    private string _xingsheng = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Jobs:Since"] = "2026-10-01" }, _clock, _faults.Register);
        (_tianyuan, _xinyuan) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
        _xingsheng = await _app.IssueUnitTokenAsync("兴胜街道办事处");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static JsonContent Report(string summary, decimal spent, int? households = null, int? centreArea = null) => JsonContent.Create(new
    {
        summary,
        fundsSpent = spent,
        metrics = new { households, centreArea, facilityOwner = "基层政府" },
    });

    private async Task SubmitAsync(string assignment, string period, JsonContent body, string token)
    {
        using var response = await _app.SendAsync(HttpMethod.Put, $"assignments/{assignment}/reports/{period}", body, token);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{period}: {response.StatusCode}");
    }

    private T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task<StandingSummaryStore.Summary?> SummaryAsync(string id) =>
        (await Service<StandingSummaryStore>().ReadAsync(["2026"], null, CancellationToken.None)).GetValueOrDefault(id);

    // The summary's months against the Reports partition's current rows: same months, versions and figures.
    private async Task AssertSummaryAgreesAsync(string id)
    {
        var stored = await Service<ReportStore>().ListCurrentAsync(id, CancellationToken.None);
        var summary = (await SummaryAsync(id))?.Reports;
        Assert.NotNull(summary);
        Assert.Equal(stored.Select(r => (r.Period, r.Current.Version, r.Current.Content.FundsSpent, r.FirstTimeliness, r.Current.Content.Metrics)),
            summary.Select(r => (r.Period, r.Current.Version, r.Current.Content.FundsSpent, r.FirstTimeliness, r.Current.Content.Metrics)));
    }

    // What the dispatch and bulletin compute (the summary) against the assignment's own partitions, at the end of each month.
    private async Task AssertStandingsAgreeAsync(params MonthPeriod[] months)
    {
        var reader = Service<StandingReader>();
        foreach (var month in months)
        {
            var at = BeijingTime.EndOfDay(month.LastDay);
            foreach (var fromSummary in await reader.ActiveAsync(month, month, at, CancellationToken.None))
            {
                var own = await reader.OfAsync(fromSummary.Assignment, at, CancellationToken.None);
                Assert.Equal(own.CumulativeSpend, fromSummary.CumulativeSpend);
                Assert.Equal(own.Metrics, fromSummary.Metrics);
                Assert.Equal(own.ProgressShare, fromSummary.ProgressShare);
                Assert.Equal(own.Requirements.Select(r => (r.Requirement.Id, r.State, r.Computed.State, r.LastReported?.Status)),
                    fromSummary.Requirements.Select(r => (r.Requirement.Id, r.State, r.Computed.State, r.LastReported?.Status)));
                Assert.Equal(own.ReportFor(month)?.Current.Version, fromSummary.ReportFor(month)?.Current.Version);
                Assert.Equal(own.ReportFor(month)?.Current.Content.Summary, fromSummary.ReportFor(month)?.Current.Content.Summary);
            }
        }
    }

    [Fact]
    public async Task The_summary_follows_every_version_and_replacement_and_the_standing_at_each_past_month_end_is_exact()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 7, 3, 10, 0, 0, Beijing));
        await SubmitAsync(_tianyuan, "2026-06", Report("六月", 10000m, households: 700, centreArea: 200), _hantai);
        _clock.SetUtcNow(new DateTimeOffset(2026, 8, 3, 10, 0, 0, Beijing));
        await SubmitAsync(_tianyuan, "2026-07", Report("七月", 5000m, centreArea: 420), _hantai);
        // A replacement of an earlier month: spend to date and the figures change for every later month too.
        await SubmitAsync(_tianyuan, "2026-06", Report("六月（更正）", 12000m, households: 900, centreArea: 200), _hantai);
        await SubmitAsync(_xinyuan, "2026-07", Report("新园七月", 3000m, households: 300), _xingsheng);

        await AssertSummaryAgreesAsync(_tianyuan);
        await AssertSummaryAgreesAsync(_xinyuan);
        var months = (await SummaryAsync(_tianyuan))!.Reports!;
        Assert.Equal([("2026-06", 2), ("2026-07", 1)], months.Select(m => (m.Period, m.Current.Version)));

        _clock.SetUtcNow(new DateTimeOffset(2026, 9, 3, 10, 0, 0, Beijing));
        await SubmitAsync(_tianyuan, "2026-08", Report("八月", 1000m), _hantai);
        var standings = await Service<StandingReader>().ActiveAsync(new MonthPeriod(2026, 7), new MonthPeriod(2026, 7),
            BeijingTime.EndOfDay(new DateOnly(2026, 7, 31)), CancellationToken.None);
        var july = standings.Single(s => s.Assignment.Id == _tianyuan);
        Assert.Equal(17000m, july.CumulativeSpend);    // August is after the moment asked for
        Assert.Equal(900, july.Metrics!.Households);   // from June's correction
        Assert.Equal(420m, july.Metrics.CentreArea);   // from July
        await AssertStandingsAgreeAsync(new MonthPeriod(2026, 6), new MonthPeriod(2026, 7), new MonthPeriod(2026, 8));
    }

    [Fact]
    public async Task A_summary_write_lost_after_the_version_is_healed_by_the_dispatch_before_it_reads()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 7, 3, 10, 0, 0, Beijing));
        await SubmitAsync(_tianyuan, "2026-06", Report("六月", 10000m, households: 700), _hantai);
        _clock.SetUtcNow(new DateTimeOffset(2026, 8, 3, 10, 0, 0, Beijing));
        // The side effects run after the answer: the first version's must be done before the fault is armed for the second's.
        var afterAnswer = Service<Governance.Core.Storage.AfterAnswer>();
        await afterAnswer.SettledAsync();
        // The summary write fails (a crash between the version and its side effects): the intent stays.
        _faults.FailNextWrite("StandingSummaries");
        await SubmitAsync(_tianyuan, "2026-06", Report("六月（更正）", 16000m, households: 800), _hantai);
        await afterAnswer.SettledAsync();
        Assert.Equal(0, _faults.Armed);
        Assert.Equal(1, (await SummaryAsync(_tianyuan))!.Reports!.Single().Current.Version);

        var standings = await Service<StandingReader>().ActiveAsync(new MonthPeriod(2026, 7), new MonthPeriod(2026, 7),
            BeijingTime.EndOfDay(new DateOnly(2026, 7, 31)), CancellationToken.None);
        Assert.Equal(16000m, standings.Single(s => s.Assignment.Id == _tianyuan).CumulativeSpend);
        await AssertSummaryAgreesAsync(_tianyuan);
    }

    [Fact]
    public async Task Reports_evaluations_and_evidence_stored_before_summaries_existed_are_read_from_their_partitions_and_the_summary_built()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 7, 3, 10, 0, 0, Beijing));
        await SubmitAsync(_tianyuan, "2026-06", Report("六月", 10000m, households: 700, centreArea: 200), _hantai);
        _clock.SetUtcNow(new DateTimeOffset(2026, 8, 3, 10, 0, 0, Beijing));
        await SubmitAsync(_tianyuan, "2026-07", Report("七月", 5000m), _hantai);
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-3", "2026-06", ("村规民约.jpg", Jpeg(seed: 3))), _xingsheng, expect: 201);
        var before = await StandingsAsync(new MonthPeriod(2026, 7));

        // As data written before this version of the app: no summary rows at all.
        var table = _app.Table("StandingSummaries");
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == "2026"))
        {
            await table.DeleteEntityAsync(e.PartitionKey, e.RowKey);
        }

        var after = await StandingsAsync(new MonthPeriod(2026, 7));
        Assert.Equal(before, after);
        Assert.Equal(15000m, after[_tianyuan].Spend);
        Assert.Contains("BJ-3", after[_xinyuan].WithEvidence);
        await AssertSummaryAgreesAsync(_tianyuan);
        var built = await SummaryAsync(_xinyuan);
        Assert.Equal("2026-06", built!.Evidence!.Since["BJ-3"]);
        Assert.True(built.Evidence.Complete);
        Assert.Equal(0, built.EvaluationVersion);
        await AssertStandingsAgreeAsync(new MonthPeriod(2026, 5), new MonthPeriod(2026, 6), new MonthPeriod(2026, 7));
    }

    [Fact]
    public async Task Evidence_whose_confirmation_is_lost_counts_once_its_row_is_found_and_evidence_never_stored_never_counts()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 8, 3, 10, 0, 0, Beijing));
        // Before any summary: the upload's note starts an incomplete part, which the next read completes.
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-3", "2026-06", ("村规民约.jpg", Jpeg(seed: 5))), _xingsheng, expect: 201);
        Assert.False((await SummaryAsync(_xinyuan))!.Evidence!.Complete);
        Assert.Contains("BJ-3", (await StandingsAsync(new MonthPeriod(2026, 7)))[_xinyuan].WithEvidence);
        Assert.True((await SummaryAsync(_xinyuan))!.Evidence!.Complete);

        // The rows are written but the confirmation fails: the summary holds the file as pending.
        _faults.FailNextWrite("StandingSummaries", "\"EvidencePending\":\"[]\"");
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-7", "2026-07", ("对接台账.jpg", Jpeg(seed: 6))), _xingsheng, expect: 201);
        Assert.Equal(0, _faults.Armed);
        var pending = (await SummaryAsync(_xinyuan))!.Evidence!;
        Assert.Equal(["BJ-7"], pending.Pending.Select(p => p.Requirement));
        Assert.DoesNotContain("BJ-7", pending.Since.Keys);

        var standings = await StandingsAsync(new MonthPeriod(2026, 7));
        Assert.Contains("BJ-7", standings[_xinyuan].WithEvidence);
        var healed = (await SummaryAsync(_xinyuan))!.Evidence!;
        Assert.Empty(healed.Pending);
        Assert.Equal("2026-07", healed.Since["BJ-7"]);

        // The rows' transaction fails after the note: the upload is refused, and the file never counts.
        _faults.FailNextWrite("$batch", "BJ-1");
        using (var failed = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-1", "2026-07", ("社区精神.jpg", Jpeg(seed: 7))), _xingsheng))
        {
            Assert.False(failed.IsSuccessStatusCode);
        }
        Assert.Contains("BJ-1", (await SummaryAsync(_xinyuan))!.Evidence!.Pending.Select(p => p.Requirement));
        Assert.DoesNotContain("BJ-1", (await StandingsAsync(new MonthPeriod(2026, 7)))[_xinyuan].WithEvidence);
        _clock.Advance(StandingSummaryStore.PendingGrace + TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("BJ-1", (await StandingsAsync(new MonthPeriod(2026, 7)))[_xinyuan].WithEvidence);
        Assert.Empty((await SummaryAsync(_xinyuan))!.Evidence!.Pending);
        await AssertStandingsAgreeAsync(new MonthPeriod(2026, 6), new MonthPeriod(2026, 7));
    }

    [Fact]
    public async Task A_dispatch_run_twice_or_two_runs_at_once_create_each_notice_once()
    {
        var notices = Service<NoticeStore>();
        var now = _clock.GetUtcNow();
        var batch = Enumerable.Range(0, 130).Select(i => new Notice(NoticeKind.Dispatch, $"单位{i:000}", "2026-07", "七月调度", "正文",
            [_tianyuan], now) { MeantFor = now }).ToList();

        var racing = await Task.WhenAll(notices.CreateManyOnceAsync(batch, CancellationToken.None), notices.CreateManyOnceAsync(batch, CancellationToken.None));
        Assert.Equal(130, racing.Sum());
        Assert.Equal(0, await notices.CreateManyOnceAsync(batch, CancellationToken.None));
        var stored = await notices.ListByPeriodAsync("2026-07", CancellationToken.None);
        Assert.Equal(130, stored.Count);
        Assert.Single(await notices.ListByRecipientAsync("单位129", CancellationToken.None));
    }

    private sealed record Seen(decimal Spend, string WithEvidence, int Done);

    private async Task<Dictionary<string, Seen>> StandingsAsync(MonthPeriod month) =>
        (await Service<StandingReader>().ActiveAsync(month, month, BeijingTime.EndOfDay(month.LastDay), CancellationToken.None))
            .ToDictionary(s => s.Assignment.Id, s => new Seen(s.CumulativeSpend,
                string.Join(',', s.Requirements.Where(r => r.Requirement.Kind == RuleKind.Evidence && r.Computed.State == RequirementState.AwaitingReview).Select(r => r.Requirement.Id)),
                s.Done));
}
