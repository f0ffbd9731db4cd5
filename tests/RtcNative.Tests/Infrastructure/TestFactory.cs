namespace RtcNative.Tests;

/// <summary>Factories for in-process peers: loopback only, no audio hardware.</summary>
internal static class TestFactory
{
    public static PeerConnectionFactory CreateLoopback() => new(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = true,
        NetworkInterfaces = ["lo"],
        AudioDevice = AudioDeviceKind.Dummy,
    });
}
