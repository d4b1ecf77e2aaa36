using Governance.Core;
using Governance.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Functions;

/// <summary>The one registration both the Functions host (Program.cs) and the local runner use.</summary>
public static class FunctionsServices
{
    public static IServiceCollection AddGovernanceFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGovernance(configuration);
        services.AddSingleton<Api>();
        return services;
    }
}
