namespace Governance.Testing;

/// <summary>
/// The settings a test starts the app with (through the local runner): a free loopback port, the
/// given Azurite with storage names of its own, the documented local staff token, and no timers
/// firing by themselves (tests run jobs when they mean to).
/// </summary>
public static class TestHostSettings
{
    /// <summary>The documented local staff token, accepted because the app runs over the storage emulator.</summary>
    public const string StaffToken = "local-dev-staff-token";

    public static Dictionary<string, string?> For(string connectionString, string namePrefix, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:NamePrefix"] = namePrefix,
            ["Auth:BootstrapStaffToken"] = StaffToken,
            ["TickSchedule"] = "0 0 * * * *",
            ["EvidenceSweepSchedule"] = "0 30 * * * *",
            ["BackupSchedule"] = "0 0 19 * * *",
            ["LocalRunner:Timers"] = "false",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }
        return settings;
    }
}
