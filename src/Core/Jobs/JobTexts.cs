namespace Governance.Core.Jobs;

/// <summary>Every Chinese word of the job runner: run summaries and refusals.</summary>
public static class JobTexts
{
    public static string NothingActive(string period) => $"{period}没有进行中的项目，无需编制";

    public static string NothingToRemind(string month) => $"{month}没有进行中的项目，无需催报";

    public static string NoticesWithheld(int maxAgeDays) => $"（本期通知时间已过{maxAgeDays}天，不再发送通知）";

    public static string Dispatched(string month, int rows, IReadOnlyList<string> missingUnits) =>
        $"{month}调度表已编制：{rows}个项目" + (missingUnits.Count > 0 ? $"，未报单位：{string.Join("、", missingUnits)}" : "，全部已报");

    public static string Bulletined(string quarter, int rows, int criticised) => $"{quarter}通报已编制：{rows}个项目，其中{criticised}个被通报批评";

    public static string Reminded(string month, int units) => units == 0 ? $"{month}各单位均已报送，无需催报" : $"{month}已向{units}个单位发送催报提醒";

    public static string Warned(string day, int count) => count == 0 ? $"{day}无期限预警" : $"{day}发出期限预警{count}条";

    public static string DispatchMissing(string month) => $"{month}调度表尚未编制（报送截止次日自动编制，也可由区民政局手动运行）。";

    public static string BulletinMissing(string quarter) => $"{quarter}通报尚未编制（季度结束后次月自动编制，也可由区民政局手动运行）。";

    public static string UnknownJob(string job) => $"没有名为“{job}”的任务，可运行：dispatch（月调度）、bulletin（季通报）、reminders（催报提醒）、warnings（期限预警）。";

    public static string BadPeriod(string text, string example) => $"期间应写作“{example}”的形式，收到“{text}”。";

    public static string RemindersClosed(string month) => $"{month}的月度进展已过报送截止时间，不再催报；逾期通知随调度表发出。";

    public static string NotYetDue(string period) => $"{period}尚未结束，不能编制。";

    public static string BeforeProgramme(string period, int firstYear) => $"{period}早于“2121”工程的首个年度（{firstYear}年），没有可编制的内容。";
}
