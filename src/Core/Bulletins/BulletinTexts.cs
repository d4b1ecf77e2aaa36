using System.Globalization;
using Governance.Core.Periods;

namespace Governance.Core.Bulletins;

/// <summary>Every Chinese word of the quarterly bulletin (季通报).</summary>
public static class BulletinTexts
{
    public static string Title(QuarterPeriod q) => $"关于{q.ChineseName}城乡社区治理“2121”工程推进情况的通报";

    public static string Addressees(IReadOnlyList<string> units) => string.Join("、", units) + "：";

    public static string Opening(QuarterPeriod q) =>
        $"根据《东胜区城乡社区治理“2121”工程实施方案》“月调度、季通报”工作要求，现将{q.ChineseName}工程推进情况通报如下：";

    public static readonly string[] Sections = ["一、总体进展", "二、各项目进展", "三、表扬", "四、批评与问题", "五、下一步要求"];

    public static string Overall(int count, decimal allocation, decimal spent, decimal rate, int onTime, int due, int behind) =>
        $"本季度共有{count}个项目实施，分配资金{Wan(allocation)}万元，累计支出{Wan(spent)}万元，资金执行率{Percent(rate)}；" +
        $"应报月度进展{due}次，按时报送{onTime}次；进度滞后项目{behind}个。";

    public static string RankingRule =>
        "排名规则：依次按创建要求达标比例、资金执行率、按时报送月度进展次数从高到低排列。";

    public static string BehindRule(int gapPoints, decimal lowRate, decimal afterElapsed) =>
        $"进度滞后认定标准（符合其一即为滞后）：本季度有月度进展未报；创建要求达标比例低于项目期限已过比例{gapPoints}个百分点以上；" +
        $"项目期限已过{Percent(afterElapsed)}后资金执行率低于{Percent(lowRate)}。";

    public static readonly string[] TableHeaders = ["排名", "责任单位", "承接项目社区", "任务", "达标要求", "达标比例", "期限已过", "资金执行率", "按时报送", "进度"];

    public static string Praise(IReadOnlyList<string> items) => items.Count == 0
        ? "本季度暂无进度领先的项目。"
        : $"以下项目推进有力、按时报送、达标比例不低于期限进度，予以通报表扬：{string.Join("；", items)}。";

    public static string Criticism(IReadOnlyList<string> items) => items.Count == 0
        ? "本季度未发现进度滞后的项目。"
        : $"以下项目进度滞后，予以通报批评，请责任单位限期整改：{string.Join("；", items)}。";

    public static string Requirements =>
        "各责任单位要对照创建要求逐项抓好落实，每月5日前按时报送上月进展。按照实施方案，项目提前完成任务的，" +
        "下一年度优先承接“2121”工程任务，并推荐承接国家级试点实验任务；未按期完成任务的，暂停申报下一年度“2121”工程任务。";

    public const string Ahead = "领先";
    public const string Behind = "滞后";
    public const string Normal = "正常";

    public static string MissingReports(int n) => $"{n}个月未报";

    public static string MetGap(decimal met, decimal elapsed) => $"达标比例{Percent(met)}，期限已过{Percent(elapsed)}";

    public static string LowRate(decimal rate) => $"资金执行率{Percent(rate)}";

    public static string Item(string unit, string community, string task, string figures) => $"{unit}{community}（{task}，{figures}）";

    public static string Figures(int met, int total, decimal rate, int onTime, int due) =>
        $"达标{met}/{total}，执行率{Percent(rate)}，按时报送{onTime}/{due}";

    public static string IssuedOn(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public static string FileName(QuarterPeriod q, string extension) => $"{Title(q)}.{extension}";

    public static string Percent(decimal share) => (share * 100m).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Wan(decimal yuan) => (yuan / 10000m).ToString("0.00", CultureInfo.InvariantCulture);
}
