using System.Text;
using Governance.Core.Allocations;
using Governance.Core.Problems;
using Governance.Core.Programme;
using MiniExcelLibs;

namespace Governance.Core.Tests.Allocations;

public sealed class AllocationTableReaderTests
{
    private const string Csv = "text/csv";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string TheTwoRows = "序号,责任单位,承接项目社区,分配金额\r\n1,罕台镇,田园社区,15万元\r\n2,兴胜街道办事处,新园社区,10万元\r\n";

    static AllocationTableReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static AllocationTable Read(byte[] bytes, string? contentType) =>
        AllocationTableReader.Read(new MemoryStream(bytes), contentType);

    private static AllocationTable ReadCsv(string text) => Read(new UTF8Encoding(false).GetBytes(text), Csv);

    private static void AssertThe2023Allocations(AllocationTable table)
    {
        Assert.Empty(table.Errors);
        Assert.Collection(
            table.Rows,
            r =>
            {
                Assert.Equal((2, "1", "罕台镇", "田园社区", 150000m), (r.Row, r.SerialNumber, r.Unit, r.Community, r.AmountYuan));
                Assert.Null(r.TaskType);
            },
            r => Assert.Equal((3, "2", "兴胜街道办事处", "新园社区", 100000m), (r.Row, r.SerialNumber, r.Unit, r.Community, r.AmountYuan)));
    }

    [Fact]
    public void Utf8_csv_without_bom_is_read()
    {
        AssertThe2023Allocations(Read(new UTF8Encoding(false).GetBytes(TheTwoRows), Csv));
    }

