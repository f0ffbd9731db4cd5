using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using RtcNative.Samples.Harness;

namespace RtcNative.Demo;

/// <summary>
/// <c>--check</c>: the demo's call made by headless Chromium (fake camera and microphone) in a network namespace of
/// its own joined by a veth pair (<see cref="InteropNetwork"/>); the server listens on the veth address and its
/// peer gathers only there. Chromium loads the page from the server (its origin declared secure, for getUserMedia)
/// and waits, bounded, until video flows each way and a chat message comes back; saves a screenshot and prints a report.
/// </summary>
public static class CheckMode
{
    private const int FramesWanted = 60;   // 2 s of video each way

    /// <summary>Runs the check; 0 when it passed, 1 with the reason printed otherwise.</summary>
    public static async Task<int> RunAsync(DemoOptions options, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var console = new ConcurrentQueue<string>();
        string? lastStats = null;
        InteropNetwork? network = null;
        DemoServer? server = null;
        IPlaywright? playwright = null;
        IBrowser? browser = null;
        using var deadline = new CancellationTokenSource(options.CheckTimeout);
        try
        {
            network = InteropNetwork.Create();
            output.WriteLine($"check: network namespace {network.Namespace}: this side {network.HostInterface} {network.HostAddress}, Chromium {network.NamespaceAddress}");
            server = await DemoServer.StartAsync(options with { Address = network.HostAddress, Port = 0, Urls = null },
                new PeerConnectionFactoryOptions
                {
                    IncludeLoopback = false,
                    NetworkInterfaces = [network.HostInterface],
                    AudioDevice = AudioDeviceKind.Headless,
                },
                output);
            playwright = await Playwright.CreateAsync().WaitAsync(deadline.Token);
            // getUserMedia needs a secure context: the server's own http://10.x origin is declared one.
            browser = await ChromiumLauncher.LaunchAsync(playwright, network, options.CheckTimeout,
                [$"--unsafely-treat-insecure-origin-as-secure={server.Url}"]).WaitAsync(deadline.Token);
            output.WriteLine($"check: chromium {browser.Version} in {network.Namespace}");
            var page = await browser.NewPageAsync();
            page.SetDefaultTimeout((float)options.CheckTimeout.TotalMilliseconds);
            page.Console += (_, message) => console.Enqueue($"[{message.Type}] {message.Text}");
            page.PageError += (_, error) => console.Enqueue($"[pageerror] {error}");
            await page.GotoAsync(server.Url + "/").WaitAsync(deadline.Token);
            output.WriteLine($"check: page opened at {server.Url}/");

            // The chat: once the channel is open, one message that must come back echoed.
            const string ping = "ping from the check";
            await PollAsync(() => page.EvaluateAsync<bool>("() => window.demo.send('" + ping + "')"), deadline.Token, "the chat channel to open");
            CallSession? session = null;
            await PollAsync(async () =>
            {
                lastStats = await page.EvaluateAsync<string>("() => JSON.stringify({ ...window.demo.stats, roundTripMs: window.demo.roundTripMs, error: window.demo.error, chat: window.demo.chat.length })");
                session ??= server.Sessions.FirstOrDefault();
                using var stats = JsonDocument.Parse(lastStats);
                var root = stats.RootElement;
                if (root.GetProperty("error").ValueKind == JsonValueKind.String)
                {
                    throw new InvalidOperationException("the page failed: " + root.GetProperty("error").GetString());
                }

                return root.GetProperty("patternFrames").GetInt64() >= FramesWanted && root.GetProperty("echoFrames").GetInt64() >= FramesWanted
                    && session?.FramesReceived >= FramesWanted && root.GetProperty("roundTripMs").ValueKind == JsonValueKind.Number
                    && root.GetProperty("rttMs").ValueKind == JsonValueKind.Number;
            }, deadline.Token, $"{FramesWanted} frames each way and the chat echo");

            await Task.Delay(TimeSpan.FromSeconds(1.5), deadline.Token);   // the stats panel refreshed, videos painted
            lastStats = await page.EvaluateAsync<string>("() => JSON.stringify({ ...window.demo.stats, roundTripMs: window.demo.roundTripMs, chat: window.demo.chat.length })");
            var screenshot = Path.GetFullPath(options.Screenshot);
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            Report(output, lastStats, session!, screenshot, clock.Elapsed);
            return 0;
        }
        catch (Exception e)
        {
            output.WriteLine($"check: FAILED after {clock.Elapsed.TotalSeconds:F1} s: {(e is OperationCanceledException && deadline.IsCancellationRequested ? $"timed out after {options.CheckTimeout.TotalSeconds:F0} s" : e.Message)}");
            output.WriteLine($"check: last page stats: {lastStats ?? "(none)"}");
            output.WriteLine("check: Chromium console:\n" + string.Join('\n', console));
            return 1;
        }
        finally
        {
            if (browser is not null)
            {
                await browser.CloseAsync();
            }

            playwright?.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            network?.Dispose();
        }
    }

    private static void Report(TextWriter output, string pageStats, CallSession session, string screenshot, TimeSpan elapsed)
    {
        using var document = JsonDocument.Parse(pageStats);
        var s = document.RootElement;
        string Codec(string name) => s.GetProperty("codecs").TryGetProperty(name, out var c) ? c.GetString() ?? "?" : "?";
        output.WriteLine($"""
            check: PASSED in {elapsed.TotalSeconds:F1} s
              .NET -> page   test pattern: {s.GetProperty("patternFrames")} frames decoded ({Codec("pattern")}); tone: {s.GetProperty("audioPackets")} packets ({Codec("tone")})
              page -> .NET   camera: {s.GetProperty("cameraFramesSent")} frames sent ({Codec("camera")}), {session.FramesReceived} received by .NET
              .NET -> page   echo of the camera: {s.GetProperty("echoFrames")} frames decoded ({Codec("echo")})
              chat           {session.MessagesReceived} received by .NET, {session.MessagesSent} sent by .NET (greeting and echo), {s.GetProperty("chat")} lines on the page; echo round trip {s.GetProperty("roundTripMs").GetDouble():F1} ms
              network        RTT {s.GetProperty("rttMs").GetDouble():F1} ms (selected candidate pair); bitrate in {s.GetProperty("bitrateInKbps")} kbit/s, out {s.GetProperty("bitrateOutKbps")} kbit/s at the page
              screenshot     {screenshot}
            """);
    }

    private static async Task PollAsync(Func<Task<bool>> condition, CancellationToken token, string what)
    {
        while (!await condition())
        {
            try
            {
                await Task.Delay(200, token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
        }
    }
}
