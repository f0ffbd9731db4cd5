namespace RtcNative;

/// <summary>The W3C track event: a remote track will deliver media on <see cref="Receiver"/>.</summary>
public sealed class RTCTrackEventArgs : EventArgs
{
    internal RTCTrackEventArgs(RTCRtpReceiver receiver, MediaStreamTrack track, IReadOnlyList<MediaStream> streams, RTCRtpTransceiver transceiver)
    {
        Receiver = receiver;
        Track = track;
        Streams = streams;
        Transceiver = transceiver;
    }

    /// <summary>The receiver.</summary>
    public RTCRtpReceiver Receiver { get; }

    /// <summary>The receiver's track.</summary>
    public MediaStreamTrack Track { get; }

    /// <summary>The remote streams the track belongs to (from a=msid); the same objects across events of the connection.</summary>
    public IReadOnlyList<MediaStream> Streams { get; }

    /// <summary>The transceiver.</summary>
    public RTCRtpTransceiver Transceiver { get; }
}
