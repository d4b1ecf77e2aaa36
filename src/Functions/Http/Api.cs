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
public sealed class Api(TokenService tokens, RequestForms forms, PageFiles pages, IOptions<RequestLimits> limits, ILogger<Api> log)
{
    /// <summary>
    /// A route that takes a token. The token comes from the <c>Authorization: Bearer</c> header, else
    /// (a POST of an HTML form, which cannot set headers) from the form field <c>access_token</c>
    /// before any file part; a token in the query string is refused. When the client prefers HTML (a
    /// browser after a form submit) the answer is a short Chinese page (<see cref="FormAnswer"/>).
    /// </summary>
    /// <param name="body">The route's body limit; every route without files gets the small one.</param>
    public Task<IActionResult> Authorized(HttpRequest req, Func<Caller, CancellationToken, Task<IActionResult>> handle, BodyKind body = BodyKind.Fields) =>
        Authorized(req, static _ => Task.CompletedTask, (caller, _, ct) => handle(caller, ct), body);

    /// <summary>
    /// <see cref="Authorized(HttpRequest, Func{Caller, CancellationToken, Task{IActionResult}}, BodyKind)"/> for a
    /// route whose first read does not depend on who calls (the report PUT's assignment): <paramref name="prefetch"/>
    /// starts before the token is checked, so both reads go to storage together. What it read reaches only
    /// <paramref name="handle"/>, after the token was accepted; a refused token answers as before.
    /// </summary>
    public async Task<IActionResult> Authorized<TTask>(HttpRequest req, Func<CancellationToken, TTask> prefetch, Func<Caller, TTask, CancellationToken, Task<IActionResult>> handle, BodyKind body = BodyKind.Fields)
        where TTask : Task
    {
        var result = await Anonymous(req, async ct =>
        {
            var prefetched = prefetch(ct);
            Caller caller;
            try
            {
                caller = await AuthenticateAsync(req, ct);
            }
            catch
            {
                // The refusal is the answer; whatever the prefetch met is dropped unseen (its fault read, so never reported unobserved).
                _ = (await Task.WhenAny(prefetched)).Exception;
                throw;
            }
            return await handle(caller, prefetched, ct);
        }, body);
        return result is ApiResponse answer && FormAnswer.Wanted(req) ? new FormAnswer(req, answer, pages.ContentSecurityPolicy) : result;
    }

    private async Task<Caller> AuthenticateAsync(HttpRequest req, CancellationToken ct)
    {
        if (req.Query.ContainsKey(RequestForms.AccessTokenField))
        {
            throw AccessProblems.TokenInQuery();
        }
        var header = req.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header) && HttpMethods.IsPost(req.Method) && req.HasFormContentType && forms.Read(req) is FormBody form)
        {
            // Only the fields before the first file part are read: a wrong token is refused before a
            // byte of any file is, and the route reads on from there (the same body object, see RequestForms).
            await form.ReadLeadingFieldsAsync(ct);
            return await tokens.AuthenticateTokenAsync(form.Edge.GetValueOrDefault(RequestForms.AccessTokenField), ct);
        }
        return await tokens.AuthenticateAsync(header, ct);
    }

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
        if (RequestForms.Existing(req) is { } opened)
        {
            // The token was read from this form's first fields: read on from there, the file streamed.
            while (await opened.NextFileAsync(ct) is { } part)
            {
                if (part.Name == "file")
                {
                    return (part.Content, opened.FileContentType);
                }
            }
            throw FileMissing();
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
        var file = form.Files.GetFile("file") ?? throw FileMissing();
        return (file.OpenReadStream(), file.ContentType);
    }

    private static ProblemException FileMissing() =>
        new(400, "file_missing", "缺少文件", "请在表单的 file 字段中上传文件。", new Dictionary<string, string[]> { ["file"] = ["请上传文件。"] });
}
