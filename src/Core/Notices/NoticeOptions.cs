namespace Governance.Core.Notices;

/// <summary>How notices are pushed (configuration section "Notices").</summary>
public sealed class NoticeOptions
{
    public const string Section = "Notices";

    /// <summary>
    /// A unit's group-robot webhook (e.g. <c>Notices:Webhooks:罕台镇</c>). A unit without one
    /// reads its notices in the app only.
    /// </summary>
    public Dictionary<string, string> Webhooks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Attempts before a push is given up as failed (推送失败).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; each later one waits twice as long as the one before.</summary>
    public int RetryBaseMinutes { get; set; } = 60;

    /// <summary>How long one push may take before it counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// A notice meant for a moment longer ago than this (e.g. the overdue notice of a month whose
    /// dispatch day was in 2023, compiled by a fresh deployment's first tick or after a late import)
    /// is not created: its documents are still compiled, but nobody is told to act on a period long gone.
    /// </summary>
    public int MaxAgeDays { get; set; } = 30;

    /// <summary>
    /// The app's public address (e.g. <c>https://dongsheng-2121.azurewebsites.net</c>). A pushed message
    /// cut to the robot's size limit ends with a link to the notice under it; unset, it says where in
    /// the app to read the full text.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
