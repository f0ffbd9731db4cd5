namespace RtcNative;

/// <summary>One encoding of a sender (W3C RTCRtpEncodingParameters): a simulcast layer, or the single stream.</summary>
public sealed class RTCRtpEncodingParameters
{
    /// <summary>The RTP stream id of a simulcast layer (1 to 16 letters or digits), or null.</summary>
    public string? Rid { get; set; }

    /// <summary>Whether the encoding is sent (false pauses it without renegotiation).</summary>
    public bool Active { get; set; } = true;

    /// <summary>The most bits per second the encoding may use; null = the engine decides.</summary>
    public ulong? MaxBitrate { get; set; }

    /// <summary>The most frames per second (video); null = the source's rate.</summary>
    public double? MaxFramerate { get; set; }

    /// <summary>Video: divide width and height by this (at least 1); null = 1 (or the simulcast defaults).</summary>
    public double? ScaleResolutionDownBy { get; set; }

    /// <summary>The encoding's share of the bandwidth (bitrate priority).</summary>
    public RTCPriorityType Priority { get; set; } = RTCPriorityType.Low;

    /// <summary>The DSCP marking of the encoding's packets.</summary>
    public RTCPriorityType NetworkPriority { get; set; } = RTCPriorityType.Low;

    internal RTCRtpEncodingParameters Clone() => (RTCRtpEncodingParameters)MemberwiseClone();
}
