using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Governance.LocalRunner;

/// <summary>
/// Calls a function method the way the isolated worker would: a fresh instance of its class from
/// the DI container per invocation, the trigger and route values bound to its parameters.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly FunctionDescription _function;
    private readonly MethodInfo _method;

    public FunctionInvoker(FunctionDescription function)
    {
        _function = function;
        _method = function.ResolveMethod();
        foreach (var p in _method.GetParameters())
        {
            if (!CanBind(p))
            {
                throw new NotSupportedException($"{function.Name}: the local runner cannot bind parameter '{p.Name}' of type {p.ParameterType.Name}.");
            }
        }
    }

    public string Name => _function.Name;

    public async Task InvokeHttpAsync(HttpContext context)
    {
        context.Response.Headers["X-Local-Runner-Function"] = _function.Name;
        var args = _method.GetParameters().Select(p => BindHttp(p, context)).ToArray();
        var result = await InvokeAsync(context.RequestServices, args);
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
        var args = _method.GetParameters().Select(p =>
            p.ParameterType == typeof(TimerInfo) ? timer :
            p.ParameterType == typeof(CancellationToken) ? (object)ct :
            throw new NotSupportedException($"{_function.Name}: cannot bind '{p.Name}' for a timer.")).ToArray();
        await InvokeAsync(scope.ServiceProvider, args);
    }

    private async Task<object?> InvokeAsync(IServiceProvider services, object?[] args)
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

    private static bool CanBind(ParameterInfo p) =>
        p.ParameterType == typeof(HttpRequest) || p.ParameterType == typeof(HttpContext) ||
        p.ParameterType == typeof(CancellationToken) || p.ParameterType == typeof(TimerInfo) ||
        p.ParameterType == typeof(string) || p.ParameterType == typeof(int) || p.ParameterType == typeof(long);

    private static object? BindHttp(ParameterInfo p, HttpContext context)
    {
        if (p.ParameterType == typeof(HttpRequest)) return context.Request;
        if (p.ParameterType == typeof(HttpContext)) return context;
        if (p.ParameterType == typeof(CancellationToken)) return context.RequestAborted;
        var raw = context.GetRouteValue(p.Name!)?.ToString() ?? context.Request.Query[p.Name!].FirstOrDefault();
        if (p.ParameterType == typeof(string)) return raw;
        return raw is null ? Activator.CreateInstance(p.ParameterType) : Convert.ChangeType(raw, p.ParameterType, CultureInfo.InvariantCulture);
    }
}
