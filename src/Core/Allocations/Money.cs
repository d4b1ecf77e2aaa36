using System.Globalization;
using System.Text.RegularExpressions;

namespace Governance.Core.Allocations;

/// <summary>
/// Amounts of money (金额) as the bureau writes them: "15万元", "150,000元", "150000".
/// Parsing is exact: anything that cannot be read to the fen without guessing is refused.
/// </summary>
public static partial class Money
{
    private const decimal YuanPerWan = 10_000m;

    // 万元 amounts are written as a plain decimal; thousands separators there would be unusual
    // enough that accepting them risks misreading a typo.
    [GeneratedRegex(@"^(?<n>[0-9]{1,12}(\.[0-9]{1,12})?)万元$", RegexOptions.CultureInvariant)]
    private static partial Regex WanPattern();

    // Yuan: either plain digits or correct 3-digit groups ("1,50,000" is refused), at most two decimals.
    [GeneratedRegex(@"^(?<n>([0-9]{1,3}(,[0-9]{3})+|[0-9]{1,16})(\.[0-9]{1,2})?)元?$", RegexOptions.CultureInvariant)]
    private static partial Regex YuanPattern();

    /// <summary>Reads an amount in yuan; false for anything not exactly one of the accepted forms.</summary>
    public static bool TryParseYuan(string? text, out decimal yuan)
    {
        yuan = 0m;
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            return false;
        }

        var wan = WanPattern().Match(t);
        if (wan.Success)
        {
            var value = decimal.Parse(wan.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * YuanPerWan;
            if (!HasAtMostTwoDecimals(value))
            {
                return false;
            }
            yuan = Normalize(value);
            return true;
        }

        var plain = YuanPattern().Match(t);
        if (plain.Success)
        {
            yuan = Normalize(decimal.Parse(plain.Groups["n"].Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
            return true;
        }

        return false;
    }

    /// <summary>True when the amount is a whole number of fen (分).</summary>
    public static bool HasAtMostTwoDecimals(decimal yuan) => decimal.Round(yuan, 2) == yuan;

    /// <summary>"150,000.00" — yuan with two decimals, for tables and documents.</summary>
    public static string FormatYuan(decimal yuan) =>
        decimal.Round(yuan, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>"15.00万元" — the unit the plan itself uses for funds.</summary>
    public static string FormatWan(decimal yuan) =>
        decimal.Round(yuan / YuanPerWan, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture) + "万元";

    // Strips trailing zeros in the scale so 150000.00 and 150000 compare and print alike.
    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
