using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Functions;

/// <summary>
/// Application Insights for the worker, switched on only where the platform sets
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (Azure), so local runs and tests send nothing.
/// The worker package signs in with the identity named by <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// (the resource accepts no other ingestion).
/// </summary>
public static class Telemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private const string ApplicationInsightsLoggerProvider =
        "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public static IServiceCollection AddGovernanceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return services;
        }
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.AddSingleton<ITelemetryInitializer, RedactQueryStrings>();
        services.Configure<LoggerFilterOptions>(options =>
        {
            // The SDK adds a rule that keeps only warnings and above for its provider; the app's
            // information lines (job summaries) are wanted, sampling in host.json keeps the volume down.
            var warningsOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsLoggerProvider);
            if (warningsOnly is not null)
            {
                options.Rules.Remove(warningsOnly);
            }
            // HttpClient's own request lines name the URL; a robot webhook's URL carries its key.
            options.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        });
        return services;
    }

    /// <summary>
    /// Drops the query string from every recorded URL. A WeCom robot's webhook URL carries the
    /// robot's key in its query (<c>?key=…</c>), and a request's query can carry a unit's or a
    /// person's name; neither belongs in telemetry. The path and host are kept, so a failing
    /// dependency is still recognisable.
    /// </summary>
    public sealed class RedactQueryStrings : ITelemetryInitializer
    {
        public void Initialize(ITelemetry telemetry)
        {
            switch (telemetry)
            {
                case DependencyTelemetry dependency:
                    dependency.Data = WithoutQuery(dependency.Data);
                    dependency.Name = WithoutQuery(dependency.Name);
                    break;
                case RequestTelemetry request when request.Url is { } url && !string.IsNullOrEmpty(url.Query):
                    request.Url = new UriBuilder(url) { Query = "" }.Uri;
                    break;
            }
        }

        public static string? WithoutQuery(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text;
            }
            var query = text.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? text : text[..query];
        }
    }
}
