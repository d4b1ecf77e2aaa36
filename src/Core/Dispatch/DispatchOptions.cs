namespace Governance.Core.Dispatch;

/// <summary>Who compiles the monthly dispatch and whom to ask about it (configuration section "Dispatch").</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>编制单位, printed under the title.</summary>
    public string CompiledBy { get; set; } = "东胜区民政局";

    /// <summary>联系人 and telephone, e.g. "王芳 0477-8321234"; empty leaves the line out.</summary>
    public string Contact { get; set; } = "";
}
