namespace RtcNative.Tests;

/// <summary>Factories for in-process peers: loopback only, no audio hardware (the headless device).</summary>
internal static class TestFactory
{
    public static PeerConnectionFactory CreateLoopback() => new(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = true,
        NetworkInterfaces = ["lo"],
        AudioDevice = AudioDeviceKind.Headless, // ours: pulls remote audio every 10 ms, records nothing
    });
}
