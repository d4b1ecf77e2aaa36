using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AllocationImportTests(AzuriteServer azurite) : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(azurite);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_2023_table_imports_two_assignments_with_the_plans_deadlines()
    {
        var result = await _app.ImportSeed2023Async();

        Assert.Equal(2, result.GetProperty("created").GetInt32());
        var list = await _app.ItemsAsync("programmes/2023/assignments");
        Assert.Equal(2, list.GetArrayLength());
        var tianyuan = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "田园社区");
        Assert.Equal("罕台镇", tianyuan.GetProperty("unit").GetString());
        Assert.Equal("service-capacity", tianyuan.GetProperty("taskType").GetString());
        Assert.Equal("城乡社区服务能力提升", tianyuan.GetProperty("taskTypeName").GetString());
        Assert.Equal(150000m, tianyuan.GetProperty("allocation").GetDecimal());
        Assert.Equal("2023-05-19", tianyuan.GetProperty("startDate").GetString());
        Assert.Equal("2023-12-31", tianyuan.GetProperty("deadline").GetString());

        var xinyuan = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "新园社区");
        Assert.Equal("兴胜街道办事处", xinyuan.GetProperty("unit").GetString());
        Assert.Equal("model-community", xinyuan.GetProperty("taskType").GetString());
        Assert.Equal(100000m, xinyuan.GetProperty("allocation").GetDecimal());
        Assert.Equal("2024-05-18", xinyuan.GetProperty("deadline").GetString());
    }

    [Fact]
    public async Task Importing_the_same_table_again_changes_nothing_and_a_changed_amount_updates()
    {
        await _app.ImportSeed2023Async();
        var again = await _app.ImportSeed2023Async();
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(0, again.GetProperty("updated").GetInt32());
        Assert.Equal(2, again.GetProperty("unchanged").GetInt32());

        var changed = await _app.JsonAsync(HttpMethod.Post, "programmes/2023/allocations",
            Csv("序号,责任单位,承接项目社区,分配金额\n1,罕台镇,田园社区,15.5万元\n2,兴胜街道办事处,新园社区,10万元\n"));
        Assert.Equal(1, changed.GetProperty("updated").GetInt32());
        Assert.Equal(1, changed.GetProperty("unchanged").GetInt32());

        var list = await _app.ItemsAsync("programmes/2023/assignments");
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(155000m, list.EnumerateArray().Single(a => a.GetProperty("unit").GetString() == "罕台镇").GetProperty("allocation").GetDecimal());
    }

    [Fact]
    public async Task A_GBK_csv_with_wan_yuan_amounts_imports_a_2026_programme()
    {
        var text = "序号,责任单位,承接项目社区,任务类型,分配金额,开始日期,截止日期\r\n" +
                   "1,罕台镇,田园社区,城乡社区服务能力提升,15万元,2026-03-01,2026-12-31\r\n" +
                   "2,兴胜街道办事处,新园社区,北疆示范社区创建,\"100,000元\",2026-03-01,\r\n";
        var content = new ByteArrayContent(Encoding.GetEncoding(936).GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var result = await _app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", content);

        Assert.Equal(2, result.GetProperty("created").GetInt32());
        var list = await _app.ItemsAsync("programmes/2026/assignments");
        var hantai = list.EnumerateArray().Single(a => a.GetProperty("unit").GetString() == "罕台镇");
        Assert.Equal("田园社区", hantai.GetProperty("community").GetString());
        Assert.Equal(150000m, hantai.GetProperty("allocation").GetDecimal());
        var xingsheng = list.EnumerateArray().Single(a => a.GetProperty("unit").GetString() == "兴胜街道办事处");
        Assert.Equal(100000m, xingsheng.GetProperty("allocation").GetDecimal());
        Assert.Equal("2027-02-28", xingsheng.GetProperty("deadline").GetString());
    }

    [Fact]
    public async Task An_xlsx_sent_as_a_form_file_imports()
    {
        var rows = new[]
        {
            new Dictionary<string, object> { ["序号"] = 1, ["责任单位"] = "罕台镇", ["承接项目社区"] = "田园社区", ["分配金额"] = "15万元" },
            new Dictionary<string, object> { ["序号"] = 2, ["责任单位"] = "兴胜街道办事处", ["承接项目社区"] = "新园社区", ["分配金额"] = 100000 },
        };
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(rows);
        var file = new ByteArrayContent(xlsx.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var form = new MultipartFormDataContent { { file, "file", "资金分配表.xlsx" } };

        var result = await _app.JsonAsync(HttpMethod.Post, "programmes/2025/allocations", form);

        Assert.Equal(2, result.GetProperty("created").GetInt32());
        var amounts = result.GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("assignment").GetProperty("unit").GetString()!, a => a.GetProperty("assignment").GetProperty("allocation").GetDecimal());
        Assert.Equal(150000m, amounts["罕台镇"]);
        Assert.Equal(100000m, amounts["兴胜街道办事处"]);
    }

    [Fact]
    public async Task A_json_table_imports()
    {
        var body = JsonContent.Create(new object[]
        {
            new { unit = "罕台镇", community = "田园社区", amount = "15万元", taskType = "service-capacity" },
            new { unit = "兴胜街道办事处", community = "新园社区", amount = 100000, taskType = "北疆示范社区创建" },
        });
        var result = await _app.JsonAsync(HttpMethod.Post, "programmes/2024/allocations", body);
        Assert.Equal(2, result.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_table_with_three_bad_rows_is_refused_naming_each_and_writes_nothing()
    {
        var csv = "序号,责任单位,承接项目社区,分配金额\n" +
                  "1,罕台镇,田园社区,15万元\n" +
                  "2,兴胜街道办事处,新园社区,十万元\n" +
                  "3,,铜川社区,8万元\n" +
                  "4,罕台镇,公园社区,-5万元\n";

        using var response = await _app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("allocation_rows_invalid", problem.GetProperty("code").GetString());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("第3行.分配金额", fields);
        Assert.Contains("第4行.责任单位", fields);
        Assert.Contains("第5行.分配金额", fields);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("第3", detail);
        Assert.Contains("第4", detail);
        Assert.Contains("第5", detail);

        var list = await _app.ItemsAsync("programmes/2026/assignments");
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task A_community_whose_task_cannot_be_inferred_must_name_its_task_type()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, "programmes/2026/allocations",
            Csv("责任单位,承接项目社区,分配金额\n罕台镇,巴音敖包嘎查,20万元\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("城乡社区服务能力提升", errors.GetProperty("第2行.任务类型")[0].GetString());
        Assert.Contains("牧区嘎查村", errors.GetProperty("第2行.社区类型")[0].GetString());
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("20x6")]
    public async Task A_bad_year_is_refused(string year)
    {
        using var response = await _app.SendAsync(HttpMethod.Post, $"programmes/{year}/allocations", Csv("责任单位,承接项目社区,分配金额\n罕台镇,田园社区,15万元\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_year", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("year", out _));
    }

    [Fact]
    public async Task A_unit_may_not_import()
    {
        await _app.ImportSeed2023Async();
        var unitToken = await _app.IssueUnitTokenAsync("罕台镇");
        using var response = await _app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", Csv("责任单位,承接项目社区,分配金额\n罕台镇,田园社区,15万元\n"), unitToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");
}
