namespace RtcNative;

/// <summary>A negotiated codec of a sender or receiver (W3C RTCRtpCodecParameters).</summary>
public sealed record RTCRtpCodecParameters : RTCRtpCodecCapability
{
    /// <summary>The RTP payload type.</summary>
    public int PayloadType { get; init; }
}
