namespace RtcNative;

/// <summary>A certificate fingerprint (W3C RTCDtlsFingerprint).</summary>
public sealed record RTCDtlsFingerprint
{
    /// <summary>The hash function, as named in SDP: "sha-256".</summary>
    public string Algorithm { get; init; } = "";

    /// <summary>The fingerprint as lower-case hex pairs joined by ':' (webrtc-pc); SDP's a=fingerprint
    /// carries the same value in upper case.</summary>
    public string Value { get; init; } = "";
}
