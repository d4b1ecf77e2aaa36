namespace Governance.Core.Notices;

/// <summary>One attempt to push a notice to a webhook (推送记录).</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, bool Succeeded, string Detail);

/// <summary>
/// Where a notice's delivery stands: stored (站内, no webhook), pending (待推送, due again at
/// <see cref="NextAttemptAt"/>), sending (推送中, claimed by one pusher until <see cref="NextAttemptAt"/>,
/// its lease; a pusher that died mid-push leaves it to be reclaimed after that), delivered (已推送,
/// never sent again) or failed (推送失败).
/// </summary>
public sealed record NoticeDelivery(string State, IReadOnlyList<DeliveryAttempt> Attempts, DateTimeOffset? NextAttemptAt)
{
    public const string Stored = "stored";
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public static NoticeDelivery InAppOnly { get; } = new(Stored, [], null);

    public string StateName => State switch
    {
        Stored => "站内通知",
        Pending => "待推送",
        Sending => "推送中",
        Delivered => "已推送",
        Failed => "推送失败",
        _ => State,
    };

    public bool IsFinal => State is Stored or Delivered or Failed;
}
