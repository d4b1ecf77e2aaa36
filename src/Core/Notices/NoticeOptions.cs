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
}
