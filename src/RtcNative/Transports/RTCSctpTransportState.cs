using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The state of the SCTP association (W3C RTCSctpTransportState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCSctpTransportState>))]
public enum RTCSctpTransportState
{
    /// <summary>"connecting": the association is being set up.</summary>
    [JsonStringEnumMemberName("connecting")] Connecting,

    /// <summary>"connected": the association is up.</summary>
    [JsonStringEnumMemberName("connected")] Connected,

    /// <summary>"closed": the association is closed, or the connection was closed.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}
