using Microsoft.Extensions.Logging;

namespace RtcNative;

/// <summary>Options of a <see cref="PeerConnectionFactory"/>: networking, audio device and logging.</summary>
public sealed class PeerConnectionFactoryOptions
{
    /// <summary>Gather host candidates on loopback interfaces too (browsers do not; useful for in-process peers and tests).</summary>
    public bool IncludeLoopback { get; set; }

    /// <summary>Names of the network interfaces ICE may use (e.g. "lo", "eth0"); null for all.</summary>
    public IReadOnlyList<string>? NetworkInterfaces { get; set; }

    /// <summary>The lowest local UDP/TCP port ICE may bind; 0 for no limit.</summary>
    public int MinPort { get; set; }

    /// <summary>The highest local UDP/TCP port ICE may bind; 0 for no limit.</summary>
    public int MaxPort { get; set; }

    /// <summary>Where RtcNative logs (our calls and errors at Debug); null for no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Which audio device the factory drives.</summary>
    public AudioDeviceKind AudioDevice { get; set; } = AudioDeviceKind.Auto;
}
