using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace RtcNative.Tests.Interop;

/// <summary>
/// Debian's headless Chromium (/usr/bin/chromium, never a downloaded browser) inside an
/// <see cref="InteropNetwork"/>, driven by Playwright over a pipe; one page carrying harness.js.
/// Candidates the page gathers come back through <see cref="CandidateGathered"/>; its console is kept
/// for failure reports.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    // shared/FACTS.md: what headless Chromium needs here; mDNS hiding off so host candidates carry addresses.
    private static readonly string[] s_flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ];

    private readonly ConcurrentQueue<string> _console = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private ChromiumBrowser()
    {
    }

    public IPage Page { get; private set; } = null!;

    /// <summary>Raised with the page peer's name and the candidate's JSON (RTCIceCandidate.toJSON()).</summary>
    public event Action<string, string>? CandidateGathered;

    public static async Task<ChromiumBrowser> LaunchAsync(InteropNetwork network)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"the Chromium interop suite needs Debian's chromium at {Executable} (apt-get install chromium)");
        }

        var browser = new ChromiumBrowser();
        try
        {
            browser._playwright = await Playwright.CreateAsync().WithTimeout();
            browser._browser = await browser._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = network.WrapExecutable(Executable),
                Headless = true,
                Args = s_flags,
                Timeout = (float)Timeouts.Event.TotalMilliseconds,
            });
            var page = await browser._browser.NewPageAsync();
            page.SetDefaultTimeout((float)Timeouts.Event.TotalMilliseconds);
            page.Console += (_, message) => browser._console.Enqueue($"[{message.Type}] {message.Text}");
            page.PageError += (_, error) => browser._console.Enqueue($"[pageerror] {error}");
            await page.ExposeFunctionAsync<string, string, bool>("chromeCandidate", (name, json) =>
            {
                browser.CandidateGathered?.Invoke(name, json);
                return true;
            });
            await page.SetContentAsync("<!doctype html><title>RtcNative interop</title>");
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = HarnessScript() });
            browser.Page = page;
            browser.Log($"chromium {browser._browser.Version} in {network.Namespace} ({network.NamespaceAddress})");
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public void Log(string line) => _console.Enqueue("[test] " + line);

    /// <summary>The console lines since the last call (the harness's own and Chromium's).</summary>
    public string TakeConsole()
    {
        var lines = new List<string>();
        while (_console.TryDequeue(out var line))
        {
            lines.Add(line);
        }

        return string.Join('\n', lines);
    }

    /// <summary>Calls a harness.js function with the given arguments, bounded by the page's timeout.</summary>
    public Task<T> CallAsync<T>(string function, params object?[] args) =>
        Page.EvaluateAsync<T>($"args => {function}(...args)", args).WithTimeout();

    /// <summary>Waits until a page expression over the given arguments is truthy, polling every 20 ms, bounded.</summary>
    public Task WaitAsync(string predicate, params object?[] args) =>
        Page.WaitForFunctionAsync(predicate, args, new PageWaitForFunctionOptions
        {
            PollingInterval = 20,
            Timeout = (float)Timeouts.Event.TotalMilliseconds,
        });

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync().WaitAsync(Timeouts.Event);
        }

        _playwright?.Dispose();
    }

    private static string HarnessScript()
    {
        using var stream = typeof(ChromiumBrowser).Assembly.GetManifestResourceStream("RtcNative.Tests.Interop.harness.js")
            ?? throw new InvalidOperationException("harness.js is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
