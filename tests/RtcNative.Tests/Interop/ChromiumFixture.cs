using NUnit.Framework.Interfaces;
using RtcNative.Samples.Harness;

namespace RtcNative.Tests.Interop;

/// <summary>
/// One network namespace, one Chromium and one page for the whole fixture; a .NET factory restricted to the
/// veth end in this namespace (no loopback). It fails, never skips, when root, ip or chromium is missing.
/// A failing test prints the page's console and both SDPs of each of its pairs.
/// </summary>
public abstract class ChromiumFixture
{
    private readonly List<ChromePair> _pairs = [];
    private readonly List<IDisposable> _kept = [];
    private InteropNetwork? _network;

    private protected ChromiumBrowser Browser { get; private set; } = null!;

    private protected PeerConnectionFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartChromiumAsync()
    {
        try
        {
            _network = InteropNetwork.Create();
            Factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions
            {
                IncludeLoopback = false,
                NetworkInterfaces = [_network.HostInterface],
                AudioDevice = AudioDeviceKind.Headless,
            });
            Browser = await ChromiumBrowser.LaunchAsync(_network);
        }
        catch
        {
            await StopChromiumAsync();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopChromiumAsync()
    {
        var browser = Browser;
        Browser = null!;
        try
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }
        }
        finally
        {
            Factory?.Dispose();
            Factory = null!;
            _network?.Dispose();
        }

        Assert.That(_network is null || _network.IsGone(), Is.True, $"namespace {_network?.Namespace} or its veth or temp files left behind");
        _network = null;
    }

    [TearDown]
    public async Task ReportAndDisposePairsAsync()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            {
                foreach (var pair in _pairs)
                {
                    await TestContext.Out.WriteLineAsync($"=== pair {pair.Name} ===\n{await pair.DescribeAsync()}");
                }

                await TestContext.Out.WriteLineAsync("=== Chromium console ===\n" + Browser?.TakeConsole());
            }
            else
            {
                Browser?.TakeConsole();
            }
        }
        finally
        {
            foreach (var pair in _pairs)
            {
                pair.Dispose();
            }

            _pairs.Clear();
            foreach (var item in _kept)
            {
                item.Dispose();
            }

            _kept.Clear();
        }
    }

    /// <summary>Disposes <paramref name="item"/> (a track generator, ...) after the test's pairs.</summary>
    private protected T Keep<T>(T item)
        where T : IDisposable
    {
        _kept.Add(item);
        return item;
    }

    /// <summary>A pair whose offerer made <paramref name="labels"/> before the first negotiation, connected,
    /// every channel open on both sides.</summary>
    private protected async Task<ChromePair> ConnectAsync(Offerer offerer, params string[] labels)
    {
        var pair = await ChromePair.CreateAsync(Browser, Factory);
        _pairs.Add(pair);
        foreach (var label in labels)
        {
            await pair.CreateChannelAsync(offerer, label);
        }

        await pair.NegotiateAsync(offerer);
        await pair.WaitConnectedAsync();
        Assert.That(await Timeouts.PollAsync(() => pair.CandidateCounts is { ToChrome: > 0, FromChrome: > 0 }), Is.True,
            $"candidates trickled both ways (not only peer-reflexive): {pair.CandidateCounts}");
        foreach (var label in labels)
        {
            await pair.OpenAsync(label);
        }

        return pair;
    }

    /// <summary>A pair not negotiated yet (the test makes its channels).</summary>
    private protected async Task<ChromePair> CreatePairAsync()
    {
        var pair = await ChromePair.CreateAsync(Browser, Factory);
        _pairs.Add(pair);
        return pair;
    }

    private protected static Offerer Other(Offerer side) => side == Offerer.DotNet ? Offerer.Chrome : Offerer.DotNet;
}
