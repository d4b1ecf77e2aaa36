using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Periods;
using Governance.Core.Programme;

namespace Governance.Core.Dossiers;

/// <summary>The Chinese texts of the acceptance dossier (验收档案).</summary>
public static class DossierTexts
{
    public static string FileName(Assignment a, int version) => $"验收档案_{a.Unit}_{a.Community}_第{version}版.zip";

    public static string AsciiFileName(Assignment a, int version) => $"dossier-{a.Id}-v{version}.zip";

    public static string ReadMe(Assignment a, EvaluationRecord e, DateTimeOffset generatedAt) => string.Join("\r\n",
    [
        "东胜区城乡社区治理“2121”工程 验收档案",
        "",
        $"项目：{EvaluationTexts.AssignmentName(a)}",
        $"责任单位：{a.Unit}　承接项目社区：{a.Community}（{a.CommunityKind.ChineseName()}）",
        $"开始日期：{EvaluationTexts.Day(a.StartDate)}　截止日期：{EvaluationTexts.Day(a.Deadline)}",
        $"验收：第{e.Version}版，验收人 {e.Evaluator}，验收日期 {EvaluationTexts.Day(e.EvaluatedOn)}，完成日期 {EvaluationTexts.Day(e.CompletedOn)}",
        $"生成时间：{BeijingTime.ToBeijing(generatedAt):yyyy-MM-dd HH:mm:ss}（北京时间）",
        "",
        "本档案在记录验收时生成，此后不再改动。内容：",
        "  assignment.json        项目信息",
        "  evaluation.json        验收记录：逐项评定、说明，及系统计算结论与计算依据",
        "  verdicts.json/.csv     验收时依据最新填报数据计算的各项创建要求结论与计算依据",
        "  metrics.json           验收时采用的最新社区指标",
        "  reports/current.csv    各月度进展的当前版本",
        "  reports/<月份>/vNNNN.json 各月度进展的每一个版本",
        "  evidence/<创建要求>/    证明材料原件（按创建要求分文件夹，“通用”为月度进展附件）",
        "  evidence.csv           证明材料清单：编号、原文件名、创建要求、月份、说明、上传时SHA-256、上传者、上传时间",
        "  manifest.json          以上每个文件的大小与 SHA-256（证明材料另列上传时记录的 SHA-256，两者应一致）",
        "",
        "整个档案文件的 SHA-256 与验收记录一同保存，可用于证明本档案即验收决定所依据的档案。",
    ]);
}
