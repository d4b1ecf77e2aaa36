using Governance.Core;
using Governance.Core.Evidence;
using Governance.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Functions;

/// <summary>The one registration both the Functions host (Program.cs) and the local runner use.</summary>
public static class FunctionsServices
{
    public static IServiceCollection AddGovernanceFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGovernance(configuration);
        services.AddSingleton<Api>();
        services.AddSingleton<RequestForms>();
        services.AddSingleton<PageFiles>();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<KnownRoutes>();
        services.AddOptions<PublicPagesOptions>().Bind(configuration.GetSection(PublicPagesOptions.Section));
        services.AddOptions<RequestLimits>().Bind(configuration.GetSection(RequestLimits.Section));
        // Evidence files are streamed, not buffered, so the body limit can follow the file limit
        // (plus room for the multipart framing) instead of Kestrel's 30 MB default.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<EvidenceOptions>>((kestrel, evidence) =>
            kestrel.Limits.MaxRequestBodySize = evidence.Value.MaxRequestBytes);
        return services;
    }
}
