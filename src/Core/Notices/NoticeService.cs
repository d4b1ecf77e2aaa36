using Governance.Core.Auth;
using Governance.Core.Paging;
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
    public async Task<Page<NoticeView>> ListAsync(Caller caller, string? kindText, string? period, string? unit, PageRequest page, CancellationToken ct)
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
        if (period is not null && !IsNoticePeriod(period))
        {
            // A period no notice can carry is a mistake to point out, not an empty list.
            throw Bad("period", NoticeMessages.BadPeriod(FieldErrors.Echo(period)));
        }
        if (!caller.IsStaff)
        {
            caller.EnsureUnit(unit ?? caller.Unit!);
            unit = caller.Unit;
        }
        if (unit is null && period is null)
        {
            throw Bad("period", NoticeMessages.PeriodOrUnitRequired);
        }
        var found = await store.PageAsync(unit, period, kind, page, ct);
        return found.Select(NoticeView.Of);
    }

    /// <summary>
    /// The periods notices are filed under: a month (2026-10), a quarter (2026-Q3), a deadline
    /// warning (assignment id + "-60d") or an evaluation result (assignment id + ".v0001").
    /// </summary>
    private static bool IsNoticePeriod(string period)
    {
        if (Periods.MonthPeriod.TryParse(period, out _) || Periods.QuarterPeriod.TryParse(period, out _))
        {
            return true;
        }
        var cut = period.Length > 13 ? period[..13] : "";
        var tail = period.Length > 13 ? period[13..] : "";
        return Assignments.Assignment.TryYearOf(cut, out _)
            && (System.Text.RegularExpressions.Regex.IsMatch(tail, @"^-\d{1,3}d$") || System.Text.RegularExpressions.Regex.IsMatch(tail, @"^\.v\d{4}$")
                || System.Text.RegularExpressions.Regex.IsMatch(tail, @"^\.\d{4}-\d{2}\.v\d{4}$"));
    }

    private static ProblemException Bad(string field, string message) =>
        new(400, "invalid_notice_query", "查询条件有误", message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The Chinese refusals of the notice list.</summary>
public static class NoticeMessages
{
    public static string UnknownKind(string text) => $"没有“{text}”这种通知，可选：reminder、overdue、dispatch、bulletin、deadline-warning、evaluation-result、report_returned（或其中文名）。";

    public static string BadPeriod(string text) => $"期间“{text}”无效，请写月份（如 2026-10）或季度（如 2026-Q3）。";

    public const string PeriodOrUnitRequired = "请指定期间（period，如 2026-10）或单位（unit）。";
}
