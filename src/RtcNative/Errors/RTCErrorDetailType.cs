namespace RtcNative;

/// <summary>The <c>errorDetail</c> of a W3C RTCError: which WebRTC-specific failure happened.</summary>
public enum RTCErrorDetailType
{
    /// <summary>"data-channel-failure": the data channel failed.</summary>
    DataChannelFailure,

    /// <summary>"dtls-failure": the DTLS negotiation failed or the connection ended with a fatal error.</summary>
    DtlsFailure,

    /// <summary>"fingerprint-failure": the remote certificate matched none of the SDP fingerprints.</summary>
    FingerprintFailure,

    /// <summary>"sctp-failure": the SCTP negotiation failed or the association ended with an error.</summary>
    SctpFailure,

    /// <summary>"sdp-syntax-error": the SDP is malformed (see <see cref="RTCException.SdpLineNumber"/>).</summary>
    SdpSyntaxError,

    /// <summary>"hardware-encoder-not-available": the requested hardware encoder is not available.</summary>
    HardwareEncoderNotAvailable,

    /// <summary>"hardware-encoder-error": the hardware encoder rejected its parameters.</summary>
    HardwareEncoderError,
}
