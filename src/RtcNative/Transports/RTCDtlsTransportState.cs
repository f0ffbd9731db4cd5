using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The state of the DTLS transport (W3C RTCDtlsTransportState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCDtlsTransportState>))]
public enum RTCDtlsTransportState
{
    /// <summary>"new": DTLS has not started.</summary>
    [JsonStringEnumMemberName("new")] New,

    /// <summary>"connecting": the handshake is in progress.</summary>
    [JsonStringEnumMemberName("connecting")] Connecting,

    /// <summary>"connected": the handshake completed and the fingerprint matched.</summary>
    [JsonStringEnumMemberName("connected")] Connected,

    /// <summary>"closed": closed on purpose (close_notify, or the connection was closed).</summary>
    [JsonStringEnumMemberName("closed")] Closed,

    /// <summary>"failed": the handshake or the fingerprint check failed.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
