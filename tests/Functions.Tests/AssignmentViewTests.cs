using System.Net;

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
        var list = await _app.JsonAsync(HttpMethod.Get, "programmes/2023/assignments");
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
    public async Task An_unknown_assignment_is_404()
    {
        using var response = await _app.SendAsync(HttpMethod.Get, "assignments/2023-00000000");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("assignment_not_found", await response.Content.ReadAsStringAsync());
    }
}
