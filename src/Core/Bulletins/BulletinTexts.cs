using System.Globalization;
using Governance.Core.Documents;
using Governance.Core.Periods;

namespace Governance.Core.Bulletins;

/// <summary>
/// Every Chinese word of the quarterly bulletin (季通报). Figures are written by
/// <see cref="OfficialWording"/> (万元 without trailing zeros, counts in words, Chinese dates).
/// </summary>
public static class BulletinTexts
{
    public const string Commended = "表扬";
    public const string Criticised = "批评";
    public const string NoVerdict = "—";
    public const string AheadOfTime = "进度领先";

    public const string OverallHeading = "总体进展";
    public const string RankingHeading = "各项目推进情况";
    public const string CommendationHeading = "通报表扬";
    public const string CriticismHeading = "通报批评";
    public const string ProblemsHeading = "存在问题";
    public const string NextStepsHeading = "下一步工作要求";

    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    /// <summary>First-level heading (黑体): 一、总体进展.</summary>
    public static string Heading(int index, string name) => $"{Numerals[index]}、{name}";

    /// <summary>Second-level heading (楷体): （一）通过评估验收的项目。</summary>
    public static string SubHeading(int index, string name) => $"（{Numerals[index]}）{name}";

    public static string Title(string issuer, QuarterPeriod q) => $"{issuer}关于{q.ChineseName}城乡社区治理“2121”工程推进情况的通报";

    /// <summary>The title in the parts it may be broken into for a balanced centred title (issuer / subject / topic).</summary>
    public static IReadOnlyList<string> TitleParts(string issuer, QuarterPeriod q) =>
        [issuer, $"关于{q.ChineseName}城乡社区治理", "“2121”工程推进情况的通报"];

    public static string Addressees(IReadOnlyList<string> units) => string.Join("、", units) + "：";

    public static string Opening(string plan, QuarterPeriod q) =>
        $"根据{plan}“建立月调度制度，根据工作开展情况进行季通报”的要求，现将{q.ChineseName}城乡社区治理“2121”工程推进情况通报如下。";

    /// <summary>"罕台镇（田园社区）": praise and criticism name the responsible unit with its community.</summary>
    public static string Unit(BulletinEntry e) => $"{e.Unit}（{e.Community}）";

    public static string Overall(QuarterPeriod q, IReadOnlyList<BulletinEntry> entries, decimal allocation, decimal spent, decimal rate)
    {
        var byTask = string.Join("、", entries.GroupBy(e => e.Task, StringComparer.Ordinal).Select(g => $"{g.Key}{g.Count()}个"));
        var due = entries.Sum(e => e.ReportsDue);
        var evaluated = entries.Where(e => e.EvaluatedAllPassed).ToList();
        var text = $"{q.ChineseName}，全区共有{entries.Count}个“2121”工程项目在实施（{byTask}），支持资金共{OfficialWording.Wan(allocation)}，" +
            $"累计使用{OfficialWording.Wan(spent)}，资金执行率{OfficialWording.Percent(rate)}。本季度应报送月度进展{due}次，" +
            $"按时报送{entries.Sum(e => e.OnTimeReports)}次，逾期补报{entries.Sum(e => e.LateReports)}次，未报{entries.Sum(e => e.MissingReports)}次。";
        if (evaluated.Count > 0)
        {
            var kinds = string.Join("、", evaluated.GroupBy(e => e.Outcome, StringComparer.Ordinal).Select(g => $"{g.Key}{g.Count()}个"));
            text += $"已通过评估验收{evaluated.Count}个（{kinds}）。";
        }
        return text + $"本季度通报表扬{entries.Count(e => e.Verdict == Commended)}个项目，通报批评{entries.Count(e => e.Verdict == Criticised)}个项目。";
    }

    public static string RankingRule(DateOnly quarterEnd) =>
        $"下表依次按完成比例、资金执行率、按时报送月度进展的月数从高到低排名。完成比例为已完成的创建要求占全部创建要求的比例，" +
        $"通过评估验收的项目为100%；期限已过为截至{OfficialWording.Date(quarterEnd)}已过的天数占项目期限的比例；资金执行率为累计使用资金占支持资金的比例。";

    public static readonly string[] TableHeaders = ["排名", "责任单位", "承接项目社区", "任务", "完成情况", "完成比例", "期限已过", "资金执行率", "按时报送", "评价"];

    /// <summary>"5项中已完成3项"; "已通过验收" once evaluated all passed.</summary>
    public static string DoneCell(BulletinEntry e) =>
        e.EvaluatedAllPassed ? $"{e.RequirementsTotal}项全部通过验收" : $"{e.RequirementsTotal}项中已完成{e.RequirementsDone}项";

    /// <summary>"3个月中按时2个月".</summary>
    public static string OnTimeCell(BulletinEntry e) =>
        e.ReportsDue == 0 ? NoVerdict : $"{e.ReportsDue}个月中按时{e.OnTimeReports}个月";

