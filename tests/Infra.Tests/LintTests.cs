namespace Governance.Infra.Tests;

public sealed class LintTests
{
    [Fact]
    public void Main_template_passes_the_bicep_linter()
    {
        var lint = BicepCli.Run("lint", CompiledTemplate.MainTemplate);

        var diagnostics = lint.StandardOutput + lint.StandardError;
        Assert.True(lint.ExitCode == 0, $"bicep lint exited {lint.ExitCode}:\n{diagnostics}");
        Assert.DoesNotContain(": Error ", diagnostics, StringComparison.Ordinal);
        // The house treats warnings as errors; the linter's warnings (unused parameters,
        // secrets in outputs, hard-coded cloud URLs) are held to the same rule.
        Assert.DoesNotContain(": Warning ", diagnostics, StringComparison.Ordinal);
    }
}