    [Fact]
    public void Utf8_csv_with_bom_is_read_without_the_bom_spoiling_the_first_header()
    {
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(TheTwoRows)).ToArray();
        var table = Read(bytes, "text/csv; charset=utf-8");
        AssertThe2023Allocations(table);
    }

    [Fact]
    public void Gbk_csv_as_saved_by_excel_in_china_is_read()
    {
        var bytes = Encoding.GetEncoding(936).GetBytes(TheTwoRows);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));
        AssertThe2023Allocations(Read(bytes, Csv));
    }

    [Fact]
    public void Csv_with_lf_line_endings_and_no_content_type_is_read()
    {
        AssertThe2023Allocations(Read(Encoding.UTF8.GetBytes(TheTwoRows.Replace("\r\n", "\n")), null));
    }

    [Fact]
    public void The_real_2023_table_in_the_repository_is_read()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var path = Path.Combine(dir.FullName, "seed", "allocation-2023.csv");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);

        using var stream = File.OpenRead(path);
        AssertThe2023Allocations(AllocationTableReader.Read(stream, "text/csv"));
    }

    [Fact]
    public void Quoted_fields_keep_their_commas_quotes_and_line_breaks()
    {
        // A line break is fine in 序号 but not in a unit or community name (those become keys).
        var table = ReadCsv("序号,责任单位,承接项目社区,分配金额\n1,罕台镇,\"田园社区，一期, \"\"东区\"\"\",\"150,000\"\n\"2\n(补)\",兴胜街道办事处,新园社区,\"10万元\"\n3,罕台镇,南区,1000\n");
        Assert.Empty(table.Errors);
        Assert.Equal(["田园社区，一期, \"东区\"", "新园社区", "南区"], table.Rows.Select(r => r.Community));
        Assert.Equal("2\n(补)", table.Rows[1].SerialNumber);
        Assert.Equal([150000m, 100000m, 1000m], table.Rows.Select(r => r.AmountYuan));
        // The line break inside the quotes is one spreadsheet row, so the next row is still row 4.
        Assert.Equal([2, 3, 4], table.Rows.Select(r => r.Row));
    }

    [Fact]
    public void An_unclosed_quote_is_reported_instead_of_swallowing_the_rows_after_it()
    {
        var table = ReadCsv("责任单位,承接项目社区,分配金额\n罕台镇,田园社区,15万元\n兴胜街道办事处,\"新园社区,10万元\n罕台镇,南区,1000\n");
        Assert.Equal(["田园社区"], table.Rows.Select(r => r.Community));
        var error = Assert.Single(table.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("引号", error.Message);
    }

    [Fact]
    public void Three_bad_rows_name_every_row_and_column_and_yield_no_rows()
    {
        var table = ReadCsv("序号,责任单位,承接项目社区,分配金额,开始日期,截止日期\n1,罕台镇,田园社区,十五万,,\n2,,新园社区,10万元,,\n3,兴胜街道办事处,东区,150000,2023-05-19,2023/5/1\n");
        Assert.Empty(table.Rows);
        Assert.Equal(
            [(2, "分配金额"), (3, "责任单位"), (4, "截止日期")],
            table.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal("第2行“分配金额”无法识别：“十五万”。请写成“15万元”“150000元”或“150000”", table.Errors[0].Message);
        Assert.Equal("第3行“责任单位”为空", table.Errors[1].Message);
        Assert.Contains("早于", table.Errors[2].Message);
    }

    [Fact]
    public void Each_bad_cell_of_a_row_is_its_own_error_and_good_rows_still_come_through()
    {
        var table = ReadCsv("责任单位,承接项目社区,分配金额,任务类型,社区类型,开始日期\n罕台镇,田园社区,15万元,城乡社区服务能力提升,城镇社区,2023年5月19日\n兴胜街道办事处,,-5,社区建设,城市,2023-13-01\n");
        var good = Assert.Single(table.Rows);
        Assert.Equal((TaskType.ServiceCapacity, CommunityKind.Urban, new DateOnly(2023, 5, 19)), (good.TaskType, good.CommunityKind, good.StartDate));
        Assert.Equal(
            ["承接项目社区", "分配金额", "任务类型", "社区类型", "开始日期"],
            table.Errors.Select(e => e.Column));
        Assert.All(table.Errors, e => Assert.Equal(3, e.Row));
    }

    [Theory]
    [InlineData("2023-05-19")]
    [InlineData("2023/5/19")]
    [InlineData("2023年5月19日")]
    [InlineData("2023.5.19")]
    public void Dates_are_read_in_the_forms_people_type(string text)
    {
        var table = ReadCsv($"责任单位,承接项目社区,分配金额,开始日期,截止日期\n罕台镇,田园社区,15万元,{text},2023-12-31\n");
        var row = Assert.Single(table.Rows);
        Assert.Equal(new DateOnly(2023, 5, 19), row.StartDate);
        Assert.Equal(new DateOnly(2023, 12, 31), row.Deadline);
    }

    [Theory]
    [InlineData("2023-02-30")]
    [InlineData("2023/5-19")]
    [InlineData("5/19/2023")]
    [InlineData("明年")]
    public void Impossible_or_ambiguous_dates_are_errors(string text)
    {
        var table = ReadCsv($"责任单位,承接项目社区,分配金额,截止日期\n罕台镇,田园社区,15万元,{text}\n");
        Assert.Empty(table.Rows);
        var error = Assert.Single(table.Errors);
        Assert.Equal((2, "截止日期"), (error.Row, error.Column));
    }

    [Fact]
    public void A_missing_required_column_is_an_error_on_the_header_row()
    {
        var table = ReadCsv("序号,责任单位,分配金额\n1,罕台镇,15万元\n");
        Assert.Empty(table.Rows);
        var error = Assert.Single(table.Errors);
        Assert.Equal((1, "承接项目社区", "表头缺少“承接项目社区”列"), (error.Row, error.Column, error.Message));
    }

    [Fact]
    public void A_later_duplicate_row_is_refused_and_names_the_earlier_one()
    {
        var table = ReadCsv("责任单位,承接项目社区,分配金额,任务类型\n罕台镇,田园社区,15万元,城乡社区服务能力提升\n罕台镇, 田园社区 ,15万元,service-capacity\n罕台镇,田园社区,10万元,北疆示范社区创建\n");
        Assert.Equal([2, 4], table.Rows.Select(r => r.Row));
        var error = Assert.Single(table.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("与第2行重复", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("序号,责任单位,承接项目社区,分配金额\r\n")]
    [InlineData("序号,责任单位,承接项目社区,分配金额\r\n,,,\r\n")]
    public void A_table_without_data_rows_says_so_once(string text)
    {
        var table = ReadCsv(text);
        Assert.Empty(table.Rows);
        var error = Assert.Single(table.Errors);
        Assert.Equal(1, error.Row);
        Assert.Contains("没有数据行", error.Message);
    }

    [Fact]
    public void Blank_rows_and_the_title_line_of_the_bureaus_table_are_skipped()
    {
        var table = ReadCsv("鄂尔多斯市东胜区城乡社区治理“2121”工程项目资金分配表,,,\n序号,责任单位,承接项目社区,分配金额\n1,罕台镇,田园社区,15万元\n,,,\n2,兴胜街道办事处,新园社区,10万元\n");
        Assert.Empty(table.Errors);
        Assert.Equal([(3, "田园社区"), (5, "新园社区")], table.Rows.Select(r => (r.Row, r.Community)));
    }

    [Fact]
    public void Xlsx_with_numeric_and_wan_amounts_and_a_date_cell_is_read()
    {
        using var file = new MemoryStream();
        file.SaveAs(
            new[]
            {
                new Dictionary<string, object?> { ["序号"] = 1, ["责任单位"] = "罕台镇", ["承接项目社区"] = "田园社区", ["分配金额"] = 150000, ["任务类型"] = "城乡社区服务能力提升", ["截止日期"] = new DateTime(2023, 12, 31) },
                new Dictionary<string, object?> { ["序号"] = 2, ["责任单位"] = "兴胜街道办事处", ["承接项目社区"] = "新园社区", ["分配金额"] = "10万元", ["任务类型"] = "北疆示范社区创建", ["截止日期"] = "2024/5/18" },
            },
            excelType: ExcelType.XLSX);

        var table = Read(file.ToArray(), Xlsx);

        Assert.Empty(table.Errors);
        Assert.Equal(
            [(2, "1", "罕台镇", "田园社区", 150000m, TaskType.ServiceCapacity, new DateOnly(2023, 12, 31)),
             (3, "2", "兴胜街道办事处", "新园社区", 100000m, TaskType.ModelCommunity, new DateOnly(2024, 5, 18))],
            table.Rows.Select(r => (r.Row, r.SerialNumber, r.Unit, r.Community, r.AmountYuan, r.TaskType.GetValueOrDefault(), r.Deadline.GetValueOrDefault())));
    }

    [Fact]
    public void Xlsx_errors_name_the_spreadsheet_row_and_excel_serial_dates_are_read()
    {
        using var file = new MemoryStream();
        file.SaveAs(
            new[]
            {
                new Dictionary<string, object?> { ["责任单位"] = "罕台镇", ["承接项目社区"] = "田园社区", ["分配金额"] = 150000.5, ["开始日期"] = 45065 },
                new Dictionary<string, object?> { ["责任单位"] = null, ["承接项目社区"] = null, ["分配金额"] = null, ["开始日期"] = null },
                new Dictionary<string, object?> { ["责任单位"] = "兴胜街道办事处", ["承接项目社区"] = "新园社区", ["分配金额"] = 100000.123, ["开始日期"] = null },
            },
            excelType: ExcelType.XLSX);

        var table = Read(file.ToArray(), null);

        var row = Assert.Single(table.Rows);
        Assert.Equal((2, 150000.5m, new DateOnly(2023, 5, 19)), (row.Row, row.AmountYuan, row.StartDate.GetValueOrDefault()));
        var error = Assert.Single(table.Errors);
        Assert.Equal((4, "分配金额"), (error.Row, error.Column));
    }

    [Fact]
    public void Json_array_with_chinese_keys_is_read()
    {
        var json = """[{"序号":1,"责任单位":"罕台镇","承接项目社区":"田园社区","分配金额":"15万元"},{"序号":"2","责任单位":"兴胜街道办事处","承接项目社区":"新园社区","分配金额":100000}]""";
        var table = Read(Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8");
        Assert.Empty(table.Errors);
        Assert.Equal([(1, "罕台镇", "田园社区", 150000m), (2, "兴胜街道办事处", "新园社区", 100000m)], table.Rows.Select(r => (r.Row, r.Unit, r.Community, r.AmountYuan)));
    }

    [Fact]
    public void Json_object_with_english_keys_is_read()
    {
        var json = """
            {"allocations":[
              {"serialNumber":"1","unit":"罕台镇","community":"田园社区","amount":150000,"taskType":"service-capacity","communityKind":"urban","startDate":"2023-05-19","deadline":"2023-12-31"},
              {"unit":"兴胜街道办事处","community":"新园社区","amount":100000.5,"taskType":"model-community"}
            ]}
            """;
        var table = Read(Encoding.UTF8.GetBytes(json), null);
        Assert.Empty(table.Errors);
        Assert.Equal(
            new AllocationRow(1, "1", "罕台镇", "田园社区", 150000m, TaskType.ServiceCapacity, CommunityKind.Urban, new DateOnly(2023, 5, 19), new DateOnly(2023, 12, 31)),
            table.Rows[0]);
        Assert.Equal(
            new AllocationRow(2, null, "兴胜街道办事处", "新园社区", 100000.5m, TaskType.ModelCommunity, null, null, null),
            table.Rows[1]);
    }

    [Fact]
    public void Json_amounts_finer_than_a_fen_and_misspelt_keys_are_errors()
    {
        var json = """[{"unit":"罕台镇","community":"田园社区","amount":150000.125},{"unit":"罕台镇","communty":"新园社区","amount":1}]""";
        var table = Read(Encoding.UTF8.GetBytes(json), "application/json");
        Assert.Empty(table.Rows);
        Assert.Equal([(1, "分配金额"), (2, "承接项目社区")], table.Errors.Select(e => (e.Row, e.Column)));
    }

    [Theory]
    [InlineData("""[{"unit":"罕台镇",""")]
    [InlineData("""{"rows":[]}""")]
    [InlineData("""not json""")]
    public void Malformed_json_is_a_400(string json)
    {
        var problem = Assert.Throws<ProblemException>(() => Read(Encoding.UTF8.GetBytes(json), "application/json"));
        Assert.Equal((400, "invalid_json"), (problem.Status, problem.Code));
        Assert.Contains("JSON", problem.Title);
    }

    [Fact]
    public void A_png_is_refused_with_415_naming_the_accepted_kinds()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        var problem = Assert.Throws<ProblemException>(() => Read(png, "image/png"));
        Assert.Equal((415, "unsupported_media_type"), (problem.Status, problem.Code));
        Assert.Contains("CSV", problem.Title);
        Assert.Contains("xlsx", problem.Title);
    }

    [Fact]
    public void The_bytes_win_when_the_content_type_is_wrong()
    {
        AssertThe2023Allocations(Read(Encoding.UTF8.GetBytes(TheTwoRows), Xlsx));
        var json = """[{"unit":"罕台镇","community":"田园社区","amount":"15万元"}]""";
        Assert.Equal(150000m, Assert.Single(Read(Encoding.UTF8.GetBytes(json), Csv).Rows).AmountYuan);
    }

    [Fact]
    public void A_damaged_xlsx_is_a_400_not_a_crash()
    {
        var problem = Assert.Throws<ProblemException>(() => Read([(byte)'P', (byte)'K', 3, 4, 0, 0, 0], Xlsx));
        Assert.Equal((400, "invalid_xlsx"), (problem.Status, problem.Code));
    }

    [Theory]
    [InlineData("罕台/镇")]
    [InlineData("罕台#镇")]
    [InlineData("罕台?镇")]
    [InlineData("罕台\\镇")]
    [InlineData("罕台\u0001镇")]
    [InlineData("罕台\u202E镇")]
    public void A_unit_that_cannot_be_a_key_is_refused_naming_its_row_and_column(string unit)
    {
        var table = ReadCsv($"序号,责任单位,承接项目社区,分配金额\n1,罕台镇,田园社区,15万元\n2,\"{unit}\",新园社区,10万元\n");
        var error = Assert.Single(table.Errors);
        Assert.Equal((3, AllocationColumns.Unit), (error.Row, error.Column));
        Assert.StartsWith("第3行", error.Message);
        Assert.Single(table.Rows);
    }

    [Fact]
    public void A_community_too_long_for_a_key_is_refused_naming_its_row_and_column()
    {
        var table = ReadCsv($"责任单位,承接项目社区,分配金额\n罕台镇,{new string('村', 51)},15万元\n");
        var error = Assert.Single(table.Errors);
        Assert.Equal((2, AllocationColumns.Community), (error.Row, error.Column));
        Assert.Contains("不能超过50个字符", error.Message);
    }

    [Theory]
    [InlineData(AllocationColumns.SerialNumber, "1\u0001")]
    [InlineData(AllocationColumns.Amount, "15万元\u0001")]
    [InlineData(AllocationColumns.StartDate, "2026-01-01\u202E")]
    [InlineData(AllocationColumns.TaskType, "城乡社区服务能力提升\uFFFF")]
    public void Any_cell_breaking_the_text_policy_is_refused_once_naming_its_row_and_column(string column, string value)
    {
        var cells = new Dictionary<string, string>
        {
            [AllocationColumns.SerialNumber] = "1",
            [AllocationColumns.Unit] = "罕台镇",
            [AllocationColumns.Community] = "田园社区",
            [AllocationColumns.Amount] = "15万元",
            [AllocationColumns.StartDate] = "2026-01-01",
            [AllocationColumns.TaskType] = "城乡社区服务能力提升",
        };
        cells[column] = value;
        var table = ReadCsv(string.Join(",", cells.Keys) + "\n" + string.Join(",", cells.Values) + "\n");
        var error = Assert.Single(table.Errors);
        Assert.Equal((2, column), (error.Row, error.Column));
        Assert.StartsWith($"第2行“{column}”", error.Message);
        Assert.Empty(table.Rows);
    }

    [Fact]
    public void A_json_string_holding_a_lone_surrogate_is_refused_naming_its_item_and_column()
    {
        var json = "[{\"unit\":\"罕台镇\",\"community\":\"田园\\ud800社区\",\"amount\":\"15万元\"}]";
        var table = Read(Encoding.UTF8.GetBytes(json), "application/json");
        var error = Assert.Single(table.Errors);
        Assert.Equal((1, AllocationColumns.Community), (error.Row, error.Column));
    }
}
