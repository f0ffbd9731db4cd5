namespace RtcNative;

/// <summary>A codec the engine can send or receive (W3C RTCRtpCodecCapability), as listed by
/// <see cref="RTCRtpSender.GetCapabilities"/> and chosen with <see cref="RTCRtpTransceiver.SetCodecPreferences"/>.</summary>
public record RTCRtpCodecCapability
{
    /// <summary>"video/VP8", "audio/opus", ...</summary>
    public required string MimeType { get; init; }

    /// <summary>The RTP clock rate in Hz.</summary>
    public int ClockRate { get; init; }

    /// <summary>Audio channels; null for video.</summary>
    public int? Channels { get; init; }

    /// <summary>The a=fmtp parameters, or null.</summary>
    public string? SdpFmtpLine { get; init; }
}
