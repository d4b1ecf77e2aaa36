using Governance.Core.Programme;

namespace Governance.Core.Applications;

/// <summary>
/// An application (申报) by a unit for one task in one community in a programme year.
/// <see cref="PriorityAtSubmission"/> records whether the unit had priority (优先) when it applied.
/// </summary>
public sealed record ApplicationRecord(
    int Year,
    string Id,
    string Unit,
    TaskType TaskType,
    string Community,
    string Reason,
    DateTimeOffset SubmittedAt,
    string SubmittedBy,
    bool PriorityAtSubmission,
    string? PriorityReason)
{
    public string TaskTypeName => TaskType.ChineseName();
}

/// <summary>
/// An application as listed. <see cref="Priority"/> and <see cref="Suspended"/> are the unit's
/// standing now, from the previous year's outcomes computed on read; an evaluation revised after
/// the application shows here at once.
/// </summary>
public sealed record ApplicationView(
    string Id,
    int Year,
    string Unit,
    string TaskType,
    string TaskTypeName,
    string Community,
    string Reason,
    DateTimeOffset SubmittedAt,
    bool Priority,
    string Mark,
    string? PriorityReason,
    bool PriorityAtSubmission,
    bool Suspended,
    string? SuspensionReason);
