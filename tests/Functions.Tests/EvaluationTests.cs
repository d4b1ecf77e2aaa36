using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Governance.Core.Notices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EvaluationTests(AzuriteServer azurite) : IAsyncLifetime
{
    // 2026-11-01 in Beijing: 60 days before the 2026 assignments' deadline of 2026-12-31.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;
    private string _tianyuan = "";
    private string _xinyuan = "";
    private string _hantai = "";
    private string _xingsheng = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite, clock: _clock);
        (_tianyuan, _xinyuan) = await _app.Import2026Async();
        _hantai = await _app.IssueUnitTokenAsync("罕台镇");
        _xingsheng = await _app.IssueUnitTokenAsync("兴胜街道办事处");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task ReportOctoberAsync(string summary = "综合服务设施改造完成")
    {
        var report = new
        {
            summary,
            fundsSpent = 50000m,
            metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
        };
        using var response = await _app.SendAsync(HttpMethod.Put, $"assignments/{_tianyuan}/reports/2026-10", JsonContent.Create(report), _hantai);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static object Evaluation(string completedOn = "2026-11-01", string evaluatedOn = "2026-11-01", string? failed = null, string? failedNote = "产权证明未提供") => new
    {
        completedOn,
        evaluatedOn,
        evaluator = "区民政局 李明",
        results = new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }
            .Select(r => new { requirement = r, passed = r != failed, note = r == failed ? failedNote : "现场查验" }),
    };

    /// <summary>
    /// 罕台镇 uploads evidence for 田园社区, staff evaluate it, and the clock moves to real time:
    /// Azurite checks a link's expiry against the real clock, so the dossier link read next is fresh.
    /// </summary>
    private async Task EvaluateWithEvidenceAsync(MultipartFormDataContent evidence)
    {
        using (var upload = await _app.SendAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence", evidence, _hantai))
        {
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }
        using (var put = await PutEvaluationAsync(_tianyuan, Evaluation()))
        {
            await BodyAsync(put, HttpStatusCode.Created);
        }
        if (Governance.Testing.StorageClock.Now > _clock.GetUtcNow())
        {
            _clock.SetUtcNow(Governance.Testing.StorageClock.Now);
        }
    }

    private async Task<HttpResponseMessage> PutEvaluationAsync(string id, object body, string? ifMatch = null)
    {
        var request = _app.Request(HttpMethod.Put, $"assignments/{id}/evaluation");
        request.Content = JsonContent.Create(body);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await _app.Client.SendAsync(request);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expect)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expect, $"expected {expect}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Unit(JsonElement outcomes, string unit) =>
        outcomes.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unit").GetString() == unit);

    [Fact]
    public async Task Early_finisher_gets_priority_and_the_unevaluated_unit_is_suspended_and_refused_for_next_year()
    {
        await ReportOctoberAsync();
        using (var put = await PutEvaluationAsync(_tianyuan, Evaluation()))
        {
            var recorded = await BodyAsync(put, HttpStatusCode.Created);
            Assert.Equal("提前完成", recorded.GetProperty("outcome").GetProperty("name").GetString());
            Assert.Equal(put.Headers.ETag!.ToString(), recorded.GetProperty("eTag").GetString());
        }

        var early = await _app.JsonAsync(HttpMethod.Get, "programmes/2026/outcomes");
        var hantai = Unit(early, "罕台镇");
        Assert.True(hantai.GetProperty("priority").GetBoolean());
        Assert.True(hantai.GetProperty("recommendedForPilots").GetBoolean());
        Assert.False(hantai.GetProperty("suspended").GetBoolean());
        Assert.Equal(_tianyuan, hantai.GetProperty("priorityBasis")[0].GetProperty("assignmentId").GetString());
        Assert.Contains("提前60天", hantai.GetProperty("priorityBasis")[0].GetProperty("reason").GetString());
        Assert.Equal("提前完成", hantai.GetProperty("assignments")[0].GetProperty("outcomeName").GetString());
        var xingshengBefore = Unit(early, "兴胜街道办事处");
        Assert.False(xingshengBefore.GetProperty("suspended").GetBoolean());
        Assert.Equal("待验收", xingshengBefore.GetProperty("assignments")[0].GetProperty("outcomeName").GetString());

        // The window after 2026-12-31 ends on 2027-03-01; the next morning 新园社区 is still unevaluated.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var late = await _app.JsonAsync(HttpMethod.Get, "programmes/2026/outcomes");
        var xingsheng = Unit(late, "兴胜街道办事处");
        Assert.True(xingsheng.GetProperty("suspended").GetBoolean());
        Assert.False(xingsheng.GetProperty("priority").GetBoolean());
        Assert.Equal(_xinyuan, xingsheng.GetProperty("suspensionBasis")[0].GetProperty("assignmentId").GetString());
        Assert.Equal("未完成", xingsheng.GetProperty("assignments")[0].GetProperty("outcomeName").GetString());
        Assert.True(Unit(late, "罕台镇").GetProperty("priority").GetBoolean());

        var application = new { taskType = "model-community", community = "新园社区", reason = "继续创建北疆示范社区" };
        using (var refused = await _app.SendAsync(HttpMethod.Post, "programmes/2027/applications", JsonContent.Create(application), _xingsheng))
        {
            var problem = await BodyAsync(refused, HttpStatusCode.Forbidden);
            Assert.Equal("suspended_from_applying", problem.GetProperty("code").GetString());
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("新园社区", detail);
            Assert.Contains(_xinyuan, detail);
            Assert.Contains("暂停申报下一年度", detail);
            Assert.Contains(Governance.Core.Evaluation.Consequences.NotCompletedClause, detail);
        }

        var accepted = await _app.JsonAsync(HttpMethod.Post, "programmes/2027/applications",
            JsonContent.Create(new { taskType = "北疆示范社区创建", community = "田园社区", reason = "服务能力提升已提前完成，申请创建示范社区" }), _hantai, expect: 201);
        Assert.Equal("优先", accepted.GetProperty("mark").GetString());

        var listed = await _app.JsonAsync(HttpMethod.Get, "programmes/2027/applications");
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("罕台镇", only.GetProperty("unit").GetString());
        Assert.True(only.GetProperty("priority").GetBoolean());
        Assert.Equal("优先", only.GetProperty("mark").GetString());
        Assert.Contains(_tianyuan, only.GetProperty("priorityReason").GetString());
    }

    [Fact]
    public async Task A_revision_needs_the_current_etag_and_every_version_is_kept_with_a_notice_each()
    {
        await ReportOctoberAsync();
        string first;
        using (var put = await PutEvaluationAsync(_tianyuan, Evaluation(failed: "FW-3")))
        {
            var body = await BodyAsync(put, HttpStatusCode.Created);
            first = put.Headers.ETag!.ToString();
            Assert.Equal("待验收", body.GetProperty("outcome").GetProperty("name").GetString());
        }

        using (var without = await PutEvaluationAsync(_tianyuan, Evaluation()))
        {
            var problem = await BodyAsync(without, (HttpStatusCode)428);
            Assert.Equal("if_match_required", problem.GetProperty("code").GetString());
        }

        _clock.Advance(TimeSpan.FromDays(3));
        string second;
        using (var revised = await PutEvaluationAsync(_tianyuan, Evaluation("2026-11-03", "2026-11-04"), first))
        {
            var body = await BodyAsync(revised, HttpStatusCode.OK);
            second = revised.Headers.ETag!.ToString();
            Assert.NotEqual(first, second);
            Assert.Equal(2, body.GetProperty("current").GetProperty("version").GetInt32());
            Assert.Equal("提前完成", body.GetProperty("outcome").GetProperty("name").GetString());
        }

        using (var stale = await PutEvaluationAsync(_tianyuan, Evaluation(failed: "FW-4"), first))
        {
            var problem = await BodyAsync(stale, HttpStatusCode.PreconditionFailed);
            Assert.Equal("evaluation_stale", problem.GetProperty("code").GetString());
            Assert.Contains("第2版", problem.GetProperty("detail").GetString());
        }

        using var get = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evaluation", token: _hantai);
        var read = await BodyAsync(get, HttpStatusCode.OK);
        Assert.Equal(second, get.Headers.ETag!.ToString());
        var versions = read.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.False(versions[0].GetProperty("allPassed").GetBoolean());
        Assert.True(versions[1].GetProperty("allPassed").GetBoolean());
        var fw2 = read.GetProperty("current").GetProperty("results").EnumerateArray().Single(r => r.GetProperty("requirement").GetString() == "FW-2");
        Assert.Equal("达标", fw2.GetProperty("computed").GetProperty("stateName").GetString());
        Assert.Equal("≥ 300.0 m²", fw2.GetProperty("computed").GetProperty("figures")[0].GetProperty("required").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("current").GetProperty("results")[0].GetProperty("computed").ValueKind);

        var notices = (await _app.Services.GetRequiredService<NoticeStore>().ListByRecipientAsync("罕台镇", CancellationToken.None))
            .Where(n => n.Kind == NoticeKind.EvaluationResult).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Contains("FW-3 综合服务设施产权：产权证明未提供", notices[0].Text);
        Assert.Contains("待验收", notices[0].Text);
        Assert.Contains("田园社区", notices[1].Text);
        Assert.Contains("提前完成", notices[1].Text);
        Assert.Contains("你单位可优先争取2027年度工作任务", notices[1].Text);
        Assert.Contains(Governance.Core.Evaluation.Consequences.EarlyClause, notices[1].Text);
    }

    [Fact]
    public async Task Two_revisions_of_the_same_version_at_once_leave_one_winner_and_one_412()
    {
        await ReportOctoberAsync();
        string first;
        using (var put = await PutEvaluationAsync(_tianyuan, Evaluation()))
        {
            await BodyAsync(put, HttpStatusCode.Created);
            first = put.Headers.ETag!.ToString();
        }

        var racing = await Task.WhenAll(
            PutEvaluationAsync(_tianyuan, Evaluation(failed: "FW-3"), first),
            PutEvaluationAsync(_tianyuan, Evaluation(failed: "FW-4"), first));
        var statuses = racing.Select(r => (int)r.StatusCode).Order().ToList();
        foreach (var r in racing)
        {
            r.Dispose();
        }
        Assert.Equal([200, 412], statuses);

        var read = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evaluation");
        Assert.Equal([1, 2], read.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var blobs = new Azure.Storage.Blobs.BlobContainerClient(_app.ConnectionString, (_app.NamePrefix + "dossiers").ToLowerInvariant())
            .GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, _tianyuan + "/", CancellationToken.None);
        var count = 0;
        await foreach (var _ in blobs)
        {
            count++;
        }
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task Bad_evaluations_name_each_field_and_write_nothing()
    {
        await ReportOctoberAsync();
        var body = new
        {
            completedOn = "2026-11-05",
            evaluatedOn = "2026-11-02",
            evaluator = "",
            results = new object[]
            {
                new { requirement = "FW-1", passed = true, note = "" },
                new { requirement = "FW-2", passed = false, note = "" },
                new { requirement = "FW-2", passed = true, note = "" },
                new { requirement = "BJ-2", passed = true, note = "" },
            },
        };
        using var response = await PutEvaluationAsync(_tianyuan, body);
        var problem = await BodyAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_evaluation", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Contains("验收日期不能晚于今天", errors.GetProperty("evaluatedOn")[0].GetString());
        Assert.Contains("完成日期不能晚于验收日期", errors.GetProperty("completedOn")[0].GetString());
        Assert.True(errors.TryGetProperty("evaluator", out _));
        Assert.Contains("达标", errors.GetProperty("results[1].note")[0].GetString());
        Assert.Contains("重复", errors.GetProperty("results[2].requirement")[0].GetString());
        Assert.Contains("城乡社区服务能力提升", errors.GetProperty("results[3].requirement")[0].GetString());
        var missing = errors.GetProperty("results").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(missing, m => m.Contains("FW-3"));
        Assert.Contains(missing, m => m.Contains("FW-4"));
        Assert.Contains(missing, m => m.Contains("FW-5"));

        using var read = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evaluation");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Units_cannot_evaluate_read_outcomes_or_see_another_units_evaluation_and_staff_cannot_apply()
    {
        using var unitPut = await PutEvaluationAsync(_tianyuan, Evaluation());
        Assert.Equal(HttpStatusCode.Created, unitPut.StatusCode);

        var request = _app.Request(HttpMethod.Put, $"assignments/{_tianyuan}/evaluation", _hantai);
        request.Content = JsonContent.Create(Evaluation());
        using var byUnit = await _app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, byUnit.StatusCode);
        using var other = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evaluation", token: _xingsheng);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var outcomes = await _app.SendAsync(HttpMethod.Get, "programmes/2026/outcomes", token: _hantai);
        Assert.Equal(HttpStatusCode.Forbidden, outcomes.StatusCode);
        using var staffApplies = await _app.SendAsync(HttpMethod.Post, "programmes/2027/applications",
            JsonContent.Create(new { taskType = "service-capacity", community = "田园社区", reason = "x" }));
        Assert.Equal(HttpStatusCode.Forbidden, staffApplies.StatusCode);
    }

    [Fact]
    public async Task The_dossier_downloads_through_its_link_and_its_hash_is_the_one_stored_with_the_evaluation()
    {
        await ReportOctoberAsync("第一版");
        _clock.Advance(TimeSpan.FromHours(1));
        await ReportOctoberAsync("第二版：设施验收完成");
        var photo = EvidenceFiles.Jpeg(300_000, seed: 7);
        await EvaluateWithEvidenceAsync(EvidenceFiles.Form("FW-1", "2026-10", ("居民公约修订稿.jpg", photo)));
        var evaluation = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evaluation");
        var dossier = evaluation.GetProperty("dossier");
        var stored = dossier.GetProperty("sha256").GetString();
        Assert.Equal(stored, evaluation.GetProperty("current").GetProperty("dossierSha256").GetString());
        Assert.True(dossier.GetProperty("expiresAt").GetDateTimeOffset() <= _clock.GetUtcNow().AddMinutes(15));

        using var plain = new HttpClient();
        using var download = await plain.GetAsync(dossier.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(stored, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal("验收档案_罕台镇_田园社区_第1版.zip", download.Content.Headers.ContentDisposition?.FileNameStar);

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Superset(new HashSet<string> { "README.txt", "assignment.json", "evaluation.json", "verdicts.json", "verdicts.csv", "metrics.json",
            "reports/current.csv", "reports/2026-10/v0001.json", "reports/2026-10/v0002.json", "evidence.csv", "manifest.json",
            "evidence/FW-1 社区文化和社区精神/居民公约修订稿.jpg" }, names);

        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var listed = manifest.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(names.Count - 1, listed.Count);
        foreach (var entry in listed)
        {
            using var content = zip.GetEntry(entry.GetProperty("path").GetString()!)!.Open();
            Assert.Equal(entry.GetProperty("sha256").GetString(), Convert.ToHexStringLower(await SHA256.HashDataAsync(content)));
        }
        var archivedPhoto = listed.Single(e => e.GetProperty("path").GetString()!.EndsWith("居民公约修订稿.jpg", StringComparison.Ordinal));
        Assert.Equal(EvidenceFiles.Sha256(photo), archivedPhoto.GetProperty("sha256").GetString());
        Assert.Equal(EvidenceFiles.Sha256(photo), archivedPhoto.GetProperty("recordedSha256").GetString());
        using var version1 = JsonDocument.Parse(zip.GetEntry("reports/2026-10/v0001.json")!.Open());
        Assert.Equal("第一版", version1.RootElement.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task The_dossier_and_bundle_csvs_write_formulas_a_town_typed_as_text()
    {
        await ReportOctoberAsync("=HYPERLINK(\"http://x\",\"y\")");
        await EvaluateWithEvidenceAsync(EvidenceFiles.Form("FW-1", "2026-10", "@SUM(A1)", filesFirst: false, ("-1+2.jpg", EvidenceFiles.Jpeg(seed: 8))));
        var evaluation = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evaluation");
        using var plain = new HttpClient();
        using var dossier = new ZipArchive(new MemoryStream(await plain.GetByteArrayAsync(evaluation.GetProperty("dossier").GetProperty("url").GetString())));
        var bundleLink = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence/bundle");
        using var bundle = new ZipArchive(new MemoryStream(await plain.GetByteArrayAsync(bundleLink.GetProperty("url").GetString())));

        var reports = Text(dossier, "reports/current.csv");
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", reports);
        Assert.DoesNotContain(",\"=HYPERLINK", reports);
        var evidence = Text(dossier, "evidence.csv");
        Assert.Contains(",'@SUM(A1),", evidence);
        Assert.Contains(",'-1+2.jpg,", evidence);
        Assert.DoesNotContain(",@SUM", evidence);
        var manifest = Text(bundle, "manifest.csv");
        Assert.Contains(",'@SUM(A1),", manifest);
        Assert.DoesNotContain(",@SUM", manifest);
        // The app's own numbers and dates are written as they are.
        Assert.Contains(",2026-10,", manifest);
        Assert.Contains(",50000.00,", reports);
    }

    private static string Text(ZipArchive zip, string path)
    {
        using var reader = new StreamReader(zip.GetEntry(path)!.Open(), System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task The_assignment_shows_each_requirement_as_judged_in_the_current_evaluation()
    {
        await ReportOctoberAsync();
        using var response = await PutEvaluationAsync(_tianyuan, Evaluation(failed: "FW-3"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}", token: _hantai);

        var states = view.GetProperty("requirements").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("stateName").GetString());
        Assert.Equal("已审核不通过", states["FW-3"]);
        Assert.All(new[] { "FW-1", "FW-2", "FW-4", "FW-5" }, id => Assert.Equal("已审核通过", states[id]));
        Assert.Equal(4, view.GetProperty("requirementsMet").GetInt32());
        Assert.Equal(0.8m, view.GetProperty("progressShare").GetDecimal());
        var fw3 = view.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "FW-3");
        Assert.Contains("产权证明未提供", fw3.GetProperty("explanation").GetString());
    }
}
