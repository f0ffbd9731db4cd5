namespace RtcNative;

/// <summary>A contributing source seen by a receiver in the last 10 seconds (W3C RTCRtpContributingSource).</summary>
public class RTCRtpContributingSource
{
    internal RTCRtpContributingSource(DateTimeOffset timestamp, uint source, double? audioLevel, uint rtpTimestamp)
    {
        Timestamp = timestamp;
        Source = source;
        AudioLevel = audioLevel;
        RtpTimestamp = rtpTimestamp;
    }

    /// <summary>When the last packet from the source arrived.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The CSRC or SSRC.</summary>
    public uint Source { get; }

    /// <summary>Audio: the level of the last packet, 0 (silence) to 1; null when absent.</summary>
    public double? AudioLevel { get; }

    /// <summary>The RTP timestamp of the last packet.</summary>
    public uint RtpTimestamp { get; }
}
