using System.Globalization;

namespace Governance.Core.Documents;

/// <summary>
/// How a bureau writes figures to its towns (公文用语): amounts in 万元 without trailing zeros,
/// shares as percentages with one decimal, dates in Chinese. One place, so the dispatch, the
/// bulletin and the notices never disagree about how the same figure reads.
/// </summary>
public static class OfficialWording
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>150000 → "15万元"; 125000 → "12.5万元"; 3500 → "0.35万元"; 0 → "0万元".</summary>
    public static string Wan(decimal yuan) => WanNumber(yuan) + "万元";

    /// <summary>The amount in 万 without the unit, for table cells under a "（万元）" header.</summary>
    public static string WanNumber(decimal yuan) => (yuan / 10000m).ToString("0.######", Invariant);

    /// <summary>A share as a percentage with one decimal, rounded half away from zero: 0.5714 → "57.1%".</summary>
    public static string Percent(decimal share) =>
        Math.Round(share * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", Invariant) + "%";

    /// <summary>2023-10-16 → "2023年10月16日".</summary>
    public static string Date(DateOnly day) => day.ToString("yyyy年M月d日", Invariant);

    /// <summary>"5项创建要求中已完成3项": counts in words, never "3/5".</summary>
    public static string RequirementsDone(int done, int total) => $"{total}项创建要求中已完成{done}项";
}
