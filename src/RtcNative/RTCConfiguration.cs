namespace RtcNative;

/// <summary>The configuration of an <see cref="RTCPeerConnection"/> (W3C RTCConfiguration).</summary>
public sealed class RTCConfiguration
{
    /// <summary>STUN and TURN servers ICE may use; none by default.</summary>
    public IList<RTCIceServer> IceServers { get; set; } = new List<RTCIceServer>();

    /// <summary>Which candidates ICE may use.</summary>
    public RTCIceTransportPolicy IceTransportPolicy { get; set; } = RTCIceTransportPolicy.All;

    /// <summary>How media is bundled when the remote endpoint is not bundle-aware.</summary>
    public RTCBundlePolicy BundlePolicy { get; set; } = RTCBundlePolicy.Balanced;

    /// <summary>RTCP multiplexing; only <see cref="RTCRtcpMuxPolicy.Require"/> exists.</summary>
    public RTCRtcpMuxPolicy RtcpMuxPolicy { get; set; } = RTCRtcpMuxPolicy.Require;

    /// <summary>How many ICE candidates to gather before an offer is made (0 to 255).</summary>
    public int IceCandidatePoolSize { get; set; }
}
