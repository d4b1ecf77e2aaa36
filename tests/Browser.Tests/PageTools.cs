using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Governance.Browser.Tests;

/// <summary>The helpers every page test uses: sign in by link, run axe, keep a screenshot.</summary>
public static class PageTools
{
    /// <summary>Set to 1 to write screenshots into docs/screenshots/ (the committed ones); otherwise they go to the test output folder.</summary>
    public const string UpdateScreenshotsVariable = "UPDATE_SCREENSHOTS";

    /// <summary>Any address but the sign-in page's.</summary>
    private static readonly System.Text.RegularExpressions.Regex SignedInAddress = new("^(?!.*/sign-in\\.html)");

    /// <summary>
    /// Opens the sign-in link (<c>/api/app/sign-in.html#token=…</c>) the way a clerk's phone does
    /// after scanning the QR code, and waits until the page has moved on from it (to the role's
    /// page). Fails with what the page says when it stays on the sign-in page.
    /// </summary>
    /// <summary>For pages whose script navigates away by itself (sign-in, the start page when signed in).</summary>
    public static readonly PageGotoOptions ScriptMovesOn = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>
    /// Starts a navigation that the page's own script may overtake (a sign-in moving on, a signed-out
    /// device sent to the start page): the browser then aborts the first one, which is what a person
    /// sees too. The caller asserts where the page ends up.
    /// </summary>
    public static async Task NavigateAsync(Func<Task> navigation)
    {
        try
        {
            await navigation();
        }
        catch (PlaywrightException e) when (e.Message.Contains("net::ERR_ABORTED", StringComparison.Ordinal)
                                            || e.Message.Contains("interrupted by another navigation", StringComparison.Ordinal))
        {
            // Overtaken by the page's own navigation; where it went is asserted next.
        }
    }

    public static async Task SignInAsync(this BrowserApp app, IPage page, string token)
    {
        // Only until the address commits: the page's script moves on by itself, often before "load",
        // and a navigation waiting for that load is then aborted by the script's own.
        await NavigateAsync(() => page.GotoAsync(app.Page("sign-in.html#token=" + Uri.EscapeDataString(token)), ScriptMovesOn));
        try
        {
            // Polled, not awaited as a navigation: the sign-in page rewrites its address and then
            // replaces itself, and a wait for a navigation that started before it could be missed.
            await Assertions.Expect(page).ToHaveURLAsync(SignedInAddress, new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        }
        catch (PlaywrightException)
        {
            var said = await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            Assert.Fail($"Signing in by link did not leave {page.Url} within 30 s; the page says: {said}");
        }
    }

    /// <summary>
    /// Runs axe-core in the page as it is now and fails on any violation of impact serious or
    /// critical, naming each rule, its impact and the elements (CSS targets). Moderate and minor
    /// findings are written to <paramref name="output"/> when given. Returns the full result.
    /// </summary>
    public static async Task<AxeResult> AxeAsync(IPage page, ITestOutputHelper? output = null)
    {
        // axe runs as script in the page; a context with JavaScript off never answers (use AxeCopyAsync there).
        var result = await page.RunAxe().WaitAsync(TimeSpan.FromSeconds(60));
        var lines = new StringBuilder();
        var blocking = 0;
        foreach (var violation in result.Violations ?? [])
        {
            var serious = violation.Impact is "serious" or "critical";
            blocking += serious ? 1 : 0;
            var targets = string.Join(", ", (violation.Nodes ?? []).Select(n => n.Target?.ToString()));
            lines.AppendLine($"{violation.Id} ({violation.Impact}): {violation.Help} — {targets}");
        }
        output?.WriteLine($"axe {page.Url}: {result.Violations?.Length ?? 0} violation(s), {blocking} serious or critical; {result.Passes?.Length ?? 0} rules passed{(lines.Length > 0 ? ":\n" + lines : "")}");
        Assert.True(blocking == 0, $"axe found serious or critical violations on {page.Url}:\n{lines}");
        return result;
    }

    /// <summary>
    /// axe for a page seen in a script-free browser (JavaScript off, where axe cannot run): the same
    /// answer — body and headers as received, so the same CSP — served again at the same URL in a
    /// context with JavaScript on, its stylesheets loaded from the app, then checked as
    /// <see cref="AxeAsync"/> does.
    /// </summary>
    public static async Task<AxeResult> AxeCopyAsync(BrowserFixture fixture, IResponse answer, ViewportSize viewport, ITestOutputHelper? output = null)
    {
        var body = await answer.BodyAsync();
        var headers = await answer.AllHeadersAsync();
        await using var context = await fixture.NewContextAsync(viewport);
        var page = await context.NewPageAsync();
        await page.RouteAsync(answer.Url, route => route.FulfillAsync(new RouteFulfillOptions { Status = answer.Status, Headers = headers, BodyBytes = body }));
        await page.GotoAsync(answer.Url);
        return await AxeAsync(page, output);
    }

    /// <summary>
    /// A full-page PNG named <paramref name="name"/>: into docs/screenshots/ when
    /// UPDATE_SCREENSHOTS=1, else into the test output folder (screenshots/), so a plain test run
    /// never changes the tree. Returns the path written.
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable(UpdateScreenshotsVariable) == "1"
            ? Path.Combine(RepoRoot.Path, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = path,
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
        });
        return path;
    }
}

/// <summary>
/// Watches every page of a browser context for what a user would notice as broken: Content
/// Security Policy violations (reported by the page's <c>securitypolicyviolation</c> event and by
/// the console), uncaught script errors and console errors. Attach before opening pages.
/// </summary>
public sealed class PageWatch
{
    private readonly List<string> _csp = [];
    private readonly List<string> _errors = [];

    private PageWatch()
    {
    }

    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (_csp)
            {
                return [.. _csp];
            }
        }
    }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<PageWatch> AttachAsync(IBrowserContext context)
    {
        var watch = new PageWatch();
        // The binding and the init script are installed by the browser itself, outside the page's CSP.
        await context.ExposeFunctionAsync("__reportCspViolation", (string text) =>
        {
            lock (watch._csp)
            {
                watch._csp.Add(text);
            }
        });
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', (e) => {
              window.__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || location.href}:${e.lineNumber}`);
            });
            """);
        context.Page += (_, page) => watch.Watch(page);
        foreach (var page in context.Pages)
        {
            watch.Watch(page);
        }
        return watch;
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            // The browser asks for /favicon.ico by itself when a page names no icon; no person sees that miss.
            if (message.Type != "error" || message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                return;
            }
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (_csp)
                {
                    _csp.Add(message.Text);
                }
            }
            lock (_errors)
            {
                _errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"uncaught: {error}");
            }
        };
    }

    /// <summary>Fails when any CSP violation was reported.</summary>
    public void AssertNoCspViolation() =>
        Assert.True(CspViolations.Count == 0, "Content Security Policy violations:\n" + string.Join("\n", CspViolations));

    /// <summary>Fails on any CSP violation, uncaught error or console error (e.g. a failed request the page made).</summary>
    public void AssertClean()
    {
        AssertNoCspViolation();
        Assert.True(Errors.Count == 0, "The page reported errors:\n" + string.Join("\n", Errors));
    }
}
