using Microsoft.Extensions.Configuration;

namespace Governance.Core.Notices;

/// <summary>How notices are pushed (configuration section "Notices").</summary>
public sealed class NoticeOptions
{
    public const string Section = "Notices";

    /// <summary>
    /// The units' group-robot webhooks, a list because setting names allow only ASCII letters, digits,
    /// <c>_</c> and <c>.</c>: <c>Notices__Webhooks__0__Unit</c> = 罕台镇, <c>Notices__Webhooks__0__Url</c> =
    /// the robot's address (it holds the robot's key: never logged). A unit without one reads its
    /// notices in the app only. <see cref="NoticeWebhookNames"/> checks the list at start.
    /// </summary>
    public List<NoticeWebhook> Webhooks { get; set; } = [];

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

    /// <summary>The robot address configured for <paramref name="unit"/>, or null.</summary>
    public string? WebhookFor(string unit) =>
        Webhooks.FirstOrDefault(w => string.Equals(w.Unit?.Trim(), unit, StringComparison.Ordinal))?.Url?.Trim() is { Length: > 0 } url ? url : null;

    /// <summary>
    /// Binds the section, reading <see cref="Webhooks"/> entry by entry so each keeps the name of its
    /// setting (the plain binder renumbers a list with gaps and silently drops an entry in the old
    /// <c>Notices__Webhooks__&lt;单位&gt;</c> shape, which must instead stop the app and say so).
    /// </summary>
    public static void Bind(IConfiguration section, NoticeOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        section.Bind(options);
        options.Webhooks = section.GetSection(nameof(Webhooks)).GetChildren()
            .Select(entry => new NoticeWebhook
            {
                Setting = $"{Section}__{nameof(Webhooks)}__{entry.Key}",
                Unit = entry[nameof(NoticeWebhook.Unit)],
                Url = entry[nameof(NoticeWebhook.Url)],
                Shape = entry.Value is null ? NoticeWebhook.EntryShape.Entry : NoticeWebhook.EntryShape.KeyedByUnit,
            })
            .ToList();
    }
}

/// <summary>One unit's group-robot webhook (群机器人地址).</summary>
public sealed class NoticeWebhook
{
    public enum EntryShape
    {
        /// <summary><c>…__&lt;n&gt;__Unit</c> and <c>…__&lt;n&gt;__Url</c>.</summary>
        Entry,

        /// <summary>The retired <c>Notices__Webhooks__&lt;单位&gt;</c> = address, which App Service cannot hold.</summary>
        KeyedByUnit,
    }

    public string? Unit { get; set; }

    /// <summary>The robot's address; it contains the robot's key, so it is never logged nor shown.</summary>
    public string? Url { get; set; }

    /// <summary>The setting this entry came from (e.g. <c>Notices__Webhooks__0</c>); null when built in code.</summary>
    public string? Setting { get; set; }

    public EntryShape Shape { get; set; }
}
