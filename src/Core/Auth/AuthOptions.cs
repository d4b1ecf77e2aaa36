namespace Governance.Core.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// A staff token that always works, so a fresh installation can issue the first real tokens.
    /// Locally from local.settings.json; in Azure a Key Vault reference. Empty disables it.
    /// </summary>
    public string? BootstrapStaffToken { get; set; }
}
