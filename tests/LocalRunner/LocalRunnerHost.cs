using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.LocalRunner;

/// <summary>
/// Hosts the real function classes on ASP.NET Core when Azure Functions Core Tools is not
/// installed. Everything it serves comes from functions.metadata and host.json; it holds no routes
/// of its own. docs/runner.md lists where it still differs from the Functions host.
/// </summary>
public static partial class LocalRunnerHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Settings holding the keys a Function- or Admin-level HTTP trigger asks for.</summary>
    public const string MasterKeySetting = "LocalRunner:MasterKey", FunctionKeySetting = "LocalRunner:FunctionKey";

    public static WebApplication Build(
        string[] args,
        IDictionary<string, string?>? settings = null,
        string? metadataPath = null,
        Action<IServiceCollection>? overrideServices = null,
        string? hostJsonPath = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // The app settings proper: what Azure would hold as the function app's settings. The shell's
        // own environment is configuration too, but not a setting the cloud host would have.
        var appSettings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (builder.Configuration["settings"] is { } settingsFile)
        {
            foreach (var (k, v) in ReadLocalSettings(settingsFile))
            {
                appSettings[k] = v;
            }
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            appSettings[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(appSettings);
        // Request-by-request framework logs drown the app's own; the Functions host is just as quiet.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.AddGovernanceFunctions(builder.Configuration);
        overrideServices?.Invoke(builder.Services);

        var host = HostJson.Load(hostJsonPath ?? HostJson.DefaultPath);
        var functions = FunctionMetadata.Load(metadataPath ?? FunctionMetadata.DefaultPath);
        var zone = TimerTimeZone(appSettings);
        var timers = functions.Where(f => f.TimerTrigger is not null).Select(f =>
        {
            var expression = ResolveSetting(f.TimerTrigger!.Schedule!, builder.Configuration);
            return new TimerScheduler.TimerFunction(new FunctionInvoker(f, host.FunctionTimeout), CronSchedule.Parse(expression, zone), expression);
        }).ToList();
        builder.Services.AddSingleton<IReadOnlyList<TimerScheduler.TimerFunction>>(timers);
        builder.Services.AddSingleton<TimerFirings>();
        if (builder.Configuration.GetValue("LocalRunner:Timers", true))
        {
            builder.Services.AddHostedService<TimerScheduler>();
        }

        var http = functions.Where(f => f.HttpTrigger is not null)
            .Select(f => new HttpFunction(f, new FunctionInvoker(f, host.FunctionTimeout), AuthLevelOf(f)))
            .ToList();
        var keys = FunctionKeys.From(builder.Configuration, http);

        var app = builder.Build();
        // One endpoint per function, with its methods, so routing picks as the host does: a path
        // whose routes do not take this method falls through to a route that does (the app's
        // catch-all answers 405/404 itself), else to the fallback below.
        foreach (var function in http)
        {
            var route = "/" + string.Join('/', new[] { host.RoutePrefix, function.Function.HttpTrigger!.Route ?? function.Function.Name }.Where(s => !string.IsNullOrEmpty(s)));
            var handler = (RequestDelegate)(context => ServeAsync(context, function, keys));
            if (function.Methods.Count == 0)
            {
                app.Map(route, handler);
            }
            else
            {
                app.MapMethods(route, function.Methods, handler);
            }
        }
        // What no function takes: the host's router answers 404 with an empty body (never ASP.NET's 405).
        app.MapFallback("{*path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    private static async Task ServeAsync(HttpContext context, HttpFunction target, FunctionKeys keys)
    {
        if (!keys.Admits(context.Request, target.AuthLevel))
        {
            // The host's refusal: 401 with an empty body.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await target.Invoker.InvokeHttpAsync(context);
    }

    /// <summary>
    /// Every %Setting% in a timer schedule replaced by its value, wherever it stands, as the host's
    /// name resolver does; a setting that is missing stops the start with its name.
    /// </summary>
    public static string ResolveSetting(string value, IConfiguration configuration) =>
        SettingReference().Replace(value, m =>
        {
            var name = m.Groups[1].Value;
            return configuration[name.Replace("__", ":", StringComparison.Ordinal)]
                   ?? throw new InvalidOperationException($"Setting {name} is not configured, but the timer schedule '{value}' uses it.");
        });

    /// <summary>local.settings.json "Values" become configuration, "__" meaning a section separator.</summary>
    public static Dictionary<string, string?> ReadLocalSettings(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.ToString());
    }

    /// <summary>
    /// The zone timer schedules are read in: the host process's local zone, which Azure sets from
    /// WEBSITE_TIME_ZONE (or TZ on Linux) and otherwise leaves at UTC.
    /// </summary>
    public static TimeZoneInfo TimerTimeZone(IReadOnlyDictionary<string, string?> appSettings)
    {
        foreach (var name in new[] { "WEBSITE_TIME_ZONE", "TZ" })
        {
            if (appSettings.TryGetValue(name, out var id) && !string.IsNullOrWhiteSpace(id))
            {
                try
                {
                    return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
                }
                catch (TimeZoneNotFoundException)
                {
                    throw new InvalidOperationException($"Setting {name} names time zone '{id}', which this machine does not know.");
                }
            }
        }
        return TimeZoneInfo.Utc;
    }

    /// <summary>The trigger's level; the SDK always writes one, and Function is the attribute's default.</summary>
    private static string AuthLevelOf(FunctionDescription function) => function.HttpTrigger!.AuthLevel ?? "Function";

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();

    private sealed record HttpFunction(FunctionDescription Function, FunctionInvoker Invoker, string AuthLevel)
    {
        public IReadOnlyList<string> Methods => Function.HttpTrigger!.Methods;
    }

    /// <summary>
    /// The keys Function- and Admin-level triggers ask for, taken as the host takes them: the
    /// x-functions-key header, else the code query parameter.
    /// </summary>
    private sealed class FunctionKeys(string? master, string? function)
    {
        public static FunctionKeys From(IConfiguration configuration, IReadOnlyList<HttpFunction> functions)
        {
            var master = NullIfEmpty(configuration[MasterKeySetting]);
            var function = NullIfEmpty(configuration[FunctionKeySetting]);
            foreach (var f in functions)
            {
                switch (f.AuthLevel)
                {
                    case "Anonymous":
                        break;
                    case "Function" when master is null && function is null:
                        throw new InvalidOperationException($"{f.Function.Name} is a Function-level HTTP trigger: set {FunctionKeySetting} (or {MasterKeySetting}) to the key callers send.");
                    case "Admin" or "System" when master is null:
                        throw new InvalidOperationException($"{f.Function.Name} is an {f.AuthLevel}-level HTTP trigger: set {MasterKeySetting} to the key callers send.");
                    case "Function" or "Admin" or "System":
                        break;
                    default:
                        throw new NotSupportedException($"{f.Function.Name}: authorization level '{f.AuthLevel}' is not one the local runner knows.");
                }
            }
            return new FunctionKeys(master, function);
        }

        public bool Admits(HttpRequest request, string level)
        {
            if (level == "Anonymous")
            {
                return true;
            }
            var given = request.Headers["x-functions-key"].FirstOrDefault() is { Length: > 0 } header ? header : request.Query["code"].FirstOrDefault();
            if (string.IsNullOrEmpty(given))
            {
                return false;
            }
            return Same(given, master) || (level == "Function" && Same(given, function));
        }

        private static bool Same(string given, string? key) =>
            key is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
