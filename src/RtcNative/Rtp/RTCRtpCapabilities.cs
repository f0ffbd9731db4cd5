namespace RtcNative;

/// <summary>What the engine can send or receive for one kind (W3C RTCRtpCapabilities).</summary>
public sealed class RTCRtpCapabilities
{
    internal RTCRtpCapabilities(IReadOnlyList<RTCRtpCodecCapability> codecs, IReadOnlyList<RTCRtpHeaderExtensionCapability> headerExtensions)
    {
        Codecs = codecs;
        HeaderExtensions = headerExtensions;
    }

    /// <summary>The codecs, in the engine's order of preference (RTX, RED and FEC included).</summary>
    public IReadOnlyList<RTCRtpCodecCapability> Codecs { get; }

    /// <summary>The header extensions.</summary>
    public IReadOnlyList<RTCRtpHeaderExtensionCapability> HeaderExtensions { get; }
}
