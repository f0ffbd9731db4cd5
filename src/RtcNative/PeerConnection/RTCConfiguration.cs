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

    /// <summary>The DTLS certificates of the connection; empty for one the engine generates (ECDSA P-256).
    /// The engine uses the first one. Fixed at construction: in <see cref="RTCPeerConnection.SetConfiguration"/>
    /// an empty list means unchanged.</summary>
    public IList<RTCCertificate> Certificates { get; set; } = new List<RTCCertificate>();

    /// <summary>A deep copy: later changes to either side do not reach the other (certificates are immutable).</summary>
    internal RTCConfiguration Clone() => new()
    {
        IceServers = IceServers.Select(server => server.Clone()).ToList(),
        IceTransportPolicy = IceTransportPolicy,
        BundlePolicy = BundlePolicy,
        RtcpMuxPolicy = RtcpMuxPolicy,
        IceCandidatePoolSize = IceCandidatePoolSize,
        Certificates = new List<RTCCertificate>(Certificates),
    };
}
