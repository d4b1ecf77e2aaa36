using System.Globalization;

namespace Governance.Core.Documents;

/// <summary>
/// Numbers as a bureau writes them to its towns: money in 万元 (the unit the plan uses) without
/// trailing zeros, counts as plain Arabic numerals followed by their measure word in the sentence.
/// </summary>
public static class OfficialWording
{
    private const decimal YuanPerWan = 10_000m;

    /// <summary>
    /// "25万元", "12.5万元", "0.35万元". Exact: an amount in yuan has at most two decimals, so in
    /// 万元 it has at most six and nothing is rounded away.
    /// </summary>
    public static string Wan(decimal yuan) =>
        (yuan / YuanPerWan).ToString("0.##########", CultureInfo.InvariantCulture) + "万元";

    /// <summary>A count as written in running text ("3"), never with separators or padding.</summary>
    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>"5项创建要求中已达标3项" — a share of requirements in words, not "3/5".</summary>
    public static string RequirementsMet(int met, int total) => $"{Count(total)}项创建要求中已达标{Count(met)}项";
}
