namespace Governance.Core.Evidence;

/// <summary>Limits of evidence uploads and links (证明材料), bound from the "Evidence" section.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>Room for part headers and boundaries on top of one file, so a file just under the limit still gets through.</summary>
    public const long MultipartAllowance = 1024 * 1024;

    /// <summary>The most a download link may live: links leave the system in e-mails and chats.</summary>
    public const int MaxLinkMinutes = 15;

    /// <summary>Largest file accepted, in bytes; 50 MB by default.</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Minutes a download link stays valid; capped at <see cref="MaxLinkMinutes"/>.</summary>
    public int LinkMinutes { get; set; } = MaxLinkMinutes;

    /// <summary>The request body limit the web server applies to match <see cref="MaxFileBytes"/>.</summary>
    public long MaxRequestBytes => MaxFileBytes + MultipartAllowance;

    public TimeSpan LinkLifetime => TimeSpan.FromMinutes(Math.Clamp(LinkMinutes, 1, MaxLinkMinutes));
}
