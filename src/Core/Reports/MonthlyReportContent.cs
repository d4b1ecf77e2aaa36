using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Core.Rules;

namespace Governance.Core.Reports;

/// <summary>Progress on one requirement in a month (进展): not_started, in_progress or done.</summary>
public sealed record RequirementProgress(string Requirement, string Status, string? Note);

/// <summary>
/// What a monthly report (月度进展) says, normalised: the same report sent as JSON, as a
/// urlencoded form or as multipart reads the same and hashes the same, so a retry is recognised.
/// </summary>
public sealed record MonthlyReportContent(
    string Summary,
    string? Problems,
    string? NextPlan,
    decimal FundsSpent,
    IReadOnlyList<RequirementProgress> Progress,
    CommunityMetrics Metrics)
{
    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public static MonthlyReportContent FromJson(string json) =>
        JsonSerializer.Deserialize<MonthlyReportContent>(json, Json.Options) ?? throw new InvalidDataException("Empty report content.");

    /// <summary>SHA-256 of the canonical JSON: equal exactly when the reports say the same.</summary>
    public string ContentHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));
}
