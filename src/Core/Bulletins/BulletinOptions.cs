namespace Governance.Core.Bulletins;

/// <summary>The bulletin's "behind" criteria and its issuer (configuration section "Bulletin"); defaults are the team's choices where the implementation plan (实施方案) sets none.</summary>
public sealed class BulletinOptions
{
    public const string Section = "Bulletin";

    /// <summary>Behind when the share of requirements met is more than this many percentage points under the share of the period elapsed.</summary>
    public int BehindGapPoints { get; set; } = 25;

    /// <summary>Behind when the execution rate is under this after <see cref="LowRateAfterElapsed"/> of the period.</summary>
    public decimal LowExecutionRate { get; set; } = 0.30m;

    public decimal LowRateAfterElapsed { get; set; } = 0.50m;

    public string IssuingAuthority { get; set; } = "东胜区民政局";
}
