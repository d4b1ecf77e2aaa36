using Governance.Core.Auth;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Programme;

namespace Governance.Core.Notices;

/// <summary>A notice as GET /api/notices answers it, with its delivery record.</summary>
public sealed record NoticeView(
    string Kind,
    string KindName,
    string Recipient,
    string Period,
    string Title,
    string Text,
    IReadOnlyList<string> AssignmentIds,
    DateTimeOffset CreatedAt,
    string DeliveryState,
    string DeliveryStateName,
    IReadOnlyList<DeliveryAttempt> Attempts,
    DateTimeOffset? NextAttemptAt)
{
    public static NoticeView Of(Notice n) => new(
        n.Kind.Code(), n.Kind.ChineseName(), n.Recipient, n.Period, n.Title, n.Text, n.AssignmentIds, BeijingTime.ToBeijing(n.CreatedAt),
        n.Delivery.State, n.Delivery.StateName,
        n.Delivery.Attempts.Select(a => a with { At = BeijingTime.ToBeijing(a.At) }).ToList(),
        n.Delivery.NextAttemptAt is { } next ? BeijingTime.ToBeijing(next) : null);
}

/// <summary>Reads notices: a unit its own (one partition), staff by unit or by period (one partition each).</summary>
public sealed class NoticeService(NoticeStore store)
{
    public async Task<IReadOnlyList<NoticeView>> ListAsync(Caller caller, string? kindText, string? period, string? unit, CancellationToken ct)
    {
        NoticeKind? kind = null;
        if (!string.IsNullOrWhiteSpace(kindText))
        {
            if (!NoticeKinds.TryParse(kindText, out var k))
            {
                throw Bad("kind", NoticeMessages.UnknownKind(kindText));
            }
            kind = k;
        }
        unit = string.IsNullOrWhiteSpace(unit) ? null : unit.Trim();
        if (unit is not null && ProgrammeNames.NameViolation(unit, "单位") is { } violation)
        {
            // The unit is a partition key of NoticesByRecipient: a name no unit can have is refused, not looked up.
            throw Bad("unit", violation);
        }
        period = string.IsNullOrWhiteSpace(period) ? null : period.Trim();
        if (!caller.IsStaff)
        {
            caller.EnsureUnit(unit ?? caller.Unit!);
            unit = caller.Unit;
        }
        IReadOnlyList<Notice> notices = unit is not null ? await store.ListByRecipientAsync(unit, ct)
            : period is not null ? await store.ListByPeriodAsync(period, ct)
            : throw Bad("period", NoticeMessages.PeriodOrUnitRequired);
        return notices
            .Where(n => kind is null || n.Kind == kind)
            .Where(n => period is null || n.Period == period)
            .Select(NoticeView.Of)
            .ToList();
    }

    private static ProblemException Bad(string field, string message) =>
        new(400, "invalid_notice_query", "查询条件有误", message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The Chinese refusals of the notice list.</summary>
public static class NoticeMessages
{
    public static string UnknownKind(string text) => $"没有“{text}”这种通知，可选：reminder、overdue、dispatch、bulletin、deadline-warning、evaluation-result（或其中文名）。";

    public const string PeriodOrUnitRequired = "请指定期间（period，如 2026-10）或单位（unit）。";
}
