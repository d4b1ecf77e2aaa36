using System.Globalization;
using Governance.Core.Periods;

namespace Governance.Core.Dispatch;

/// <summary>Every Chinese word of the monthly dispatch (月调度): sheet, page and file names.</summary>
public static class DispatchTexts
{
    public static string Title(MonthPeriod month) => $"东胜区城乡社区治理“2121”工程{month.ChineseName}调度表";

    public static string TitleRow(MonthPeriod month, decimal allocation, decimal spent) =>
        $"{Title(month)}（金额单位：元；分配资金合计{TenThousand(allocation)}万元，累计支出{TenThousand(spent)}万元）";

    public static string Subtitle(string dueDay, DateTimeOffset compiledAt) =>
        $"报送截止：{dueDay}　编制时间：{compiledAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}（北京时间）";

    public static readonly string[] Headers =
        ["序号", "责任单位", "承接项目社区", "任务", "分配金额（元）", "累计支出（元）", "执行率", "创建要求达标", "本月进展", "存在问题", "下月计划", "报送情况"];

    /// <summary>Column widths in characters, in the order of <see cref="Headers"/>.</summary>
    public static readonly double[] Widths = [6, 16, 14, 22, 16, 16, 10, 12, 36, 28, 28, 12];

    public const string Totals = "合计";
    public const string Overspent = "（超支）";
    public const string NotReportedLabel = "未报单位：";
    public const string None = "无";
    public const string SheetName = "调度表";

    public static string Met(int met, int total) => $"{met}/{total}";

    public static string Counts(int onTime, int late, int missing) => $"按时{onTime}　逾期补报{late}　未报{missing}";

    public static string NotReported(IReadOnlyList<string> units) => NotReportedLabel + (units.Count == 0 ? None : string.Join("、", units));

    public static string FileName(MonthPeriod month, string extension) => $"{Title(month)}.{extension}";

    public static string TenThousand(decimal yuan) => (yuan / 10000m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Percent(decimal rate) => (rate * 100m).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Yuan(decimal yuan) => yuan.ToString("#,##0.00", CultureInfo.InvariantCulture);
}
