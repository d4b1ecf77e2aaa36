namespace Governance.Core.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// A staff token that always works, so a fresh installation can issue the first real tokens.
    /// Locally from local.settings.json; in Azure a Key Vault reference. Empty disables it; so does
    /// <see cref="BootstrapEnabled"/> = false. <see cref="BootstrapToken.Decide"/> says when a value is refused.
    /// </summary>
    public string? BootstrapStaffToken { get; set; }

    /// <summary>False switches the bootstrap token off whatever its value (once real staff tokens exist).</summary>
    public bool BootstrapEnabled { get; set; } = true;
}
