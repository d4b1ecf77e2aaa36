using Governance.Core.Periods;
using Governance.Core.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Core.Configuration;

/// <summary>Registers the rule thresholds and calendar settings from configuration.</summary>
public static class OptionsBinding
{
    public static IServiceCollection AddRuleAndScheduleOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RuleThresholds>().Configure(o => configuration.GetSection(RuleThresholds.Section).BindReplacingLists(o));
        services.AddOptions<ScheduleOptions>().Configure(o => configuration.GetSection(ScheduleOptions.Section).BindReplacingLists(o));
        services.AddOptions<ProgrammeOptions>().Configure(o => configuration.GetSection(ProgrammeOptions.Section).BindReplacingLists(o));
        return services;
    }

    /// <summary>
    /// Binds like <c>ConfigurationBinder.Bind</c>, except that a list given in configuration
    /// replaces the default instead of being appended to it: the plain binder would turn a
    /// configured owner list of [基层政府] into [居民委员会, 基层政府, 基层政府], so an owner
    /// could never be removed. Dictionaries still merge, so one year's start date can be added.
    /// </summary>
    public static T BindReplacingLists<T>(this IConfiguration section, T target)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(target);
        var defaults = typeof(T).GetProperties()
            .Where(p => p.CanRead && p.CanWrite && IsList(p.PropertyType))
            .Select(p => (Property: p, Value: p.GetValue(target)))
            .ToArray();

        section.Bind(target);

        foreach (var (property, value) in defaults)
        {
            var child = section.GetSection(property.Name);
            property.SetValue(target, child.GetChildren().Any() ? child.Get(property.PropertyType) : value);
        }
        return target;
    }

    private static bool IsList(Type type) =>
        type.IsArray
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(List<>) || d == typeof(IReadOnlyList<>) || d == typeof(IList<>) || d == typeof(IEnumerable<>)
                || d == typeof(IReadOnlyCollection<>) || d == typeof(ICollection<>)));
}
