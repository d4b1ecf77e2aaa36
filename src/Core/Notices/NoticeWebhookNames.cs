using Governance.Core.Programme;
using Microsoft.Extensions.Options;

namespace Governance.Core.Notices;

/// <summary>
/// Checks that every <c>Notices:Webhooks:&lt;单位&gt;</c> key is a name a unit can have
/// (<see cref="ProgrammeNames.NameViolation"/>): a key no unit can ever match would leave that
/// unit's notices silently unpushed, so the app refuses to start and says which setting is wrong.
/// </summary>
public sealed class NoticeWebhookNames : IValidateOptions<NoticeOptions>
{
    public ValidateOptionsResult Validate(string? name, NoticeOptions options)
    {
        var failures = options.Webhooks.Keys
            .Select(unit => (unit, violation: ProgrammeNames.NameViolation(unit.Trim(), "责任单位")))
            .Where(x => x.violation is not null)
            .Select(x => $"Setting Notices:Webhooks:{Printable(x.unit)} does not name a possible unit (责任单位): {x.violation}")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The key goes into a log line: control characters are shown as escapes, not written raw.
    private static string Printable(string key) =>
        string.Concat(key.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
