using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Core.Notices;

/// <summary>
/// Pushes queued notices to their units' WeCom group robots (企业微信群机器人) as markdown messages.
/// Each tick tries the notices whose next attempt is due. A push counts as delivered only when the
/// robot answers HTTP 2xx with <c>errcode</c> 0; anything else — another status, an <c>errcode</c>
/// such as 45009 (too frequent) or 93000 (invalid webhook), an unreadable answer, a timeout, a bad
/// address, any exception — is a failed attempt, recorded with its reason, and the next waits twice
/// as long as the last until <see cref="NoticeOptions.MaxAttempts"/>, when the notice is marked
/// failed. One push failing never stops the others.
/// </summary>
/// <remarks>
/// Two pushers (two instances, or a staff run beside the timer) never both send a notice: each claims
/// it first by an ETag-guarded write to <see cref="NoticeDelivery.Sending"/> with a lease, and only
/// the one whose claim lands sends; the result is recorded with the claim's ETag. A pusher that dies
/// mid-push leaves the lease to run out, after which the notice is claimed and sent again (the robot
/// may then show it twice; losing it would be worse). Each robot takes at most
/// <see cref="PushesPerMinute"/> messages a minute: further notices wait, untried, for a later tick.
/// The count is kept in this process; the Functions host runs the timer on one instance at a time.
/// </remarks>
public sealed class NoticePusher(
    NoticeStore store,
    IHttpClientFactory http,
    IOptions<NoticeOptions> options,
    TimeProvider clock,
    ILogger<NoticePusher> log)
{
    public const string HttpClientName = "notices";

    /// <summary>WeCom's limit per group robot.</summary>
    public const int PushesPerMinute = 20;

    // A robot's answer is a small JSON object; a larger body is not one and is not read further.
    private const int MaxAnswerBytes = 16 * 1024;

    private readonly RobotRate _rate = new(PushesPerMinute, TimeSpan.FromMinutes(1));

    /// <param name="Deferred">Due but left for a later tick: the robot's per-minute limit was reached.</param>
    public sealed record PushSummary(int Delivered, int Retrying, int Failed, int Deferred);

    private enum Outcome
    {
        Skipped,
        Deferred,
        Delivered,
        Retrying,
        Failed,
    }

    public async Task<PushSummary> PushDueAsync(CancellationToken ct)
    {
        int delivered = 0, retrying = 0, failed = 0, deferred = 0;
        foreach (var due in await store.ListDueAsync(clock.GetUtcNow(), ct))
        {
            Outcome outcome;
            try
            {
                outcome = await PushAsync(due, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Storage failing for one notice must not hold back the rest; its queue entry stays for the next tick.
                log.LogError(e, "Push of notice {Period} {Key} could not be recorded", due.Period, due.Key);
                continue;
            }
            switch (outcome)
            {
                case Outcome.Delivered: delivered++; break;
                case Outcome.Retrying: retrying++; break;
                case Outcome.Failed: failed++; break;
                case Outcome.Deferred: deferred++; break;
            }
        }
        return new PushSummary(delivered, retrying, failed, deferred);
    }

    private async Task<Outcome> PushAsync(NoticeStore.PendingDelivery due, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await store.FindAsync(due.Period, due.Key, ct) is not { } found)
        {
            return Outcome.Skipped;
        }
        var (notice, etag) = found;
        switch (notice.Delivery.State)
        {
            case NoticeDelivery.Pending:
                break;
            case NoticeDelivery.Sending when notice.Delivery.NextAttemptAt > now:
                return Outcome.Skipped; // another pusher holds it
            case NoticeDelivery.Sending:
                log.LogWarning("Notice {Period} {Key} was left sending; its lease ran out, so it is sent again", notice.Period, notice.Key);
                break;
            default:
                await store.DequeueAsync(notice, ct);
                return Outcome.Skipped;
        }
        var url = Webhook(notice.Recipient);
        if (url is not null && !_rate.TryTake(url, now))
        {
            return Outcome.Deferred;
        }
        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds));
        if (await store.ClaimAsync(notice, etag, now + 2 * timeout + TimeSpan.FromMinutes(1), ct) is not { } claim)
        {
            return Outcome.Skipped; // another pusher claimed or recorded it between the read and the claim
        }
        var (claimed, claimedETag) = claim;

        var attempt = await AttemptAsync(notice, url, timeout, ct);
        var attempts = notice.Delivery.Attempts.Append(attempt).ToList();
        NoticeDelivery next;
        Outcome outcome;
        if (attempt.Succeeded)
        {
            (next, outcome) = (new NoticeDelivery(NoticeDelivery.Delivered, attempts, null), Outcome.Delivered);
        }
        else if (attempts.Count >= Math.Max(1, options.Value.MaxAttempts))
        {
            (next, outcome) = (new NoticeDelivery(NoticeDelivery.Failed, attempts, null), Outcome.Failed);
        }
        else
        {
            var delay = TimeSpan.FromMinutes(options.Value.RetryBaseMinutes * Math.Pow(2, attempts.Count - 1));
            (next, outcome) = (new NoticeDelivery(NoticeDelivery.Pending, attempts, attempt.At + delay), Outcome.Retrying);
        }
        if (!await store.RecordAttemptAsync(claimed, claimedETag, next, ct))
        {
            log.LogWarning("Push of notice {Period} {Key} outlived its lease; another pusher took it over", notice.Period, notice.Key);
            return Outcome.Skipped;
        }
        if (outcome == Outcome.Failed)
        {
            // The alert on 推送失败 matches this event. Unit and kind only: never the URL (it holds the
            // robot's key) nor the message text.
            log.LogError(LogEvents.NoticePushFailed, "NoticePushFailed: notice {Period} {Key} for {Unit} gave up after {Attempts} attempts",
                notice.Period, notice.Key, notice.Recipient, attempts.Count);
        }
        return outcome;
    }

    private string? Webhook(string recipient) => options.Value.WebhookFor(recipient);

    private async Task<DeliveryAttempt> AttemptAsync(Notice notice, string? url, TimeSpan timeout, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new DeliveryAttempt(at, false, NoticeTexts.NoWebhook);
        }
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            var client = http.CreateClient(HttpClientName);
            var message = new { msgtype = "markdown", markdown = new { content = NoticeTexts.Markdown(notice, FullTextLine(notice)) } };
            using var response = await client.PostAsJsonAsync(uri, message, Json.Options, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new DeliveryAttempt(at, false, NoticeTexts.HttpFailure((int)response.StatusCode));
            }
            return Answer(at, await ReadAnswerAsync(response, linked.Token));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Whatever one push throws (bad address, DNS, refused, timeout) is that push's failure only.
            log.LogWarning(e, "Push of notice {Period} {Key} failed", notice.Period, notice.Key);
            return new DeliveryAttempt(at, false, timer.IsCancellationRequested
                ? NoticeTexts.Timeout((int)timeout.TotalSeconds)
                : NoticeTexts.NetworkFailure(e.Message));
        }
    }

    /// <summary>Delivered only on <c>errcode</c> 0: WeCom answers every refusal with HTTP 200 and its own code.</summary>
    private static DeliveryAttempt Answer(DateTimeOffset at, byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errcode", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt64(out var errcode))
            {
                var errmsg = json.RootElement.TryGetProperty("errmsg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
                return errcode == 0
                    ? new DeliveryAttempt(at, true, NoticeTexts.Accepted)
                    : new DeliveryAttempt(at, false, NoticeTexts.RobotRefused(errcode, errmsg));
            }
        }
        catch (JsonException)
        {
            // Not JSON: falls through to the unreadable answer below.
        }
        return new DeliveryAttempt(at, false, NoticeTexts.UnreadableAnswer);
    }

    private static async Task<byte[]> ReadAnswerAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxAnswerBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }
        return buffer[..length];
    }

    private string FullTextLine(Notice notice)
    {
        var baseUrl = options.Value.PublicBaseUrl?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(baseUrl))
        {
            return NoticeTexts.FullTextInApp(notice);
        }
        var query = $"unit={Uri.EscapeDataString(notice.Recipient)}&period={Uri.EscapeDataString(notice.Period)}&kind={notice.Kind.Code()}";
        return NoticeTexts.FullTextLink($"{baseUrl}/api/notices?{query}");
    }

    /// <summary>Pushes per robot in a sliding window, so a robot is never sent more than WeCom accepts.</summary>
    private sealed class RobotRate(int limit, TimeSpan window)
    {
        private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);

        public bool TryTake(string url, DateTimeOffset now)
        {
            lock (_sent)
            {
                if (!_sent.TryGetValue(url, out var times))
                {
                    _sent[url] = times = new Queue<DateTimeOffset>();
                }
                while (times.Count > 0 && times.Peek() <= now - window)
                {
                    times.Dequeue();
                }
                if (times.Count >= limit)
                {
                    return false;
                }
                times.Enqueue(now);
                return true;
            }
        }
    }
}
