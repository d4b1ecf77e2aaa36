using Microsoft.Playwright;

namespace Governance.Browser.Tests;

/// <summary>
/// Signing in by the link staff hand out (the token in the URL fragment): the device keeps the
/// token, the address bar loses it, the role's page opens; a revoked token signs the device out
/// with a Chinese explanation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const string Expired = "登录已失效或已被撤销";

    private BrowserApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await BrowserApp.StartAsync(fixture);
        await _app.Import2026Async();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("unit", "clerk.html")]
    [InlineData("staff", "workbench.html")]
    public async Task The_sign_in_link_stores_the_token_clears_the_fragment_and_opens_the_roles_page(string role, string rolePage)
    {
        var issued = await _app.IssueTokenAsync(role, role == "unit" ? "罕台镇" : null);
        await using var context = await fixture.NewContextAsync(role == "unit" ? Viewports.Phone : Viewports.Desktop);
        var watch = await PageWatch.AttachAsync(context);
        var page = await context.NewPageAsync();
        var landed = new List<IResponse>();
        page.Response += (_, r) =>
        {
            if (r.Url.EndsWith("/" + rolePage, StringComparison.Ordinal))
            {
                landed.Add(r);
            }
        };

        await _app.SignInAsync(page, issued.Token);

        Assert.Equal(_app.Page(rolePage), page.Url);
        Assert.DoesNotContain("#token", page.Url);
        Assert.DoesNotContain(issued.Token, page.Url);
        Assert.Equal(issued.Token, await StoredTokenAsync(page));
        Assert.Equal(200, Assert.Single(landed).Status);
        watch.AssertNoCspViolation();
    }

    [Fact]
    public async Task A_signed_in_device_opening_the_start_page_goes_straight_to_the_clerks_page()
    {
        var issued = await _app.IssueUnitTokenAsync("罕台镇");
        await using var context = await fixture.NewContextAsync(Viewports.Phone);
        await _app.SignInAsync(await context.NewPageAsync(), issued.Token);

        // A new tab later on (same device storage, no session yet) asks /me and moves on.
        var later = await context.NewPageAsync();
        await PageTools.NavigateAsync(() => later.GotoAsync(_app.PagesUrl, PageTools.ScriptMovesOn));
        await Assertions.Expect(later).ToHaveURLAsync(_app.Page("clerk.html"));
    }

    [Fact]
    public async Task After_the_token_is_revoked_the_device_is_signed_out_and_told_in_chinese()
    {
        var issued = await _app.IssueUnitTokenAsync("罕台镇");
        await using var context = await fixture.NewContextAsync(Viewports.Phone);
        var watch = await PageWatch.AttachAsync(context);
        var page = await context.NewPageAsync();
        await _app.SignInAsync(page, issued.Token);

        await _app.RevokeTokenAsync(issued.Id);
        // The clerk's page, reloaded, meets the 401 and signs the device out.
        await PageTools.NavigateAsync(() => page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit }));
        await Assertions.Expect(page).ToHaveURLAsync(_app.PagesUrl);

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(Expired);
        Assert.Equal(_app.PagesUrl, page.Url);
        Assert.Null(await StoredTokenAsync(page));
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        watch.AssertNoCspViolation();
    }

    [Fact]
    public async Task A_link_with_an_unknown_token_stores_nothing_and_sends_the_device_to_the_start_page_saying_so()
    {
        await using var context = await fixture.NewContextAsync(Viewports.Phone);
        var page = await context.NewPageAsync();

        await PageTools.NavigateAsync(() => page.GotoAsync(_app.Page("sign-in.html#token=not-a-token-anyone-issued"), PageTools.ScriptMovesOn));

        await Assertions.Expect(page).ToHaveURLAsync(_app.PagesUrl);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(Expired);
        Assert.Null(await StoredTokenAsync(page));
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
    }

    private static Task<string?> StoredTokenAsync(IPage page) =>
        page.EvaluateAsync<string?>("() => localStorage.getItem('governance.token')");
}
