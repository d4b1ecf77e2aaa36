using System.Globalization;
using System.Text;
using Governance.Core.Evaluation;
using Governance.Core.Periods;

namespace Governance.Core.Notices;

/// <summary>Every Chinese word of the notices (通知) the jobs send and of their push messages.</summary>
public static class NoticeTexts
{
    /// <summary>"田园社区（城乡社区服务能力提升）"</summary>
    public static string Assignment(string community, string task) => $"{community}（{task}）";

    public static string Date(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>"2023年6月的月度进展": the report of a month, named as people write it (not "6月月度进展").</summary>
    public static string MonthlyReport(MonthPeriod month) => $"{month.ChineseName}的月度进展";

    public static string ReminderTitle(MonthPeriod month) => $"催报提醒：请报送{MonthlyReport(month)}";

    /// <summary>
    /// Sent in the month after <paramref name="month"/>, so it asks for that month's progress by name;
    /// <paramref name="due"/> is the due day the schedule sets, never a fixed day of the month.
    /// </summary>
    public static string Reminder(string unit, MonthPeriod month, DateOnly due, IReadOnlyList<string> assignments) =>
        $"{unit}：你单位以下项目尚未报送{MonthlyReport(month)}：{string.Join("、", assignments)}。" +
        $"报送截止时间为{Date(due)}24时（北京时间），请在截止前报送{month.ChineseName}的工作进展、资金支出、存在问题和{month.Next().ChineseName}的工作计划。";

    public static string OverdueTitle(MonthPeriod month) => $"逾期通知：{MonthlyReport(month)}未报";

    public static string Overdue(string unit, MonthPeriod month, DateOnly due, IReadOnlyList<string> assignments) =>
        $"{unit}：{MonthlyReport(month)}已于{Date(due)}24时（北京时间）截止报送，" +
        $"你单位以下项目仍未报送：{string.Join("、", assignments)}，在{month.ChineseName}调度表中列为“未报”。" +
        "请尽快补报（补报将标注为“逾期补报”），并说明逾期原因。";

    public static string DispatchTitle(MonthPeriod month) => $"{month.ChineseName}调度表已发布";

    public static string Dispatch(string unit, MonthPeriod month, DateOnly due, int rows, int missing) =>
        $"{unit}：东胜区城乡社区治理“2121”工程{month.ChineseName}调度表已发布（{MonthlyReport(month)}报送截止时间为{Date(due)}）。" +
        $"你单位列入调度的项目{rows}个" + (missing > 0 ? $"，其中{missing}个未报，请尽快补报。" : "，均已报送。") + "请登录系统查阅。";

    public static string BulletinTitle(QuarterPeriod quarter) => $"{quarter.ChineseName}推进情况通报已发布";

    public static string Bulletin(string unit, QuarterPeriod quarter, DateOnly issued, IReadOnlyList<string> behind) =>
        $"{unit}：区民政局已于{Date(issued)}印发{quarter.ChineseName}城乡社区治理“2121”工程推进情况通报。" +
        (behind.Count > 0 ? $"你单位以下项目被通报批评：{string.Join("、", behind)}，请对照通报要求限期整改。" : "请认真对照通报要求抓好落实。") +
        "请登录系统查阅。";

    public static string DeadlineWarningTitle(int days) => $"期限预警：距项目截止还有{days}天";

    public static string DeadlineWarning(string unit, string assignment, DateOnly deadline, int days, IReadOnlyList<string> unmet) =>
        $"{unit}：你单位承担的{assignment}将于{Date(deadline)}到期（还有{days}天），以下创建要求尚未完成：{string.Join("、", unmet)}。" +
        $"请抓紧推进，及时报送进展和证明材料。根据{Consequences.PlanName}，{Consequences.NotCompletedClause}";

    public static string ReportReturnedTitle(MonthPeriod month) => $"退回修改：{MonthlyReport(month)}";

    /// <summary>“你单位承接的田园社区（城乡社区服务能力提升）项目2023年6月的月度进展已被退回修改，原因：…。请修改后重新报送。”</summary>
    public static string ReportReturned(string community, string task, MonthPeriod month, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return $"你单位承接的{Assignment(community, task)}项目{MonthlyReport(month)}已被退回修改，原因：{reason.TrimEnd('。', '.', '！', '!')}。请修改后重新报送。";
    }

    /// <summary>The group-robot markdown message (e.g. 企业微信/钉钉 群机器人).</summary>
    public static string Markdown(Notice notice) =>
        $"**{notice.Title}**\n> {notice.Text}\n\n<font color=\"comment\">东胜区民政局 · {notice.Kind.ChineseName()} · {notice.Period}</font>";

    /// <summary>The most a group robot's markdown content may hold, in UTF-8 bytes.</summary>
    public const int RobotMarkdownBytes = 4096;

    /// <summary>
    /// <see cref="Markdown(Notice)"/> as a robot accepts it: when over <paramref name="maxBytes"/> UTF-8
    /// bytes, cut on a character boundary (never inside a character's bytes or a surrogate pair) and
    /// ended with <paramref name="fullTextLine"/>, which says where the whole text is.
    /// </summary>
    public static string Markdown(Notice notice, string fullTextLine, int maxBytes = RobotMarkdownBytes)
    {
        var whole = Markdown(notice);
        if (Encoding.UTF8.GetByteCount(whole) <= maxBytes)
        {
            return whole;
        }
        var tail = $"……\n\n{fullTextLine}";
        return Utf8Prefix(whole, maxBytes - Encoding.UTF8.GetByteCount(tail)) + tail;
    }

    /// <summary>The longest prefix of whole characters whose UTF-8 form fits in <paramref name="maxBytes"/>.</summary>
    public static string Utf8Prefix(string text, int maxBytes)
    {
        int bytes = 0, end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            // A lone surrogate enumerates as U+FFFD of one UTF-16 unit, which is also what the UTF-8 encoder writes for it: 3 bytes.
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }
            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }

    public static string FullTextLink(string url) => $"[内容较长，点此查看全文]({url})";

    public static string FullTextInApp(Notice notice) =>
        $"内容较长，全文请登录系统，在“通知”中查阅（期间：{notice.Period}，类别：{notice.Kind.ChineseName()}）。";

    public const string NoWebhook = "未配置推送地址";

    public static string RobotRefused(long errcode, string errmsg) => $"群机器人拒收：errcode {errcode}" + (errmsg.Length > 0 ? $"，{Clip(errmsg, 200)}" : "");

    public const string UnreadableAnswer = "推送地址的应答无法识别（应为含errcode的JSON）";

    public static string Timeout(int seconds) => $"推送超时（{seconds}秒未应答）";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)] + "…";

    public static string HttpFailure(int status) => $"推送地址返回HTTP {status}";

    public static string NetworkFailure(string message) => $"推送失败：{message}";

    public const string Accepted = "推送成功";
}
