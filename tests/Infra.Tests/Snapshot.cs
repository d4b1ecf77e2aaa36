using System.Text.Json;

namespace Governance.Infra.Tests;

/// <summary>
/// What infra/main.bicep would deploy for one set of parameters: <c>bicep snapshot</c> evaluates
/// the conditions, loops and names offline, so a variant's resources, role scopes and settings can
/// be asserted as deployed rather than as ARM expressions.
/// </summary>
public sealed class Snapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string ResourceGroup = "rg-dsgov-test";

    private Snapshot(string name, BicepCli.Result run, JsonElement? root)
    {
        Name = name;
        Run = run;
        _root = root;
    }

    private readonly JsonElement? _root;

    public string Name { get; }

    public BicepCli.Result Run { get; }

    public JsonElement Root => _root ?? throw new InvalidOperationException(
        $"bicep snapshot of {Name} failed ({Run.ExitCode}):\n{Run.StandardOutput}\n{Run.StandardError}");

    public IReadOnlyList<JsonElement> Resources => Root.GetProperty("predictedResources").EnumerateArray().ToList();

    public IEnumerable<JsonElement> OfType(string type) =>
        Resources.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    public JsonElement Single(string type) => Assert.Single(OfType(type));

    public string ResourceId(string type, string name) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/{type}/{name}";

    public IReadOnlyDictionary<string, string> AppSettings =>
        Single("Microsoft.Web/sites/config").GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);

    /// <summary>Writes a .bicepparam for main.bicep (the path must be relative) and snapshots it.</summary>
    public static Snapshot Of(string name, string location, string parameters)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "snapshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}.bicepparam");
        var main = Path.GetRelativePath(folder, Repository.PathOf("infra", "main.bicep")).Replace('\\', '/');
        File.WriteAllText(file, $"using '{main}'\n{parameters}");
        var output = Path.ChangeExtension(file, ".snapshot.json");
        File.Delete(output);
        var run = BicepCli.Run("snapshot", file, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup, "--location", location);
        JsonElement? root = run.ExitCode == 0 && File.Exists(output)
            ? JsonDocument.Parse(File.ReadAllText(output)).RootElement.Clone()
            : null;
        return new Snapshot(name, run, root);
    }
}

/// <summary>The two hosting variants, snapshotted once for all the tests that read them.</summary>
public sealed class Variants
{
    public const string AdministratorId = "11111111-2222-3333-4444-555555555555";
    public const string FlexJobsSince = "2026-12-01";

    // Flex Consumption in the public cloud, with two webhooks and the administrator grant.
    public Snapshot Flex { get; } = Snapshot.Of("flex", "eastasia", $$"""
        param hostingPlan = 'FlexConsumption'
        param bootstrapStaffToken = 'only-a-test-value-never-deployed-0123456789'
        param alertEmail = 'ops@example.org'
        param jobsSince = '{{FlexJobsSince}}'
        param administratorPrincipalId = '{{AdministratorId}}'
        param webhooks = [
          { unit: '罕台镇', secretName: 'webhook-hantai' }
          { unit: '兴胜街道办事处', secretName: 'webhook-xingsheng' }
        ]
        """);

    // Elastic Premium as in Azure China: no availability test locations, no Jobs__Since given.
    public Snapshot Elastic { get; } = Snapshot.Of("elastic", "chinanorth3", $"""
        param hostingPlan = 'ElasticPremium'
        param environment = 'test'
        param bootstrapStaffToken = 'only-a-test-value-never-deployed-0123456789'
        param alertEmail = 'ops@example.org'
        param administratorPrincipalId = '{AdministratorId}'
        param dossierRetentionDays = 1825
        param availabilityTestLocations = []
        """);

    public IEnumerable<Snapshot> Both => [Flex, Elastic];
}
