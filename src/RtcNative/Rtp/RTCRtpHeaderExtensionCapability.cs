namespace RtcNative;

/// <summary>An RTP header extension the engine supports (W3C RTCRtpHeaderExtensionCapability).</summary>
public record RTCRtpHeaderExtensionCapability
{
    /// <summary>The extension's URI.</summary>
    public required string Uri { get; init; }
}
