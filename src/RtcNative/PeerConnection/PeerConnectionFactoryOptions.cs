using Microsoft.Extensions.Logging;

namespace RtcNative;

/// <summary>Options of a <see cref="PeerConnectionFactory"/>: networking, threads, events, audio device and logging.</summary>
public sealed class PeerConnectionFactoryOptions
{
    /// <summary>Gather host candidates on loopback interfaces too (browsers do not; useful for in-process peers and tests).</summary>
    public bool IncludeLoopback { get; set; }

    /// <summary>Names of the network interfaces ICE may use (e.g. "lo", "eth0"); null for all.</summary>
    public IReadOnlyList<string>? NetworkInterfaces { get; set; }

    /// <summary>The lowest local UDP/TCP port ICE may bind; 0 for no limit. Applies to every connection of the
    /// factory, whether or not <see cref="NetworkInterfaces"/> is set.</summary>
    public int MinPort { get; set; }

    /// <summary>The highest local UDP/TCP port ICE may bind; 0 for no limit (65535).</summary>
    public int MaxPort { get; set; }

    /// <summary>How many threads libwebrtc runs for the factory; null for the environment variable
    /// <c>RTCNATIVE_THREAD_LAYOUT</c> ("shared" or "split") when set, else <see cref="RtcNative.ThreadLayout.Shared"/>
    /// (the faster one for data channels here: bench/README.md).</summary>
    public ThreadLayout? ThreadLayout { get; set; }

    /// <summary>When true, a connection created on a thread that has a <see cref="SynchronizationContext"/> (a WPF,
    /// WinForms or Avalonia UI thread) raises its events, and its data channels' events, through that context, still
    /// one at a time and in engine order; tasks still complete with asynchronous continuations (an <c>await</c> on the
    /// UI thread resumes there by itself). False (the default): events are raised on RtcNative's event threads.</summary>
    public bool CaptureSynchronizationContext { get; set; }

    /// <summary>Where RtcNative logs; null for no logging.
    /// <list type="bullet">
    /// <item>Category "RtcNative": our own API calls and their failures at <see cref="LogLevel.Debug"/>;
    /// exceptions thrown by event handlers at <see cref="LogLevel.Error"/>.</item>
    /// <item>Category "RtcNative.LibWebRtc": libwebrtc's own lines, mapped VERBOSE -> Trace, INFO -> Debug
    /// (libwebrtc's INFO is chatty), WARNING -> Warning, ERROR -> Error. libwebrtc's log sink is process-wide
    /// and costs about 40% of data channel throughput while attached, so it is attached only while the logger
    /// of some live factory has one of those levels enabled for this category (at the lowest severity one
    /// needs), and detached once the last such factory is disposed (so dispose factories you create). Levels are read when a factory is created
    /// or disposed and when it creates a connection. Every such logger gets every line (libwebrtc does not say
    /// which factory logged it). Lines are queued and logged on the thread pool, never on libwebrtc's threads;
    /// when the loggers fall more than 8192 lines behind, lines are dropped and a Warning says how many.</item>
    /// </list>
    /// To keep libwebrtc quiet while logging our calls, filter the category, e.g.
    /// <c>builder.AddFilter("RtcNative.LibWebRtc", LogLevel.Warning)</c>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Which audio device the factory drives.</summary>
    public AudioDeviceKind AudioDevice { get; set; } = AudioDeviceKind.Auto;
}
