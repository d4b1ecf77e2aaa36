using System.Globalization;
using Azure.Data.Tables;

namespace Governance.Core.Storage;

/// <summary>
/// Table storage has no decimal or date-only type: money is kept as an invariant string with two
/// decimals (exact), dates as yyyy-MM-dd, so values read back exactly as written.
/// </summary>
public static class EntityValues
{
    public static string Money(decimal yuan) => yuan.ToString("0.00", CultureInfo.InvariantCulture);

    public static decimal Money(TableEntity e, string key) =>
        decimal.Parse(e.GetString(key) ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Date(TableEntity e, string key) =>
        DateOnly.ParseExact(e.GetString(key) ?? throw new InvalidDataException($"{key} missing"), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Escapes a value for an OData filter string literal.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
