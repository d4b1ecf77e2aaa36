using System.Globalization;
using Governance.Core.Documents;
using Governance.Core.Periods;

namespace Governance.Core.Dispatch;

/// <summary>
/// Every Chinese word of the monthly dispatch (月调度): sheet, page and file names. Money: 万元 in
/// the title lines and totals text (<see cref="OfficialWording.Wan"/>), 元 with two decimals in the
/// cells, and every money header says 元.
/// </summary>
public static class DispatchTexts
{
    public static string Title(MonthPeriod month) => $"东胜区城乡社区治理“2121”工程{month.ChineseName}调度表";

    /// <summary>编制单位、联系人 (when set), 报送截止 and 编制时间, the line under the title.</summary>
    public static string Compiled(string compiledBy, string? contact, string dueDay, DateTimeOffset compiledAt)
    {
        var due = DateOnly.ParseExact(dueDay, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parts = new List<string> { $"编制单位：{compiledBy}" };
        if (!string.IsNullOrWhiteSpace(contact))
        {
            parts.Add($"联系人：{contact}");
        }
        parts.Add($"报送截止：{OfficialWording.Date(due)}");
        parts.Add($"编制时间：{OfficialWording.Date(DateOnly.FromDateTime(compiledAt.DateTime))}{compiledAt.ToString("HH:mm", CultureInfo.InvariantCulture)}");
        return string.Join("　", parts);
    }

    /// <summary>The totals in words, in 万元: the same sums as the 合计 row's 元 cells.</summary>
    public static string TotalsText(int assignments, decimal allocation, decimal spent, decimal rate) =>
        $"本月调度项目{assignments}个，分配资金合计{OfficialWording.Wan(allocation)}，累计支出{OfficialWording.Wan(spent)}，资金执行率{OfficialWording.Percent(rate)}。";

    public static readonly string[] Headers =
        ["序号", "责任单位", "承接项目社区", "任务", "分配资金（元）", "累计支出（元）", "执行率", "完成比例", "完成情况", "本月进展", "存在问题", "下月计划", "报送情况"];

    /// <summary>
    /// Column widths in Excel character units, in the order of <see cref="Headers"/>: they add up to
    /// about A4 landscape's printable width (LibreOffice's unit, with a CJK font as the default, is
    /// about 6.5 pt; Excel's with SimSun about 5.5 pt), so the page is never shrunk below 95% and
    /// 10.5 pt text stays above 9 pt. Names wrap at about 4 characters, the texts at about 7;
    /// amounts fit "12,500,000.00".
    /// </summary>
    public static readonly double[] Widths = [4, 8, 7.5, 9, 11.5, 11.5, 10.5, 6.5, 9, 14, 13, 13, 7];

    public const string RequirementsSheet = "创建要求进展";

    public static readonly string[] RequirementHeaders = ["序号", "责任单位", "承接项目社区", "创建要求", "本月填报进展", "说明", "当前状态"];

    public static readonly double[] RequirementWidths = [4, 9, 8, 28, 9, 51, 12];

    public const string TextsSheet = "填报内容";

    public static readonly string[] TextHeaders = ["序号", "责任单位", "承接项目社区", "事项", "内容"];

    public static readonly double[] TextWidths = [4, 9, 8, 8, 93];

    public const string ProgressLabel = "本月进展";
    public const string ProblemsLabel = "存在问题";
    public const string NextPlanLabel = "下月计划";

    /// <summary>Texts longer than this show their start on the first sheet and in full on <see cref="TextsSheet"/>.</summary>
    public const int ExcerptLength = 50;

    /// <summary>Longest piece of one text per row of <see cref="TextsSheet"/>, so no row is taller than a page.</summary>
    public const int ChunkLength = 600;

    public static string Excerpt(string text) =>
        text.Length <= ExcerptLength ? text : string.Concat(text.AsSpan(0, ExcerptLength), $"……（全文见“{TextsSheet}”表）");

    public const string Continued = "（续）";

    public const string Totals = "合计";
    public const string NotReportedLabel = "未报单位：";
    public const string None = "无";
    public const string SheetName = "调度表";

    public const string Note =
        "说明：金额栏单位为元。完成比例为已完成的创建要求占全部创建要求的比例，与项目进展页一致。执行率后标“超支”的，累计支出已超过分配资金，仅作提示，请核实。" +
        "各项创建要求的本月填报进展见“" + RequirementsSheet + "”表。";

    public static string Counts(int onTime, int late, int missing, int returned = 0) =>
        $"按时{onTime}　逾期补报{late}　未报{missing}" + (returned > 0 ? $"（其中退回待改{returned}）" : "");

    /// <summary>The 报送情况 cell: 按时, 逾期补报, 未报, or “退回待改（原因：…）”.</summary>
    public static string StateCell(string state, string? returnReason) =>
        returnReason is null ? state : $"{state}（原因：{returnReason}）";

    public static string NotReported(IReadOnlyList<string> units) => NotReportedLabel + (units.Count == 0 ? None : string.Join("、", units));

    public static string Assignments(int count) => $"{count}个项目";

    /// <summary>The unit's reported status in Chinese, in the words the report form takes (未开始/进行中/已完成).</summary>
    public static string Status(string? status, bool reported) => status switch
    {
        "not_started" => "未开始",
        "in_progress" => "进行中",
        "done" => "已完成",
        _ => reported ? "本月未提及" : "本月未报",
    };

    public static string FileName(MonthPeriod month, string extension) => $"{Title(month)}.{extension}";

    /// <summary>元 with two decimals and thousands separators, as the cells show them.</summary>
    public static string Yuan(decimal yuan) => yuan.ToString("#,##0.00", CultureInfo.InvariantCulture);
}
