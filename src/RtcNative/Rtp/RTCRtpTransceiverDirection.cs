namespace RtcNative;

/// <summary>W3C RTCRtpTransceiverDirection; JSON and SDP spell them "sendrecv", "sendonly", "recvonly", "inactive", "stopped".</summary>
public enum RTCRtpTransceiverDirection
{
    /// <summary>Sends and receives.</summary>
    SendRecv,

    /// <summary>Sends only.</summary>
    SendOnly,

    /// <summary>Receives only.</summary>
    RecvOnly,

    /// <summary>Neither sends nor receives.</summary>
    Inactive,

    /// <summary>Stopped: never sends nor receives again.</summary>
    Stopped,
}
