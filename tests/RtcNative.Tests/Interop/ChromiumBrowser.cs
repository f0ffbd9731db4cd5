using System.Collections.Concurrent;
using Microsoft.Playwright;
using RtcNative.Samples.Harness;

namespace RtcNative.Tests.Interop;

/// <summary>
/// Debian's headless Chromium inside an <see cref="InteropNetwork"/> (<see cref="ChromiumLauncher"/>), driven by
/// Playwright over a pipe; one page carrying harness.js and media.js.
/// Candidates the page gathers come back through <see cref="CandidateGathered"/>; its console is kept
/// for failure reports.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    private const string PageUrl = "http://localhost/rtcnative-interop";

    // The page's scripts, in order: signaling and data channels, then media.
    private static readonly string[] s_scripts = ["harness.js", "media.js"];

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
        var browser = new ChromiumBrowser();
        try
        {
            browser._playwright = await Playwright.CreateAsync().WithTimeout();
            browser._browser = await ChromiumLauncher.LaunchAsync(browser._playwright, network, Timeouts.Event);
            var page = await browser._browser.NewPageAsync();
            page.SetDefaultTimeout((float)Timeouts.Event.TotalMilliseconds);
            page.Console += (_, message) => browser._console.Enqueue($"[{message.Type}] {message.Text}");
            page.PageError += (_, error) => browser._console.Enqueue($"[pageerror] {error}");
            await page.ExposeFunctionAsync<string, string, bool>("chromeCandidate", (name, json) =>
            {
                browser.CandidateGathered?.Invoke(name, json);
                return true;
            });
            // getUserMedia needs a secure context, which about:blank and data: URLs are not here: the page is served
            // by Playwright itself (a route, nothing on the network) at http://localhost, a potentially trustworthy origin.
            await page.RouteAsync(PageUrl, route => route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "text/html",
                Body = "<!doctype html><title>RtcNative interop</title>",
            }));
            await page.GotoAsync(PageUrl);
            foreach (var script in s_scripts)
            {
                await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Script(script) });
            }

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

    private static string Script(string name)
    {
        using var stream = typeof(ChromiumBrowser).Assembly.GetManifestResourceStream("RtcNative.Tests.Interop." + name)
            ?? throw new InvalidOperationException(name + " is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
