using System.Reflection;
using Governance.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions.Http;

/// <summary>
/// The app's HTTP routes, read by reflection from the [HttpTrigger] attributes of this assembly
/// (never a list kept by hand), so that a request no function took is answered in words: 405
/// <c>method_not_allowed</c> with <c>Allow</c> when its path is a route for other methods, else 404
/// <c>route_not_found</c>. A trigger that names no methods takes them all and is not listed.
/// </summary>
public sealed class KnownRoutes
{
    private readonly IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)> routes;

    public KnownRoutes()
    {
        routes = typeof(KnownRoutes).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null))
            .Where(t => t is { Methods.Length: > 0, Route: not null })
            .GroupBy(t => t!.Route!.Trim('/'), StringComparer.OrdinalIgnoreCase)
            .Select(g => (new TemplateMatcher(TemplateParser.Parse(g.Key), new RouteValueDictionary()),
                (IReadOnlyList<string>)g.SelectMany(t => t!.Methods!).Select(m => m.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>The methods the routes matching <paramref name="path"/> (below the route prefix) take; empty when none match.</summary>
    public IReadOnlyList<string> MethodsOf(string? path)
    {
        var target = new PathString("/" + (path ?? "").Trim('/'));
        return routes.Where(r => r.Matcher.TryMatch(target, new RouteValueDictionary()))
            .SelectMany(r => r.Methods).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Why no function took <paramref name="method"/> <paramref name="path"/>: 405 with Allow, or 404.</summary>
    public ProblemException Refusal(string method, string? path)
    {
        var allowed = MethodsOf(path);
        if (allowed.Count == 0)
        {
            return new ProblemException(404, "route_not_found", RouteTexts.NotFoundTitle, RouteTexts.NotFoundDetail(path ?? ""));
        }
        var refusal = new ProblemException(405, "method_not_allowed", RouteTexts.MethodTitle, RouteTexts.MethodDetail(method, allowed));
        refusal.Headers["Allow"] = string.Join(", ", allowed);
        return refusal;
    }
}

/// <summary>The Chinese words of a request no route takes.</summary>
public static class RouteTexts
{
    public const string NotFoundTitle = "接口地址不存在";
    public const string MethodTitle = "不支持此请求方法";

    public static string NotFoundDetail(string path) =>
        $"没有“/api/{FieldErrors.Echo(path.TrimStart('/'))}”这个接口地址，请对照 /api/openapi.yaml 检查地址；页面请从 /api/app/ 进入。";

    public static string MethodDetail(string method, IReadOnlyList<string> allowed) =>
        $"此地址不接受 {FieldErrors.Echo(method)} 请求，可用的方法：{string.Join("、", allowed)}。";
}
