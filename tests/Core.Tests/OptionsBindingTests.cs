using Governance.Core.Configuration;
using Governance.Core.Periods;
using Governance.Core.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Core.Tests;

public sealed class OptionsBindingTests
{
    private static IServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddRuleAndScheduleOptions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Without_configuration_the_plans_defaults_apply()
    {
        var services = Services([]);

        var rules = services.GetRequiredService<IOptions<RuleThresholds>>().Value;
        Assert.Equal(["居民委员会", "基层政府"], rules.ModelCentreOwners);
        Assert.Equal(0.60m, rules.MinActivityShare);
        Assert.Equal([60, 30], services.GetRequiredService<IOptions<ScheduleOptions>>().Value.DeadlineWarningDays);
        Assert.Equal(new DateOnly(2023, 5, 19), services.GetRequiredService<IOptions<ProgrammeOptions>>().Value.StartDates[2023]);
    }

    [Fact]
    public void A_configured_list_replaces_the_default_and_dates_are_added()
    {
        var services = Services(new()
        {
            ["Rules:ModelCentreOwners:0"] = "基层政府",
            ["Rules:MinActivityShare"] = "0.5",
            ["Schedule:DeadlineWarningDays:0"] = "15",
            ["Schedule:ReportDueDay"] = "10",
            ["Programme:StartDates:2024"] = "2024-03-01",
        });

        var rules = services.GetRequiredService<IOptions<RuleThresholds>>().Value;
        Assert.Equal(["基层政府"], rules.ModelCentreOwners);
        Assert.Equal(0.5m, rules.MinActivityShare);
        var schedule = services.GetRequiredService<IOptions<ScheduleOptions>>().Value;
        Assert.Equal([15], schedule.DeadlineWarningDays);
        Assert.Equal(10, schedule.ReportDueDay);
        var programme = services.GetRequiredService<IOptions<ProgrammeOptions>>().Value;
        Assert.Equal(new DateOnly(2024, 3, 1), ProgrammeDates.DefaultStart(2024, programme));
        Assert.Equal(new DateOnly(2023, 5, 19), ProgrammeDates.DefaultStart(2023, programme));
    }
}
