namespace Governance.Core.Reports;

/// <summary>Every Chinese text the monthly report shows a clerk, in one place.</summary>
public static class ReportMessages
{
    public const string InvalidTitle = "月度进展填报有误，未保存";
    public const string ConflictTitle = "同一月份的进展正被同时提交";
    public const string ConflictDetail = "同一项目同一月份的进展正在被另一请求提交，本次未保存。请刷新后重新提交。";
    public const string UnitsOnlyDetail = "月度进展由责任单位填报，请使用责任单位的令牌。";

    public static string UnknownField(string field) => $"无法识别的字段“{Clip(field)}”";

    public static string Required(string label) => $"请填写{label}";

    public static string TooLong(string label, int max) => $"{label}不能超过{max}个字";

    public static string NotANumber(string label, string text) => $"{label}应为数字，收到“{Clip(text)}”";

    public static string NotAnInteger(string label, string text) => $"{label}应为整数，收到“{Clip(text)}”";

    public static string Negative(string label) => $"{label}不能为负数";

    public static string TooManyDecimals(string label) => $"{label}最多保留两位小数";

    public static string TooLarge(string label) => $"{label}数值过大";

    public static string NotABoolean(string label, string text) => $"{label}应填“是”或“否”（true/false），收到“{Clip(text)}”";

    public static string UnknownRequirement(string id, string taskTypeName) => $"创建要求“{Clip(id)}”不属于{taskTypeName}";

    public static string DuplicateRequirement(string id) => $"创建要求“{id}”重复填报";

    public static string UnknownStatus(string text) => $"进展状态应为 not_started（未开始）、in_progress（进行中）或 done（已完成），收到“{Clip(text)}”";

    public static string NotAnObject(string field) => $"“{field}”的格式不正确";

    public static string Stored(int version, string timeliness) => $"已保存第{version}版（{timeliness}）";

    public const string InvalidReturnTitle = "退回修改的内容有误，未退回";
    public const string ReturnReasonLabel = "退回原因";
    public const int MaxReturnReason = 500;
    public const string ReturnVersionMessage = "版本号应为正整数（如 2）";
    public const string StaffOnlyReturnDetail = "月度进展由区民政局退回修改，请使用区民政局工作人员的令牌。";
    public const string StaleVersionTitle = "该版本已不是当前版本";
    public const string AlreadyReturnedTitle = "该版本已被退回";

    public static string StaleVersion(int asked, int current) =>
        $"要退回的是第{asked}版，但该月当前为第{current}版，未退回。请查看第{current}版后再决定是否退回。";

    public static string AlreadyReturned(int version, string reason) => $"第{version}版已于此前被退回修改（原因：{reason}），正等待责任单位重新报送。";

    public static string ReturnAudit(string unit, string community, Periods.MonthPeriod month, int version, string reason) =>
        $"退回{unit}报送的{community}{month.ChineseName}的月度进展第{version}版，原因：{reason}";

    private static string Clip(string text) => Problems.FieldErrors.Echo(text);
}
