namespace RtcNative;

/// <summary>A receiver's negotiated parameters (W3C RTCRtpReceiveParameters).</summary>
public sealed class RTCRtpReceiveParameters
{
    internal RTCRtpReceiveParameters(IReadOnlyList<RTCRtpCodecParameters> codecs,
        IReadOnlyList<RTCRtpHeaderExtensionParameters> headerExtensions, RTCRtcpParameters rtcp)
    {
        Codecs = codecs;
        HeaderExtensions = headerExtensions;
        Rtcp = rtcp;
    }

    /// <summary>The negotiated codecs.</summary>
    public IReadOnlyList<RTCRtpCodecParameters> Codecs { get; }

    /// <summary>The negotiated header extensions.</summary>
    public IReadOnlyList<RTCRtpHeaderExtensionParameters> HeaderExtensions { get; }

    /// <summary>RTCP parameters.</summary>
    public RTCRtcpParameters Rtcp { get; }
}