    public const string NoneCommended = "本季度无符合通报表扬条件的项目。";

    public const string CommendationRule =
        "对通过评估验收、提前或按期完成工作任务的项目，以及完成比例不低于期限已过比例且未被通报批评的项目，予以通报表扬。";

    public const string EvaluatedGroup = "通过评估验收的项目";
    public const string AheadGroup = "进度领先的项目";

    public static string CommendEvaluated(BulletinEntry e) =>
        $"{Unit(e)}：{e.Task}项目于{OfficialWording.Date(e.CompletedOn!.Value)}完成，经{OfficialWording.Date(e.EvaluatedOn!.Value)}评估验收，" +
        $"{e.RequirementsTotal}项创建要求全部通过，{e.Outcome}工作任务。" +
        (e.Experience is { } x ? $"其典型经验是：{x.TrimEnd('。')}。" : "");

    public static string CommendAhead(BulletinEntry e) =>
        $"{Unit(e)}：{e.Task}项目{OfficialWording.RequirementsDone(e.RequirementsDone, e.RequirementsTotal)}，" +
        $"完成比例{OfficialWording.Percent(e.ProgressShare)}，不低于期限已过比例{OfficialWording.Percent(e.TimeShare)}，推进有力。";

    public static string CriticismRule(int gapPoints) =>
        $"有下列情形之一的项目，予以通报批评：本季度有月度进展未报；完成比例低于期限已过比例{gapPoints}个百分点以上。" +
        "通过评估验收、全部创建要求合格的项目不予批评；资金使用情况不作为批评依据，列入存在问题提示。";

    public const string NoneCriticised = "本季度无通报批评的项目。";

    public static string Criticise(BulletinEntry e) =>
        $"{Unit(e)}：{e.Task}项目{string.Join("；", e.CriticismReasons)}。";

    /// <summary>"本季度11月、12月的月度进展未报".</summary>
    public static string MissingReports(IReadOnlyList<MonthPeriod> months) =>
        $"本季度{string.Join("、", months.Select(m => $"{m.Month}月"))}的月度进展未报";

    public static string Gap(decimal progress, decimal time) =>
        $"完成比例{OfficialWording.Percent(progress)}，比期限已过比例（{OfficialWording.Percent(time)}）低" +
        $"{Math.Round((time - progress) * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture)}个百分点";

    public const string ReportedGroup = "各单位报告的问题";
    public const string MoneyGroup = "资金使用情况。";
    public const string MoneyNote = "支持资金用于创建工作，以下情况请有关单位关注，统筹安排使用：";
    public const string NoProblems = "本季度各单位月度进展未报告存在问题，资金使用正常。";

    public static string ReportedProblems(BulletinEntry e, IReadOnlyList<(List<MonthPeriod> Months, string Text)> problems) =>
        $"{Unit(e)}报告：" + string.Join("；", problems.Select(p => $"{string.Join("、", p.Months.Select(m => $"{m.Month}月"))}，{p.Text}")) + "。";

    public static string SlowSpending(BulletinEntry e) =>
        $"{Unit(e)}：支持资金{OfficialWording.Wan(e.AllocationYuan)}，累计使用{OfficialWording.Wan(e.CumulativeSpend)}，" +
        $"资金执行率{OfficialWording.Percent(e.ExecutionRate)}，期限已过{OfficialWording.Percent(e.TimeShare)}，资金使用进度偏慢。";

    public static string AboveAllocation(BulletinEntry e) =>
        $"{Unit(e)}：累计使用{OfficialWording.Wan(e.CumulativeSpend)}，已超过支持资金{OfficialWording.Wan(e.AllocationYuan)}，请说明超出部分的资金来源。";

    public static IReadOnlyList<BulletinParagraph> NextSteps(string issuer, DateOnly deadline, int reportDueDay) =>
    [
        new(SubHeading(0, "抓好整改落实。"),
            $"对本通报指出的问题，有关镇、街道办事处要逐项研究整改措施，于{OfficialWording.Date(deadline)}前完成整改，并将整改情况书面报送{issuer}。"),
        new(SubHeading(1, "按时报送进展。"),
            $"各镇、街道办事处要对照创建要求逐项抓好落实，于每月{reportDueDay}日前报送上月工作进展，并及时上传证明材料。"),
        new(SubHeading(2, "强化结果运用。"), $"按照实施方案，{Evaluation.Consequences.PlanText}"),
    ];

    public static string CopyTo(string copyTo) => $"抄送：{copyTo.Trim().TrimEnd('。')}。";

    public static string PrintedOn(DateOnly day) => $"{OfficialWording.Date(day)}印发";

    public static string FileName(string title, string extension) => $"{title}.{extension}";
}
