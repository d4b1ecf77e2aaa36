using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Core.Notices;

/// <summary>
/// Pushes queued notices to their units' webhooks as group-robot markdown messages. Each tick
/// tries the notices whose next attempt is due; a failure waits twice as long as the last before
/// the next try, and after <see cref="NoticeOptions.MaxAttempts"/> the notice is marked failed.
/// A notice recorded as delivered is never sent again.
/// </summary>
public sealed class NoticePusher(
    NoticeStore store,
    IHttpClientFactory http,
    IOptions<NoticeOptions> options,
    TimeProvider clock,
    ILogger<NoticePusher> log)
{
    public const string HttpClientName = "notices";

    public sealed record PushSummary(int Delivered, int Retrying, int Failed);

    public async Task<PushSummary> PushDueAsync(CancellationToken ct)
    {
        int delivered = 0, retrying = 0, failed = 0;
        foreach (var due in await store.ListDueAsync(clock.GetUtcNow(), ct))
        {
            var found = await store.FindAsync(due.Period, due.Key, ct);
            if (found is not { } f || f.Notice.Delivery.State != NoticeDelivery.Pending)
            {
                if (found is { } stale)
                {
                    await store.DequeueAsync(stale.Notice, ct);
                }
                continue;
            }
            var (notice, etag) = f;
            var attempt = await AttemptAsync(notice, ct);
            var attempts = notice.Delivery.Attempts.Append(attempt).ToList();
            NoticeDelivery next;
            if (attempt.Succeeded)
            {
                next = new NoticeDelivery(NoticeDelivery.Delivered, attempts, null);
                delivered++;
            }
            else if (attempts.Count >= Math.Max(1, options.Value.MaxAttempts))
            {
                next = new NoticeDelivery(NoticeDelivery.Failed, attempts, null);
                failed++;
            }
            else
            {
                var delay = TimeSpan.FromMinutes(options.Value.RetryBaseMinutes * Math.Pow(2, attempts.Count - 1));
                next = new NoticeDelivery(NoticeDelivery.Pending, attempts, attempt.At + delay);
                retrying++;
            }
            await store.RecordAttemptAsync(notice, etag, next, ct);
        }
        return new PushSummary(delivered, retrying, failed);
    }

    private async Task<DeliveryAttempt> AttemptAsync(Notice notice, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        if (!options.Value.Webhooks.TryGetValue(notice.Recipient, out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new DeliveryAttempt(at, false, NoticeTexts.NoWebhook);
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds)));
            var client = http.CreateClient(HttpClientName);
            var message = new { msgtype = "markdown", markdown = new { content = NoticeTexts.Markdown(notice) } };
            using var response = await client.PostAsJsonAsync(uri, message, Json.Options, timeout.Token);
            return response.IsSuccessStatusCode
                ? new DeliveryAttempt(at, true, NoticeTexts.Accepted)
                : new DeliveryAttempt(at, false, NoticeTexts.HttpFailure((int)response.StatusCode));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Push of notice {Period} {Key} failed", notice.Period, notice.Key);
            return new DeliveryAttempt(at, false, NoticeTexts.NetworkFailure(e.Message));
        }
    }
}
