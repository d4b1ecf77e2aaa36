using System.Net;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Governance.Core;
using Governance.Core.Allocations;
using Governance.Core.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Functions.Tests;

/// <summary>
/// The allocation import as a whole: names that would become keys, cells that break the text
/// policy, an import that dies half way, and two imports at once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ImportIntegrityTests(AzuriteServer azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    /// <summary>A 2026 table of <paramref name="rows"/> assignments for 罕台镇, each of <paramref name="wan"/> 万元.</summary>
    private static string Table(int rows, int wan)
    {
        var sb = new StringBuilder("序号,责任单位,承接项目社区,分配金额,任务类型,开始日期\n");
        for (var i = 1; i <= rows; i++)
        {
            sb.Append($"{i},罕台镇,第{i}社区,{wan}万元,城乡社区服务能力提升,2026-01-01\n");
        }
        return sb.ToString();
    }

    private static async Task<List<TableEntity>> AllRowsAsync(TestApp app, string table)
    {
        try
        {
            var rows = new List<TableEntity>();
            await foreach (var e in app.Table(table).QueryAsync<TableEntity>())
            {
                rows.Add(e);
            }
            return rows;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    private static async Task<int> BlobCountAsync(TestApp app, string container)
    {
        var client = app.Container(container);
        if (!await client.ExistsAsync())
        {
            return 0;
        }
        var n = 0;
        await foreach (var _ in client.GetBlobsAsync())
        {
            n++;
        }
        return n;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    [Theory]
    [InlineData("罕台/镇")]
    [InlineData("罕台#镇")]
    [InlineData("罕台?镇")]
    [InlineData("罕台\\镇")]
    [InlineData("罕台\u0001镇")]
    [InlineData("罕台\u0085镇")]
    [InlineData("罕台\u202E镇")]
    public async Task A_unit_that_cannot_be_a_key_is_refused_by_row_and_column_and_nothing_is_written(string unit)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var csv = $"序号,责任单位,承接项目社区,分配金额\n1,罕台镇,田园社区,15万元\n2,\"{unit}\",新园社区,10万元\n";

        using var response = await app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(csv));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("allocation_rows_invalid", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("第3行.责任单位", out _), problem.ToString());
        Assert.Empty(await AllRowsAsync(app, "Assignments"));
        Assert.Empty(await AllRowsAsync(app, "Units"));
        Assert.Empty(await AllRowsAsync(app, "Programmes"));
        Assert.Equal(0, await BlobCountAsync(app, "imports"));
    }

    [Fact]
    public async Task A_community_too_long_for_a_key_and_a_control_character_in_any_cell_are_each_named()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var csv = $"序号,责任单位,承接项目社区,分配金额\n1,罕台镇,{new string('村', 60)},15万元\n2\u0001,兴胜街道办事处,新园社区,10万元\n";

        using var response = await app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(csv));

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Contains("50", errors.GetProperty("第2行.承接项目社区")[0].GetString());
        Assert.Contains("U+0001", errors.GetProperty("第3行.序号")[0].GetString());
        Assert.Empty(await AllRowsAsync(app, "Assignments"));
    }

    [Fact]
    public async Task An_import_that_dies_half_way_leaves_the_old_programme_whole_and_the_next_one_lands_whole()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestApp.StartAsync(azurite, clock: clock);
        await app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(Table(2, 10)));

        // The crash: the first hundred rows are written, then every write fails (the process is gone).
        var crash = new FailingWrites(succeedingBatches: 1, thenEveryWrite: true);
        var import = ImportServiceOver(app, crash, clock);
        await Assert.ThrowsAnyAsync<Exception>(() =>
            import.ImportAsync(Staff, "2026", new MemoryStream(Encoding.UTF8.GetBytes(Table(250, 20))), "text/csv", default));
        Assert.True(crash.Failed);

        var list = await app.ItemsAsync("programmes/2026/assignments");
        Assert.Equal(2, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), a => Assert.Equal(100000m, a.GetProperty("allocation").GetDecimal()));
        var id = list[0].GetProperty("id").GetString();
        var view = await app.JsonAsync(HttpMethod.Get, $"assignments/{id}");
        Assert.Equal(100000m, view.GetProperty("assignment").GetProperty("allocation").GetDecimal());

        // The dead import still holds the year until its lease runs out: another import is told so.
        using (var held = await app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(Table(250, 20))))
        {
            var problem = await ProblemAsync(held, HttpStatusCode.Conflict);
            Assert.Equal("import_in_progress", problem.GetProperty("code").GetString());
            Assert.Contains("正在导入", problem.GetProperty("title").GetString());
        }

        clock.Advance(AssignmentStoreLease + TimeSpan.FromSeconds(1));
        var result = await app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(Table(250, 20)));
        Assert.Equal((248, 2), (result.GetProperty("created").GetInt32(), result.GetProperty("updated").GetInt32()));
        list = await app.ItemsAsync("programmes/2026/assignments");
        Assert.Equal(250, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), a => Assert.Equal(200000m, a.GetProperty("allocation").GetDecimal()));

        // What the dead import staged is gone; the programme in force and the one before it remain.
        var partitions = (await AllRowsAsync(app, "Assignments")).Select(e => e.PartitionKey).Distinct().ToList();
        Assert.Equal(2, partitions.Count);
    }

    [Fact]
    public async Task An_import_whose_write_fails_frees_the_year_at_once_and_changes_nothing_a_reader_sees()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestApp.StartAsync(azurite, clock: clock);
        await app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(Table(2, 10)));

        var outage = new FailingWrites(succeedingBatches: 1, thenEveryWrite: false);
        var import = ImportServiceOver(app, outage, clock);
        await Assert.ThrowsAnyAsync<Exception>(() =>
            import.ImportAsync(Staff, "2026", new MemoryStream(Encoding.UTF8.GetBytes(Table(250, 20))), "text/csv", default));
        Assert.True(outage.Failed);

        var list = await app.ItemsAsync("programmes/2026/assignments");
        Assert.Equal(2, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), a => Assert.Equal(100000m, a.GetProperty("allocation").GetDecimal()));
        Assert.Equal(2, (await AllRowsAsync(app, "Assignments")).Count);

        var result = await app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(Table(250, 20)));
        Assert.Equal(248, result.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task Two_imports_at_once_give_one_programme_and_never_a_500()
    {
        await using var app = await TestApp.StartAsync(azurite);
        for (var round = 0; round < 3; round++)
        {
            var (a, b) = (round * 2 + 1, round * 2 + 2);
            var responses = await Task.WhenAll(
                app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(Table(150, a))),
                app.SendAsync(HttpMethod.Post, "programmes/2026/allocations", Csv(Table(150, b))));
            try
            {
                Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
                Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
                foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
                {
                    Assert.Equal("import_in_progress", (await ProblemAsync(conflict, HttpStatusCode.Conflict)).GetProperty("code").GetString());
                }
                var amounts = (await app.ItemsAsync("programmes/2026/assignments")).EnumerateArray()
                    .Select(x => x.GetProperty("allocation").GetDecimal()).ToList();
                Assert.Equal(150, amounts.Count);
                var amount = Assert.Single(amounts.Distinct());
                Assert.Contains(amount, new[] { a * 10000m, b * 10000m });
            }
            finally
            {
                foreach (var r in responses)
                {
                    r.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task A_programme_stored_before_generations_is_read_and_updated()
    {
        await using var app = await TestApp.StartAsync(azurite);
        // What the previous version wrote: the year's rows straight in partition "2026", no Programmes row.
        var id = Governance.Core.Assignments.Assignment.IdFor(2026, "罕台镇", "田园社区", Governance.Core.Programme.TaskType.ServiceCapacity);
        var assignments = app.Table("Assignments");
        await assignments.CreateIfNotExistsAsync();
        await assignments.AddEntityAsync(new TableEntity("2026", id)
        {
            ["SerialNumber"] = "1", ["Unit"] = "罕台镇", ["Community"] = "田园社区", ["CommunityKind"] = "urban",
            ["TaskType"] = "service-capacity", ["Allocation"] = "150000.00", ["StartDate"] = "2026-01-01",
            ["Deadline"] = "2026-12-31", ["UpdatedAt"] = Now,
        });

        var list = await app.ItemsAsync("programmes/2026/assignments");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());

        var same = await app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", Csv("序号,责任单位,承接项目社区,分配金额,开始日期\n1,罕台镇,田园社区,15万元,2026-01-01\n"));
        Assert.Equal(1, same.GetProperty("unchanged").GetInt32());
        var changed = await app.JsonAsync(HttpMethod.Post, "programmes/2026/allocations", Csv("序号,责任单位,承接项目社区,分配金额,开始日期\n1,罕台镇,田园社区,16万元,2026-01-01\n"));
        Assert.Equal(1, changed.GetProperty("updated").GetInt32());
        var view = await app.JsonAsync(HttpMethod.Get, $"assignments/{id}");
        Assert.Equal(160000m, view.GetProperty("assignment").GetProperty("allocation").GetDecimal());
    }

    private static readonly Caller Staff = new("test", Role.Staff, null, "测试");

    private static readonly TimeSpan AssignmentStoreLease = Governance.Core.Assignments.AssignmentStore.ImportLease;

    /// <summary>The app's own import service over the test app's storage, through a table client that fails as told.</summary>
    private static AllocationImportService ImportServiceOver(TestApp app, FailingWrites failure, TimeProvider clock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = app.ConnectionString,
            ["Storage:NamePrefix"] = app.NamePrefix,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(failure, HttpPipelinePosition.PerCall);
        services.AddSingleton(new TableServiceClient(app.ConnectionString, options));
        services.AddGovernance(configuration);
        return services.BuildServiceProvider().GetRequiredService<AllocationImportService>();
    }

    /// <summary>
    /// Lets <paramref name="succeedingBatches"/> transactions through, fails the next, and then
    /// either every later write (a process that died) or none (a passing outage).
    /// </summary>
    private sealed class FailingWrites(int succeedingBatches, bool thenEveryWrite) : HttpPipelinePolicy
    {
        private int _batches;
        private bool _dead;

        public bool Failed { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            await ProcessNextAsync(message, pipeline);
        }

        private void Check(HttpMessage message)
        {
            var write = message.Request.Method != RequestMethod.Get;
            if (_dead && write)
            {
                throw new IOException("simulated crash: the process is gone");
            }
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && ++_batches > succeedingBatches && !Failed)
            {
                Failed = true;
                _dead = thenEveryWrite;
                throw new IOException("simulated failure of a transaction");
            }
        }
    }
}
