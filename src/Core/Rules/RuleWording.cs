using System.Globalization;

namespace Governance.Core.Rules;

/// <summary>How rule figures are written for people; kept together so every verdict reads alike.</summary>
internal static class RuleWording
{
    public const string NotReported = "未填报";
    public const string NotComputable = "—";
    public const string Separator = "；";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A reported area as given, without padding zeros: 520 m², 520.5 m².</summary>
    public static string Area(decimal value) => $"{Plain(value)} m²";

    /// <summary>A required area with at least one decimal (500.0 m²), more only when a configured threshold needs it.</summary>
    public static string RequiredAreaValue(decimal value) => $"{value.ToString("0.0###", Invariant)} m²";

    public static string AtLeast(string value) => $"≥ {value}";

    public static string Plain(decimal value) => value.ToString("0.############", Invariant);

    public static string Count(int value, string unit) => $"{value.ToString(Invariant)} {unit}";

    public static string YesNo(bool value) => value ? "有" : "无";

    public static string RequiredShare(decimal share) => $"{(share * 100m).ToString("0.0###", Invariant)}%";

    /// <summary>
    /// A share as a percentage with one decimal, rounded half away from zero. A share that fails
    /// but would round up to the threshold (59.96% against 60%) gets more decimals, so the page never
    /// shows "60.0%" beside 未达标.
    /// </summary>
    public static string Share(decimal share, decimal threshold, bool met)
    {
        var decimals = 1;
        while (!met && decimals < 6
            && Math.Round(share * 100m, decimals, MidpointRounding.AwayFromZero) >= Math.Round(threshold * 100m, decimals, MidpointRounding.AwayFromZero))
        {
            decimals++;
        }
        var rounded = Math.Round(share * 100m, decimals, MidpointRounding.AwayFromZero);
        return $"{rounded.ToString("F" + decimals.ToString(Invariant), Invariant)}%";
    }

    /// <summary>"A或B", "A、B或C".</summary>
    public static string OneOf(IReadOnlyList<string> items) => items.Count switch
    {
        0 => NotComputable,
        1 => items[0],
        _ => string.Join("、", items.Take(items.Count - 1)) + "或" + items[^1],
    };

    public static string Verdict(bool met) => met ? "达标" : "未达标";

    public const string EvidenceSubmitted = "已提交证明材料，待区民政局审核";
    public const string EvidenceMissing = "尚未提交证明材料";
    public const string EvidenceLabel = "证明材料";
    public const string EvidenceUploaded = "已上传";
    public const string EvidenceNotUploaded = "未上传";

    /// <summary>What the evidence of a computed rule must show; BJ-5's social organisations are asked for only here.</summary>
    public static string EvidenceFor(string requirementId) => requirementId switch
    {
        "BJ-4" => "协商项目落实证明材料",
        "BJ-5" => "社会组织、社会工作者队伍有效运转证明材料",
        "BJ-6" => "养老服务站、社会工作服务室证明材料",
        "FW-5" => "居家社区养老服务站证明材料",
        _ => EvidenceLabel,
    };
}
