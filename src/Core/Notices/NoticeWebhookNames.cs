using System.Globalization;
using Governance.Core.Programme;
using Microsoft.Extensions.Options;

namespace Governance.Core.Notices;

/// <summary>
/// Checks the webhook list at start (<c>Notices__Webhooks__&lt;n&gt;__Unit</c> / <c>__Url</c>): every
/// entry names a possible unit (<see cref="ProgrammeNames.NameViolation"/>), its address is absolute
/// https (http only on a loopback address, for a local stand-in robot), and no unit has two robots.
/// A wrong entry would leave a unit's notices silently unpushed or sent somewhere unintended, so the
/// app refuses to start and names the setting. The address holds the robot's key: no message quotes it.
/// </summary>
public sealed class NoticeWebhookNames : IValidateOptions<NoticeOptions>
{
    public ValidateOptionsResult Validate(string? name, NoticeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var webhook = options.Webhooks[i];
            var setting = Printable(webhook.Setting ?? $"{NoticeOptions.Section}__{nameof(NoticeOptions.Webhooks)}__{i.ToString(CultureInfo.InvariantCulture)}");
            if (webhook.Shape == NoticeWebhook.EntryShape.KeyedByUnit)
            {
                failures.Add($"Setting {setting} has the retired shape (a unit name as the setting name, which App Service does not allow): " +
                             $"write it as {NoticeOptions.Section}__{nameof(NoticeOptions.Webhooks)}__<n>__Unit = the unit and __Url = the address.");
                continue;
            }
            var unit = webhook.Unit?.Trim();
            if (ProgrammeNames.NameViolation(unit, "责任单位") is { } violation)
            {
                failures.Add($"Setting {setting}__Unit does not name a possible unit (责任单位): {violation}");
            }
            else if (seen.TryGetValue(unit!, out var first))
            {
                failures.Add($"Settings {first}__Unit and {setting}__Unit both name {Printable(unit!)}: a unit has one robot.");
            }
            else
            {
                seen[unit!] = setting;
            }
            if (UrlProblem(webhook.Url) is { } problem)
            {
                failures.Add($"Setting {setting}__Url {problem}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? UrlProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "is missing.";
        }
        if (url.TrimStart().StartsWith("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase))
        {
            return "is an unresolved Key Vault reference: grant the app's identity access to the secret and check the reference.";
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return "is not an absolute address.";
        }
        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
            ? null
            : "must be an https address (http is allowed only on a loopback address).";
    }

    // Names go into a log line: control characters are shown as escapes, not written raw.
    private static string Printable(string key) =>
        string.Concat(key.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
