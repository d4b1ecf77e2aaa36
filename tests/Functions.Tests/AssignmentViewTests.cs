using System.Net;
using System.Net.Http.Json;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AssignmentViewTests(AzuriteServer azurite) : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite);
        await _app.ImportSeed2023Async();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Before_any_report_each_requirement_reads_data_incomplete_and_past_months_read_missing()
    {
        var list = await _app.ItemsAsync("programmes/2023/assignments");
        var id = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "新园社区").GetProperty("id").GetString();

        var view = await _app.JsonAsync(HttpMethod.Get, $"assignments/{id}");

        var requirements = view.GetProperty("requirements").EnumerateArray().ToList();
        Assert.Equal(new[] { "BJ-1", "BJ-2", "BJ-3", "BJ-4", "BJ-5", "BJ-6", "BJ-7" }, requirements.Select(r => r.GetProperty("id").GetString()!).ToArray());
        Assert.All(requirements, r => Assert.Equal("数据不全", r.GetProperty("stateName").GetString()));
        Assert.Equal(0, view.GetProperty("requirementsMet").GetInt32());
        Assert.Equal(0m, view.GetProperty("cumulativeSpend").GetDecimal());

        // 2023-05 through 2024-05 (the deadline month); every due day is long past.
        var months = view.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal("2023-05", months[0].GetProperty("period").GetString());
        Assert.Equal("2023-06-05", months[0].GetProperty("dueDay").GetString());
        Assert.Equal("2024-05", months[^1].GetProperty("period").GetString());
        Assert.Equal(13, months.Count);
        Assert.All(months, m => Assert.Equal("未报", m.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task The_view_judges_as_the_plan_does_a_failure_outranks_a_gap_evidence_completes_a_rule_and_the_share_counts_what_is_done()
    {
        var list = await _app.ItemsAsync("programmes/2023/assignments");
        var id = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "田园社区").GetProperty("id").GetString();
        var hantai = await _app.IssueUnitTokenAsync("罕台镇");

        // Households not reported, 200 m²: under the urban 300 m² floor whatever the households.
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{id}/reports/2023-06", JsonContent.Create(new
        {
            summary = "推进综合服务设施建设",
            fundsSpent = 30000m,
            progress = new[] { new { requirement = "FW-1", status = "done", note = "居民公约已修订" } },
            metrics = new { centreArea = 200m, facilityOwner = "基层政府", elderlyCareStation = true },
        }), hantai, expect: 201);
        var before = await _app.JsonAsync(HttpMethod.Get, $"assignments/{id}", token: hantai);

        Assert.Equal(["数据不全", "未达标", "达标", "数据不全", "缺少证明材料"], States(before));
        var fw2 = Requirement(before, "FW-2");
        Assert.Contains("户数未填报", fw2.GetProperty("explanation").GetString());
        Assert.Equal("≥ 300.0 m²", fw2.GetProperty("figures")[0].GetProperty("required").GetString());
        Assert.Equal(1, before.GetProperty("requirementsDone").GetInt32());
        Assert.Equal("20.0%", before.GetProperty("progressShareText").GetString());
        Assert.Equal("5项创建要求中已完成1项", before.GetProperty("progressText").GetString());

        // Evidence for FW-5 completes it; evidence for FW-1, which the unit reported done, puts it before staff and counts it.
        foreach (var requirement in new[] { "FW-5", "FW-1" })
        {
            await _app.JsonAsync(HttpMethod.Post, $"assignments/{id}/evidence",
                EvidenceFiles.Form(requirement, "2023-06", ($"{requirement}.jpg", EvidenceFiles.Jpeg(seed: requirement[^1]))), hantai, expect: 201);
        }
        var after = await _app.JsonAsync(HttpMethod.Get, $"assignments/{id}", token: hantai);

        Assert.Equal(["待审核", "未达标", "达标", "数据不全", "达标"], States(after));
        Assert.Equal("done", Requirement(after, "FW-1").GetProperty("reportedStatus").GetString());
        Assert.True(Requirement(after, "FW-1").GetProperty("done").GetBoolean());
        Assert.Equal(2, after.GetProperty("requirementsMet").GetInt32());
        Assert.Equal(3, after.GetProperty("requirementsDone").GetInt32());
        Assert.Equal(0.6m, after.GetProperty("progressShare").GetDecimal());
        Assert.Equal("20.0%", after.GetProperty("executionRateText").GetString());
    }

    private static string[] States(System.Text.Json.JsonElement view) =>
        view.GetProperty("requirements").EnumerateArray().Select(r => r.GetProperty("stateName").GetString()!).ToArray();

    private static System.Text.Json.JsonElement Requirement(System.Text.Json.JsonElement view, string id) =>
        view.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    [Fact]
    public async Task An_unknown_assignment_is_404()
    {
        using var response = await _app.SendAsync(HttpMethod.Get, "assignments/2023-00000000");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("assignment_not_found", await response.Content.ReadAsStringAsync());
    }
}
