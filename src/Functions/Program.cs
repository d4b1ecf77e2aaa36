using Governance.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddGovernanceFunctions(builder.Configuration);
// Only in Azure (APPLICATIONINSIGHTS_CONNECTION_STRING set); the local runner never calls it.
builder.Services.AddGovernanceTelemetry(builder.Configuration);
builder.Build().Run();
