using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The aggregate state of the connection's ICE and DTLS transports (W3C RTCPeerConnectionState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCPeerConnectionState>))]
public enum RTCPeerConnectionState
{
    /// <summary>"new".</summary>
    [JsonStringEnumMemberName("new")] New,

    /// <summary>"connecting": ICE or DTLS is in progress.</summary>
    [JsonStringEnumMemberName("connecting")] Connecting,

    /// <summary>"connected": every transport is connected.</summary>
    [JsonStringEnumMemberName("connected")] Connected,

    /// <summary>"disconnected": a transport lost connectivity.</summary>
    [JsonStringEnumMemberName("disconnected")] Disconnected,

    /// <summary>"failed": a transport failed.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>"closed": the connection was closed.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}
