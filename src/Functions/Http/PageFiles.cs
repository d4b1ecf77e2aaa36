using System.Collections.Frozen;
using Azure.Storage.Blobs;
using Governance.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Functions.Http;

/// <summary>
/// The pages people use (the clerk's form, the bureau's workbench): files under src/Functions/Pages,
/// embedded in this assembly so a deployment serves the pages it was built with, from its own origin.
/// Every answer carries a strict Content-Security-Policy (no inline script, no other origin except
/// the evidence store for thumbnails), nosniff and no referrer.
/// </summary>
public sealed class PageFiles
{
    private const string Prefix = "Governance.Functions.Pages.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
        [".webmanifest"] = "application/manifest+json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, byte[]> files;

    public PageFiles(BlobServiceClient blobs)
    {
        var assembly = typeof(PageFiles).Assembly;
        files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            }, StringComparer.Ordinal);
        // Thumbnails are time-limited links straight to the evidence store, so its origin is the one
        // other place an image may come from.
        var store = blobs.Uri;
        ContentSecurityPolicy = string.Join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            $"img-src 'self' data: blob: {store.Scheme}://{store.Authority}",
            "connect-src 'self'",
            "font-src 'self'",
            "manifest-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'");
    }

    public string ContentSecurityPolicy { get; }

    /// <summary>The page at <paramref name="path"/> under /app/ ("" and folders mean index.html), or 404.</summary>
    public IActionResult Serve(string? path)
    {
        var relative = string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? "") + "index.html" : path;
        // Resource names use '.' for folders; anything that tries to climb out is simply not a page.
        if (relative.Contains("..", StringComparison.Ordinal) || relative.Contains('\\'))
        {
            return NotFound();
        }
        var key = relative.Replace('/', '.');
        if (!files.TryGetValue(key, out var bytes) || !ContentTypes.TryGetValue(Path.GetExtension(relative), out var type))
        {
            return NotFound();
        }
        return new PageResult(bytes, type, ContentSecurityPolicy);
    }

    private static IActionResult NotFound() =>
        ApiResponse.Problem(new ProblemException(404, "page_not_found", "页面不存在", "没有这个页面，请从 /api/app/ 进入。"));

    private sealed class PageResult(byte[] bytes, string contentType, string policy, int status = StatusCodes.Status200OK) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength = bytes.Length;
            SecurityHeaders.Apply(response, policy);
            // Pages change with each deployment; a browser asks again rather than showing last week's form.
            response.Headers.CacheControl = "no-cache";
            await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
        }
    }
}

/// <summary>Headers every page and every HTML answer carries.</summary>
public static class SecurityHeaders
{
    public static void Apply(HttpResponse response, string contentSecurityPolicy)
    {
        response.Headers["Content-Security-Policy"] = contentSecurityPolicy;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Frame-Options"] = "DENY";
    }
}
