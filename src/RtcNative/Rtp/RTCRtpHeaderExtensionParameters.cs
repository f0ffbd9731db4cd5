namespace RtcNative;

/// <summary>A negotiated RTP header extension (W3C RTCRtpHeaderExtensionParameters).</summary>
public sealed record RTCRtpHeaderExtensionParameters : RTCRtpHeaderExtensionCapability
{
    /// <summary>The extension id in RTP packets.</summary>
    public int Id { get; init; }

    /// <summary>Whether the extension is encrypted (RFC 6904).</summary>
    public bool Encrypted { get; init; }
}
