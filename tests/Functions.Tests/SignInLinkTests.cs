using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Governance.Functions.Tests;

/// <summary>Signing in without a password: the link (token in the fragment) and its QR code, and the bureau's list of tokens.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SignInLinkTests(AzuriteServer azurite)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static async Task<JsonElement> IssueAsync(TestApp app, object body) =>
        await app.JsonAsync(HttpMethod.Post, "tokens", JsonContent.Create(body), expect: 201);

    private static byte[] Png(JsonElement issued)
    {
        var qr = issued.GetProperty("qrCode").GetString()!;
        Assert.StartsWith("data:image/png;base64,", qr);
        return Convert.FromBase64String(qr["data:image/png;base64,".Length..]);
    }

    [Fact]
    public async Task An_issued_token_comes_with_a_sign_in_link_in_the_fragment_and_a_png_qr_code_of_it()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.Import2026Async();

        var unit = await IssueAsync(app, new { role = "unit", unit = "罕台镇" });
        var token = unit.GetProperty("token").GetString()!;
        var link = new Uri(unit.GetProperty("signInUrl").GetString()!);

        Assert.Equal(app.Client.BaseAddress!.GetLeftPart(UriPartial.Authority), link.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/api/app/sign-in.html", link.AbsolutePath);
        Assert.Equal("", link.Query);
        Assert.Equal("#token=" + token, link.Fragment);
        var png = Png(unit);
        Assert.Equal(PngSignature, png[..8]);
        Assert.True(png.Length > 200);

        // The link works as the page uses it: the token in the fragment acts as the unit.
        using var request = app.Request(HttpMethod.Get, "me", Uri.UnescapeDataString(link.Fragment["#token=".Length..]));
        using var me = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        var staff = await IssueAsync(app, new { role = "staff", name = "李明" });
        Assert.EndsWith("#token=" + staff.GetProperty("token").GetString(), staff.GetProperty("signInUrl").GetString());
        Assert.Equal(PngSignature, Png(staff)[..8]);
        Assert.NotEqual(Png(unit), Png(staff));
    }

    [Fact]
    public async Task The_public_address_setting_is_the_links_base()
    {
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Pages:PublicBaseUrl"] = "https://2121.dongsheng.example/" });
        var staff = await IssueAsync(app, new { role = "staff", name = "李明" });

        Assert.Equal("https://2121.dongsheng.example/api/app/sign-in.html#token=" + staff.GetProperty("token").GetString(),
            staff.GetProperty("signInUrl").GetString());
    }

    [Fact]
    public async Task Staff_list_issued_and_revoked_tokens_without_their_secrets()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.Import2026Async();
        var unit = await IssueAsync(app, new { role = "unit", unit = "罕台镇" });
        var staff = await IssueAsync(app, new { role = "staff", name = "李明" });
        await app.JsonAsync(HttpMethod.Delete, $"tokens/{unit.GetProperty("id").GetString()}", expect: 204);

        using var raw = await app.SendAsync(HttpMethod.Get, "tokens");
        var text = await raw.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.DoesNotContain(unit.GetProperty("token").GetString()!, text);
        Assert.DoesNotContain(staff.GetProperty("token").GetString()!, text);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);

        var items = (await app.ItemsAsync("tokens?limit=1")).EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        Assert.Equal(2, items.Count);
        var listedUnit = items[unit.GetProperty("id").GetString()!];
        Assert.Equal("unit", listedUnit.GetProperty("role").GetString());
        Assert.Equal("罕台镇", listedUnit.GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.String, listedUnit.GetProperty("revokedAt").ValueKind);
        Assert.Contains("初始管理令牌", listedUnit.GetProperty("issuedBy").GetString());
        var listedStaff = items[staff.GetProperty("id").GetString()!];
        Assert.Equal("李明", listedStaff.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, listedStaff.GetProperty("revokedAt").ValueKind);
        Assert.False(listedStaff.TryGetProperty("token", out _));

        // A unit may not read the list.
        using var refused = await app.SendAsync(HttpMethod.Get, "tokens", token: unit.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var clerk = await IssueAsync(app, new { role = "unit", unit = "罕台镇" });
        using var forbidden = await app.SendAsync(HttpMethod.Get, "tokens", token: clerk.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
