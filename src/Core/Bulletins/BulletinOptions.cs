namespace Governance.Core.Bulletins;

/// <summary>
/// The bulletin's issuer, the names on its letterhead and its criteria (configuration section
/// "Bulletin", e.g. <c>Bulletin__Issuer</c>): every name that differs between bureaus is a setting.
/// Defaults are the Dongsheng bureau's names, and the team's choices where the implementation plan
/// (实施方案) sets none.
/// </summary>
public sealed class BulletinOptions
{
    public const string Section = "Bulletin";

    /// <summary>发文机关: named in the title (…关于…的通报) and the 落款.</summary>
    public string Issuer { get; set; } = "鄂尔多斯市东胜区民政局";

    /// <summary>The implementation plan the bulletin reports against, as its title is quoted (with 《》).</summary>
    public string Plan { get; set; } = "《鄂尔多斯市东胜区城乡社区治理“2121”工程实施方案》";

    /// <summary>发文机关标志: the red masthead.</summary>
    public string Masthead { get; set; } = "鄂尔多斯市东胜区民政局文件";

    /// <summary>The 发文字号 prefix: 东民发 gives 东民发〔2024〕1号.</summary>
    public string NumberPrefix { get; set; } = "东民发";

    /// <summary>抄送机关 in the 版记, without the closing 。; several separated by 、 or ，. Empty leaves the 抄送 line out.</summary>
    public string CopyTo { get; set; } = "鄂尔多斯市民政局";

    /// <summary>印发机关 in the 版记.</summary>
    public string PrintedBy { get; set; } = "鄂尔多斯市东胜区民政局办公室";

    /// <summary>整改期限: days after the issue date by which the units rectify what the bulletin names.</summary>
    public int RectificationDays { get; set; } = 30;

    /// <summary>通报批评 when the progress share is more than this many percentage points under the time share.</summary>
    public int BehindGapPoints { get; set; } = 25;

    /// <summary>Spending is listed as slow (a problem to watch, never a ground for criticism) when the execution rate is more than this many points under the time share.</summary>
    public int SlowSpendingGapPoints { get; set; } = 25;
}
