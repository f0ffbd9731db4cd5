namespace RtcNative;

/// <summary>How many threads libwebrtc runs for a <see cref="PeerConnectionFactory"/>
/// (<see cref="PeerConnectionFactoryOptions.ThreadLayout"/>).</summary>
public enum ThreadLayout
{
    /// <summary>One thread plays libwebrtc's network, worker and signaling roles. This libwebrtc (M109) hops
    /// between those roles twice for every data channel message; on one thread the hops are plain calls: the
    /// highest message rate and lowest latency for data channels, at most one core for all connections.</summary>
    Shared,

    /// <summary>libwebrtc's standard layout: a network, a worker and a signaling thread. Spreads the work of many
    /// connections (and media) over up to three cores, at the cost of the per-message hops.</summary>
    Split,
}
