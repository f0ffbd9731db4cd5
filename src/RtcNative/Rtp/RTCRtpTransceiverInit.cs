namespace RtcNative;

/// <summary>Options of <see cref="RTCPeerConnection.AddTransceiver(MediaKind, RTCRtpTransceiverInit?)"/> (W3C RTCRtpTransceiverInit).</summary>
public sealed class RTCRtpTransceiverInit
{
    /// <summary>The transceiver's direction; not <see cref="RTCRtpTransceiverDirection.Stopped"/>.</summary>
    public RTCRtpTransceiverDirection Direction { get; set; } = RTCRtpTransceiverDirection.SendRecv;

    /// <summary>The streams the sender's track is announced in (a=msid).</summary>
    public IList<MediaStream> Streams { get; set; } = new List<MediaStream>();

    /// <summary>The send encodings: none for one default encoding, several with rids for simulcast.</summary>
    public IList<RTCRtpEncodingParameters> SendEncodings { get; set; } = new List<RTCRtpEncodingParameters>();
}
