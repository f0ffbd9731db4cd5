namespace RtcNative.Tests.Devices;

/// <summary>A private PulseAudio daemon for one fixture, found by this process through PULSE_SERVER (C environment)
/// while the fixture runs; stopped after it.</summary>
public abstract class PulseAudioFixture
{
    private PulseAudioServer? _server;
    private IDisposable? _environment;

    private protected PulseAudioServer Server => _server!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await PulseAudioServer.StartAsync();
        _environment = _server.UseInThisProcess();
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _environment?.Dispose();
        _server?.Dispose();
    }

    private protected static PeerConnectionFactory CreateFactory(AudioDeviceKind device) => new(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = true,
        NetworkInterfaces = ["lo"],
        AudioDevice = device,
    });

    /// <summary>Waits (about 5 s at most) until a factory's platform device opened its playback stream on the server,
    /// then half a second more for the jitter buffer and the codec to start; the server's playback streams.</summary>
    private protected async Task<string> WaitForPlaybackAsync()
    {
        var streams = "";
        for (var attempt = 0; attempt < 50 && streams.Length == 0; attempt++)
        {
            await Task.Delay(100);
            streams = (await Server.PactlAsync("list", "short", "sink-inputs")).Trim();
        }

        Assert.That(streams, Is.Not.Empty, "the receiving factory's device opens a playback stream");
        await Task.Delay(500);
        return streams;
    }
}
