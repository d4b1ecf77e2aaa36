using Microsoft.Playwright;

namespace Governance.Browser.Tests;

/// <summary>
/// What every browser test shares, started once for the run: a real Azurite (in memory, free
/// loopback ports) and Debian's Chromium driven by Playwright. Each test starts its own app over
/// that Azurite (<see cref="BrowserApp"/>, own storage names and clock) and its own browser
/// context, so tests do not depend on one another or on their order.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright never downloads a browser for these tests.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
        // Chromium's own controls (file picker, date fields) in Chinese, as a clerk's phone shows them.
        "--lang=zh-CN",
    ];

    private static Dictionary<string, string> BrowserEnvironment()
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        env["LANGUAGE"] = "zh_CN";
        return env;
    }

    private AzuriteProcess? _azurite;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not been started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.");
        }
        // Belt and braces: nothing in a test run may fetch a browser build.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // The whole solution's tests share two cores: allow a page more than the default 5 s to show what is expected.
        Assertions.SetDefaultExpectTimeout(15_000);
        _azurite = await AzuriteProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            // On Linux Chromium picks its interface language from LANGUAGE rather than the flag alone.
            Env = BrowserEnvironment(),
        });
    }

    /// <summary>
    /// A fresh browser context (own cookies, localStorage, sessionStorage) in Chinese, on Beijing
    /// time, at the given viewport; <paramref name="javaScript"/> false gives a script-free browser.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool javaScript = true) =>
        await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport,
            JavaScriptEnabled = javaScript,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            AcceptDownloads = true,
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>The two screens the pages are designed for.</summary>
public static class Viewports
{
    /// <summary>A town clerk's phone.</summary>
    public static ViewportSize Phone => new() { Width = 360, Height = 740 };

    /// <summary>A bureau office screen.</summary>
    public static ViewportSize Desktop => new() { Width = 1366, Height = 768 };
}
