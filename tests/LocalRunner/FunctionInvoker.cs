using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Governance.LocalRunner;

/// <summary>
/// Calls a function method the way the isolated worker would: a fresh instance of its class from
/// the DI container per invocation, the trigger and route values bound to its parameters, cut off
/// after host.json's functionTimeout.
/// </summary>
/// <remarks>
/// The host's binding data for an HTTP trigger is the route values over the query string over a
/// JSON body's top-level properties, so the worker fills a parameter that is not a route parameter
/// from whatever the caller sends. The runner refuses such a parameter (and an optional route
/// parameter, which falls back the same way when absent) at start-up instead of imitating that:
/// code that relied on it would take a field from wherever a caller put it.
/// </remarks>
public sealed class FunctionInvoker
{
    private readonly FunctionDescription _function;
    private readonly MethodInfo _method;
    private readonly TimeSpan? _timeout;

    /// <param name="timeout">host.json's functionTimeout; null runs without a limit.</param>
    public FunctionInvoker(FunctionDescription function, TimeSpan? timeout = null)
    {
        _function = function;
        _timeout = timeout;
        _method = function.ResolveMethod();
        var route = function.HttpTrigger is { } http ? RoutePatternFactory.Parse(http.Route ?? function.Name) : null;
        foreach (var p in _method.GetParameters())
        {
            CheckBindable(p, route);
        }
    }

    public string Name => _function.Name;

    public async Task InvokeHttpAsync(HttpContext context)
    {
        context.Response.Headers["X-Local-Runner-Function"] = _function.Name;
        object? result;
        try
        {
            result = await InvokeAsync(context.RequestServices, ct => _method.GetParameters().Select(p => BindHttp(p, context, ct)).ToArray(), context.RequestAborted);
        }
        catch (FunctionTimeoutException e) when (!context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<FunctionInvoker>().LogError("{Message}", e.Message);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                throw new NotSupportedException($"{_function.Name}: return type {result.GetType().Name} is not handled by the local runner.");
        }
    }

    public async Task InvokeTimerAsync(IServiceProvider services, TimerInfo timer, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await InvokeAsync(scope.ServiceProvider, token => _method.GetParameters().Select(p =>
            p.ParameterType == typeof(TimerInfo) ? timer : (object)token).ToArray(), ct);
    }

    /// <summary>Runs the method; past the timeout its token is cancelled and the invocation fails, as the host fails it.</summary>
    private async Task<object?> InvokeAsync(IServiceProvider services, Func<CancellationToken, object?[]> bind, CancellationToken ct)
    {
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (_timeout is not { } limit)
        {
            return await CallAsync(services, bind(invocation.Token));
        }
        using var stopTimer = new CancellationTokenSource();
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        // Armed before the call starts, so the limit counts from the invocation's start.
        var timer = Task.Delay(limit, clock, stopTimer.Token);
        var call = CallAsync(services, bind(invocation.Token));
        if (await Task.WhenAny(call, timer) == call)
        {
            await stopTimer.CancelAsync();
            return await call;
        }
        await invocation.CancelAsync();
        // Whatever the abandoned call ends with is nobody's to handle any more.
        _ = call.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        throw new FunctionTimeoutException($"Timeout value of {limit:c} exceeded by function '{_function.Name}' (host.json functionTimeout).");
    }

    private async Task<object?> CallAsync(IServiceProvider services, object?[] args)
    {
        var target = _method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, _method.DeclaringType!);
        try
        {
            var returned = _method.Invoke(target, args);
            if (returned is Task task)
            {
                await task;
                var resultProperty = task.GetType().GetProperty("Result");
                return resultProperty?.PropertyType.Name == "VoidTaskResult" ? null : resultProperty?.GetValue(task);
            }
            return returned;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    private void CheckBindable(ParameterInfo p, RoutePattern? route)
    {
        var type = p.ParameterType;
        if (type == typeof(CancellationToken) ||
            (route is null ? type == typeof(TimerInfo) : type == typeof(HttpRequest) || type == typeof(HttpContext)))
        {
            return;
        }
        if (route is null)
        {
            throw new NotSupportedException($"{_function.Name}: the local runner cannot bind parameter '{p.Name}' of type {type.Name} for a timer.");
        }
        if (type != typeof(string) && type != typeof(int) && type != typeof(long))
        {
            throw new NotSupportedException($"{_function.Name}: the local runner cannot bind parameter '{p.Name}' of type {type.Name}.");
        }
        var routeParameter = route.Parameters.FirstOrDefault(r => string.Equals(r.Name, p.Name, StringComparison.OrdinalIgnoreCase));
        if (routeParameter is null)
        {
            throw new NotSupportedException(
                $"{_function.Name}: parameter '{p.Name}' is not a parameter of route '{route.RawText}'. The Functions host would fill it from " +
                "the query string or a JSON body property of that name; read it from the request instead.");
        }
        if (routeParameter.IsOptional && routeParameter.Default is null)
        {
            throw new NotSupportedException(
                $"{_function.Name}: route parameter '{p.Name}' is optional in '{route.RawText}'. When it is absent the Functions host fills it " +
                "from the query string or a JSON body property of that name; make it required or read the query instead.");
        }
    }

    private static object? BindHttp(ParameterInfo p, HttpContext context, CancellationToken ct)
    {
        if (p.ParameterType == typeof(HttpRequest)) return context.Request;
        if (p.ParameterType == typeof(HttpContext)) return context;
        if (p.ParameterType == typeof(CancellationToken)) return ct;
        // Only the route: the constructor accepted nothing else.
        var raw = context.GetRouteValue(p.Name!)?.ToString();
        if (p.ParameterType == typeof(string)) return raw;
        return raw is null ? Activator.CreateInstance(p.ParameterType) : Convert.ChangeType(raw, p.ParameterType, CultureInfo.InvariantCulture);
    }
}

/// <summary>An invocation that ran past host.json's functionTimeout.</summary>
public sealed class FunctionTimeoutException(string message) : Exception(message);
