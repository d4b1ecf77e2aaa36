using System.Text.Json;
using Governance.Core.Allocations;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Auth;
using Governance.Core.Evaluation;
using Governance.Core.Input;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Programme;

namespace Governance.Core.Applications;

/// <summary>
/// Next year's applications (申报). Year N's applications are decided by year N−1's outcomes: a unit
/// suspended there is refused with the reason; a unit with priority is marked 优先.
/// </summary>
public sealed class ApplicationService(
    ApplicationStore store,
    OutcomeService outcomes,
    AuditLog audit,
    TimeProvider clock)
{
    public const int MaxCommunity = 50;
    public const int MaxReason = 2000;

    private static readonly string[] Fields = ["taskType", "community", "reason"];

    /// <summary>Only a unit applies; the HTTP edge calls this before it reads a byte of the body.</summary>
    public static void EnsureApplicant(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsStaff || caller.Unit is null)
        {
            throw new ProblemException(403, "forbidden", "无权操作", ApplicationTexts.UnitsOnly);
        }
    }

    public async Task<ApplicationView> SubmitAsync(Caller caller, string yearText, IncomingForm form, CancellationToken ct)
    {
        // Only a unit applies: staff are refused before a byte of the body is read.
        EnsureApplicant(caller);
        var body = await form.ReadJsonAsync(ct);
        var year = AllocationImportService.ParseYear(yearText, clock);
        var unit = caller.Unit!; // EnsureApplicant refused a caller without one

        // The refusal comes first: a suspended unit learns why, whatever it filled in.
        var standing = await outcomes.StandingAsync(year - 1, unit, ct);
        if (standing is { Suspended: true })
        {
            throw new ProblemException(403, "suspended_from_applying", ApplicationTexts.SuspendedTitle,
                ApplicationTexts.Suspended(unit, year, standing.SuspensionBasis));
        }

        var errors = new FieldErrors();
        var (type, community, reason) = Parse(body, errors);
        errors.ThrowIfAny("invalid_application", ApplicationTexts.InvalidTitle);

        var priority = standing is { Priority: true };
        var record = new ApplicationRecord(year, Assignment.IdFor(year, unit, community, type), unit, type, community, reason,
            clock.GetUtcNow(), caller.Label, priority, priority ? ApplicationTexts.PriorityReason(year, standing!.PriorityBasis) : null);
        if (!await store.TryAddAsync(record, ct))
        {
            throw new ProblemException(409, "application_exists", ApplicationTexts.DuplicateTitle,
                ApplicationTexts.Duplicate(unit, community, type.ChineseName(), year));
        }
        await audit.RecordAsync(caller, "application.submit", ApplicationTexts.AuditDescription(record), null, ct);
        return View(record, standing, year);
    }

    /// <summary>Staff: the year's applications, priority ones first, each with the unit's standing now.</summary>
    public async Task<IReadOnlyList<ApplicationView>> ListAsync(Caller caller, string yearText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureStaff();
        var year = AllocationImportService.ParseYear(yearText, clock);
        var applications = await store.ListAsync(year, ct);
        var previous = await outcomes.ComputeAsync(year - 1, ct);
        var byUnit = previous.Units.ToDictionary(u => u.Unit, StringComparer.Ordinal);
        return applications
            .Select(a => View(a, byUnit.GetValueOrDefault(a.Unit), year))
            .OrderByDescending(v => v.Priority)
            .ThenBy(v => v.SubmittedAt)
            .ToList();
    }

    private static ApplicationView View(ApplicationRecord a, UnitOutcome? standing, int year)
    {
        var priority = standing is { Priority: true, Suspended: false };
        return new ApplicationView(
            a.Id, a.Year, a.Unit, a.TaskType.Code(), a.TaskTypeName, a.Community, a.Reason, BeijingTime.ToBeijing(a.SubmittedAt),
            priority, priority ? ApplicationTexts.PriorityName : "",
            priority ? ApplicationTexts.PriorityReason(year, standing!.PriorityBasis) : null,
            a.PriorityAtSubmission,
            standing is { Suspended: true },
            standing is { Suspended: true } ? ApplicationTexts.Suspended(a.Unit, year, standing.SuspensionBasis) : null);
    }

    private static (TaskType Type, string Community, string Reason) Parse(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", ApplicationTexts.Required("申报内容（JSON 对象）"));
            return default;
        }
        foreach (var p in body.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(p.Name, ApplicationTexts.UnknownField(p.Name));
        }
        var typeText = Text(body, "taskType");
        TaskType type = default;
        if (!TextPolicy.Check("taskType", typeText, errors))
        {
            // Named by the text policy; a value that cannot be shown is not judged further.
        }
        else if (string.IsNullOrWhiteSpace(typeText))
        {
            errors.Add("taskType", ApplicationTexts.Required("任务类型"));
        }
        else if (!ProgrammeNames.TryParseTaskType(typeText, out type))
        {
            errors.Add("taskType", ApplicationTexts.UnknownTaskType(typeText));
        }
        var community = Required(body, "community", "承接项目社区", MaxCommunity, errors);
        if (community.Length > 0 && !errors.Has("community") && ProgrammeNames.NameViolation(community, "承接项目社区") is { } violation)
        {
            // The community becomes an assignment's name and key once the bureau allocates it: the import's rule applies.
            errors.Add("community", violation);
        }
        var reason = Required(body, "reason", "申报理由", MaxReason, errors);
        return (type, community, reason);
    }

    private static string Required(JsonElement body, string field, string label, int max, FieldErrors errors)
    {
        // Checked before trimming: Trim would quietly drop a trailing U+0085 (a C1 control .NET counts as white space).
        var raw = Text(body, field);
        var text = raw?.Trim() ?? "";
        if (!TextPolicy.Check(field, raw, errors))
        {
            // Named by the text policy; a value that cannot be shown is not judged further.
        }
        else if (text.Length == 0)
        {
            errors.Add(field, ApplicationTexts.Required(label));
        }
        else if (text.Length > max)
        {
            errors.Add(field, ApplicationTexts.TooLong(label, max));
        }
        return text;
    }

    private static string? Text(JsonElement body, string field) =>
        body.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
