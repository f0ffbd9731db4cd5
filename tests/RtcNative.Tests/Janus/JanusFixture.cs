using NUnit.Framework.Interfaces;

namespace RtcNative.Tests.Janus;

/// <summary>
/// One Janus (<see cref="JanusServer"/>: its own network namespace, the HTTP transport, the echotest and videoroom
/// plugins) and one factory restricted to the namespace's veth for the whole fixture. What a test keeps
/// (<see cref="Keep{T}"/>: sessions, peers, generators) is disposed after it, last kept first; a failed test prints
/// its peers' descriptions and Janus's log. Fails, never skips, when root, ip or janus is missing.
/// </summary>
[NonParallelizable]
public abstract class JanusFixture
{
    private readonly List<object> _kept = [];

    private protected JanusServer Server { get; private set; } = null!;

    private protected PeerConnectionFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartJanusAsync()
    {
        Server = await JanusServer.StartAsync("echotest", "videoroom");
        Factory = Server.CreateFactory();
    }

    [OneTimeTearDown]
    public void StopJanus()
    {
        Factory?.Dispose();
        var server = Server;
        server?.Dispose();
        Assert.That(server is null || server.IsGone(), Is.True, "Janus, its namespace, veth or folder left behind");
    }

    [TearDown]
    public async Task ReportAndDisposeAsync()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            {
                foreach (var peer in _kept.OfType<JanusPeer>())
                {
                    await TestContext.Out.WriteLineAsync(peer.Describe());
                }

                await TestContext.Out.WriteLineAsync("=== Janus log ===\n" + Server?.Log);
            }
        }
        finally
        {
            for (var i = _kept.Count - 1; i >= 0; i--)
            {
                switch (_kept[i])
                {
                    case IAsyncDisposable item:
                        await item.DisposeAsync();
                        break;
                    case IDisposable item:
                        item.Dispose();
                        break;
                }
            }

            _kept.Clear();
        }
    }

    /// <summary>Disposes <paramref name="item"/> after the test, before what was kept earlier.</summary>
    private protected T Keep<T>(T item)
        where T : notnull
    {
        _kept.Add(item);
        return item;
    }
}
