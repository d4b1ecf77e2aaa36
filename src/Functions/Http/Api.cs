using System.Text.Json;
using Governance.Core;
using Governance.Core.Auth;
using Governance.Core.Input;
using Governance.Core.Problems;
using Governance.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Functions.Http;

/// <summary>
/// What every HTTP function shares: authenticate the bearer token, turn refusals into
/// problem+json, storage outages into 503 with Retry-After, and anything else into a 500 that
/// carries no stack trace.
/// </summary>
public sealed class Api(TokenService tokens, IOptions<RequestLimits> limits, ILogger<Api> log)
{
    /// <param name="body">The route's body limit; every route without files gets the small one.</param>
    public Task<IActionResult> Authorized(HttpRequest req, Func<Caller, CancellationToken, Task<IActionResult>> handle, BodyKind body = BodyKind.Fields) =>
        Anonymous(req, async ct =>
        {
            var caller = await tokens.AuthenticateAsync(req.Headers.Authorization.ToString(), ct);
            return await handle(caller, ct);
        }, body);

    public async Task<IActionResult> Anonymous(HttpRequest req, Func<CancellationToken, Task<IActionResult>> handle, BodyKind body = BodyKind.Fields)
    {
        var ct = req.HttpContext.RequestAborted;
        try
        {
            Bound(req, body);
            return await handle(ct);
        }
        catch (ProblemException p)
        {
            return ApiResponse.Problem(p);
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e))
        {
            log.LogWarning(e, "Storage unavailable for {Method} {Path}", req.Method, req.Path);
            var p = new ProblemException(503, "storage_unavailable", "存储服务暂时不可用", "数据存储暂时无法访问，未做任何更改，请稍后重试。");
            p.Headers["Retry-After"] = "30";
            return ApiResponse.Problem(p);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiResponse.Problem(new ProblemException(413, "request_too_large", "上传内容过大", "请求内容超过了允许的大小，未做任何更改。"));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new ApiResponse(499, null);
        }
        catch (Exception e)
        {
            log.LogError(e, "Unhandled error for {Method} {Path}", req.Method, req.Path);
            return ApiResponse.Problem(new ProblemException(500, "internal_error", "服务器内部错误", "处理请求时发生意外错误，已记录，请稍后重试或联系区民政局。"));
        }
    }

    /// <summary>Makes the body refuse to be read past the route's limit (see <see cref="BoundedBody"/>).</summary>
    private void Bound(HttpRequest req, BodyKind body)
    {
        var limit = body switch
        {
            BodyKind.Fields => limits.Value.MaxBodyBytes,
            BodyKind.Import => RequestLimits.MaxImportBytes,
            // Evidence is streamed to storage; the web server's limit (FunctionsServices) and the
            // per-file limit bound it.
            _ => (long?)null,
        };
        if (limit is { } max)
        {
            req.Body = new BoundedBody(req.Body, max, req.ContentLength);
        }
    }

    /// <summary>
    /// A file sent either as the body with its own content type, or as the <c>file</c> part of a
    /// multipart form (what a browser form posts).
    /// </summary>
    public static async Task<(Stream Content, string? ContentType)> ReadFileAsync(HttpRequest req, CancellationToken ct)
    {
        if (!req.HasFormContentType)
        {
            return (req.Body, req.ContentType);
        }
        IFormCollection form;
        try
        {
            form = await req.ReadFormAsync(new FormOptions { ValueCountLimit = BodyProblems.MaxFormFields }, ct);
        }
        catch (InvalidDataException)
        {
            // ASP.NET's form reader says "too many fields", "field too long" and "broken body" all this way.
            throw BodyProblems.InvalidForm();
        }
        var file = form.Files.GetFile("file") ?? throw new ProblemException(400, "file_missing", "缺少文件", "请在表单的 file 字段中上传文件。",
            new Dictionary<string, string[]> { ["file"] = ["请上传文件。"] });
        return (file.OpenReadStream(), file.ContentType);
    }
}
