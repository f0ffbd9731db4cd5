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
}
