namespace RtcNative;

/// <summary>A synchronization source seen by a receiver in the last 10 seconds (W3C RTCRtpSynchronizationSource).</summary>
public sealed class RTCRtpSynchronizationSource : RTCRtpContributingSource
{
    internal RTCRtpSynchronizationSource(DateTimeOffset timestamp, uint source, double? audioLevel, uint rtpTimestamp)
        : base(timestamp, source, audioLevel, rtpTimestamp)
    {
    }
}
