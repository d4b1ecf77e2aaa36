using Governance.Core.Programme;

namespace Governance.Core.Allocations;

/// <summary>Every Chinese text the allocation import shows a user, in one place.</summary>
public static class AllocationMessages
{
    private const int MaxQuotedLength = 40;

    public const string UnsupportedMediaTypeTitle = "不支持的文件类型：请上传CSV（.csv）、Excel（.xlsx）或JSON格式的资金分配表";
    public const string LegacyExcelDetail = "这是旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx或CSV（逗号分隔）后再上传";
    public const string InvalidJsonTitle = "JSON格式有误，无法读取资金分配表";
    public const string JsonShapeDetail = "JSON应为分配记录的数组，或形如 {\"allocations\":[...]} 的对象，每条记录是一个对象";
    public const string InvalidXlsxTitle = "无法读取该Excel文件：请确认是未加密的.xlsx文件";

    public static string InvalidXlsxDetail(string reason) => $"文件可能已损坏、被加密或不是Excel工作簿（{reason}），请在Excel中重新保存为.xlsx后再上传";

    public static string UnsupportedMediaTypeDetail(string contentType) => $"收到的文件类型为“{contentType}”";

    public static string JsonSyntaxDetail(long? line, long? bytePosition) =>
        line is null ? "JSON内容不完整或有语法错误" : $"第{line + 1}行第{bytePosition + 1}个字符附近有语法错误";

    public static string NoDataRows => "表格没有数据行：请在表头下方至少填写一行分配数据";

    public static string MissingColumn(string column) => $"表头缺少“{column}”列";

    public static string DuplicateColumn(string column) => $"表头中“{column}”列出现了不止一次";

    public static string UnterminatedQuote(int row) => $"第{row}行的引号没有闭合，从这里到文件末尾都被当成了一个单元格，请检查英文双引号是否成对";

    public static string RefusedText(int row, string column, string violation) => $"第{row}行“{column}”：{violation}";

    public static string BadName(int row, string violation) => $"第{row}行：{violation}";

    public static string Blank(int row, string column) => $"第{row}行“{column}”为空";

    public static string NotTextOrNumber(int row, string column) => $"第{row}行“{column}”应为文字或数字";

    public static string UnreadableAmount(int row, string text) =>
        $"第{row}行“{AllocationColumns.Amount}”无法识别：“{Quote(text)}”。请写成“15万元”“150000元”或“150000”";

    public static string AmountNotPositive(int row, string text) => $"第{row}行“{AllocationColumns.Amount}”必须大于0：“{Quote(text)}”";

    public static string AmountTooPrecise(int row, string text) => $"第{row}行“{AllocationColumns.Amount}”精确到分即可，最多两位小数：“{Quote(text)}”";

    public static string UnreadableTaskType(int row, string text) =>
        $"第{row}行“{AllocationColumns.TaskType}”无法识别：“{Quote(text)}”。请写成“{TaskType.ServiceCapacity.ChineseName()}”或“{TaskType.ModelCommunity.ChineseName()}”";

    public static string UnreadableCommunityKind(int row, string text) =>
        $"第{row}行“{AllocationColumns.CommunityKind}”无法识别：“{Quote(text)}”。请写成“{CommunityKind.Urban.ChineseName()}”“{CommunityKind.AgriculturalVillage.ChineseName()}”或“{CommunityKind.PastoralVillage.ChineseName()}”";

    public static string UnreadableDate(int row, string column, string text) =>
        $"第{row}行“{column}”无法识别：“{Quote(text)}”。请写成“2023-05-19”“2023/5/19”或“2023年5月19日”";

    public static string DeadlineBeforeStart(int row, DateOnly start, DateOnly deadline) =>
        $"第{row}行“{AllocationColumns.Deadline}”（{deadline:yyyy-MM-dd}）早于“{AllocationColumns.StartDate}”（{start:yyyy-MM-dd}）";

    public static string DuplicateRow(int row, int earlierRow, string unit, string community, TaskType? taskType) =>
        $"第{row}行与第{earlierRow}行重复：{AllocationColumns.Unit}“{unit}”、{AllocationColumns.Community}“{community}”、{AllocationColumns.TaskType}“{(taskType is { } t ? t.ChineseName() : "未填写")}”都相同，请删除或合并其中一行";

    private static string Quote(string text) =>
        text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "…");

    public static string TaskTypeUnknown(int row, string community) =>
        $"第{row}行未填写“{AllocationColumns.TaskType}”，且无法根据社区“{Quote(community)}”推定。请填写“城乡社区服务能力提升”或“北疆示范社区创建”";

    public static string CommunityKindUnknown(int row, string community) =>
        $"第{row}行无法根据名称判断“{Quote(community)}”的社区类型，请在“{AllocationColumns.CommunityKind}”列填写“城镇社区”“农区嘎查村”或“牧区嘎查村”";

    public static string StartOutsideYear(int row, DateOnly start, int year) =>
        $"第{row}行“{AllocationColumns.StartDate}”{start:yyyy-MM-dd}不在{year}年度内";

    public static string DefaultDeadlineBeforeStart(int row, DateOnly deadline, DateOnly start) =>
        $"第{row}行“{AllocationColumns.Deadline}”{deadline:yyyy-MM-dd}早于开始日期{start:yyyy-MM-dd}";

    public static string DuplicateAssignment(int row, int firstRow, string unit, string community, TaskType type) =>
        $"第{row}行与第{firstRow}行是同一项目（{unit}/{community}/{type.ChineseName()}），请合并为一行";
}
