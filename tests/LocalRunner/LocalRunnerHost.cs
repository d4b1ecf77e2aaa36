using System.Text.Json;
using Governance.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.LocalRunner;

/// <summary>
/// Hosts the real function classes on ASP.NET Core when Azure Functions Core Tools is not
/// installed. Everything it serves comes from functions.metadata; it holds no routes of its own.
/// </summary>
public static class LocalRunnerHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplication Build(
        string[] args,
        IDictionary<string, string?>? settings = null,
        string? metadataPath = null,
        Action<IServiceCollection>? overrideServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (builder.Configuration["settings"] is { } settingsFile)
        {
            builder.Configuration.AddInMemoryCollection(ReadLocalSettings(settingsFile));
        }
        // Request-by-request framework logs drown the app's own; the Functions host is just as quiet.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        if (builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.AddGovernanceFunctions(builder.Configuration);
        overrideServices?.Invoke(builder.Services);

        var functions = FunctionMetadata.Load(metadataPath ?? FunctionMetadata.DefaultPath);
        var timers = functions.Where(f => f.TimerTrigger is not null).Select(f =>
        {
            var expression = ResolveSetting(f.TimerTrigger!.Schedule!, builder.Configuration);
            return new TimerScheduler.TimerFunction(new FunctionInvoker(f), CronSchedule.Parse(expression), expression);
        }).ToList();
        builder.Services.AddSingleton<IReadOnlyList<TimerScheduler.TimerFunction>>(timers);
        builder.Services.AddSingleton<TimerFirings>();
        if (builder.Configuration.GetValue("LocalRunner:Timers", true))
        {
            builder.Services.AddHostedService<TimerScheduler>();
        }

        var app = builder.Build();
        var prefix = RoutePrefix();
        foreach (var function in functions.Where(f => f.HttpTrigger is not null))
        {
            var trigger = function.HttpTrigger!;
            var invoker = new FunctionInvoker(function);
            var route = "/" + string.Join('/', new[] { prefix, trigger.Route ?? function.Name }.Where(s => !string.IsNullOrEmpty(s)));
            var methods = trigger.Methods.Count > 0 ? trigger.Methods : ["GET", "POST", "PUT", "DELETE", "PATCH"];
            app.MapMethods(route, methods, (RequestDelegate)invoker.InvokeHttpAsync).WithName(function.Name);
        }
        return app;
    }

    /// <summary>Timer schedules written as %Setting% are read from configuration, as the Functions host does.</summary>
    public static string ResolveSetting(string value, IConfiguration configuration) =>
        value.StartsWith('%') && value.EndsWith('%')
            ? configuration[value.Trim('%')] ?? throw new InvalidOperationException($"Setting {value.Trim('%')} is not configured.")
            : value;

    /// <summary>local.settings.json "Values" become configuration, "__" meaning a section separator.</summary>
    public static Dictionary<string, string?> ReadLocalSettings(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.ToString());
    }

    private static string RoutePrefix()
    {
        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        if (!File.Exists(hostJson))
        {
            return "api";
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(hostJson));
        return doc.RootElement.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("http", out var http) &&
               http.TryGetProperty("routePrefix", out var p)
            ? p.GetString() ?? "api"
            : "api";
    }
}
