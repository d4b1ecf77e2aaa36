namespace Governance.Infra.Tests;

/// <summary>The checkout under test: the folder holding Functions.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }
}
