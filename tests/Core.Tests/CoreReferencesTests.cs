using System.Xml.Linq;
using Governance.Core;

namespace Governance.Core.Tests;

/// <summary>
/// Core knows nothing of HTTP or the Functions host: the web edge (src/Functions/Http) reads
/// requests into plain types, so the domain builds, runs and is tested without either.
/// </summary>
public sealed class CoreReferencesTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Microsoft.Azure.Functions"];

    [Fact]
    public void The_core_assembly_references_neither_aspnet_core_nor_the_functions_sdk()
    {
        var references = typeof(GovernanceServices).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Azure.Data.Tables", references);
        Assert.DoesNotContain(references, IsForbidden);
    }

    [Fact]
    public void The_core_project_declares_no_aspnet_core_or_functions_reference()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Core", "Core.csproj"));
        var included = project.Descendants()
            .Where(e => e.Name.LocalName is "FrameworkReference" or "PackageReference" or "ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToList();

        Assert.Contains("Azure.Data.Tables", included);
        Assert.DoesNotContain(included, IsForbidden);
    }

    private static bool IsForbidden(string name) =>
        Forbidden.Any(f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase) || name.Contains("/" + f, StringComparison.OrdinalIgnoreCase));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
