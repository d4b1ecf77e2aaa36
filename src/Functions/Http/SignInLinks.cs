using System.Text.Json.Serialization;
using Governance.Core.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Governance.Functions.Http;

/// <summary>Where the pages are reached from outside (setting <c>Pages:PublicBaseUrl</c>, e.g. https://2121.dongsheng.gov.cn).</summary>
public sealed class PublicPagesOptions
{
    public const string Section = "Pages";

    /// <summary>scheme://host[:port] the pages are opened at; empty means the address the request came to.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// The sign-in link (登录链接) a newly issued token comes with, and its QR code for a phone to scan:
/// <c>&lt;base&gt;/api/app/sign-in.html#token=…</c>. The token rides in the fragment, which a browser
/// never sends to a server, so it appears in no request line and no server log. Neither is logged here.
/// </summary>
public sealed class SignInLinks(IOptions<PublicPagesOptions> options)
{
    public const string SignInPage = "/api/app/sign-in.html";

    /// <summary>The answer to POST /tokens: the issued token plus its link and QR code (PNG data URL).</summary>
    public sealed record IssuedWithLink(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("unit")] string? Unit,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("signInUrl")] string SignInUrl,
        [property: JsonPropertyName("qrCode")] string QrCode);

    public IssuedWithLink For(HttpRequest req, TokenService.IssuedToken issued)
    {
        var url = $"{PublicBase(req)}{SignInPage}#token={Uri.EscapeDataString(issued.Token)}";
        return new IssuedWithLink(issued.Id, issued.Token, issued.Role, issued.Unit, issued.Name, url, QrDataUrl(url));
    }

    /// <summary>A PNG of <paramref name="text"/> as a QR code (error correction M, 8 pixels a module, quiet zone kept).</summary>
    public static string QrDataUrl(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>The configured public address when it is an absolute http(s) address, else the request's own scheme://host.</summary>
    private string PublicBase(HttpRequest req)
    {
        if (Uri.TryCreate(options.Value.PublicBaseUrl?.Trim(), UriKind.Absolute, out var configured) && configured.Scheme is "http" or "https")
        {
            return configured.GetLeftPart(UriPartial.Authority);
        }
        return $"{req.Scheme}://{req.Host.Value}";
    }
}
