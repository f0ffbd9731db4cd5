using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The state of an ICE transport (W3C RTCIceTransportState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceTransportState>))]
public enum RTCIceTransportState
{
    /// <summary>"new": gathering or waiting for remote candidates.</summary>
    [JsonStringEnumMemberName("new")] New,

    /// <summary>"checking": checking candidate pairs.</summary>
    [JsonStringEnumMemberName("checking")] Checking,

    /// <summary>"connected": a usable pair was found.</summary>
    [JsonStringEnumMemberName("connected")] Connected,

    /// <summary>"completed": checking finished with a usable pair.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>"disconnected": connectivity was lost for now.</summary>
    [JsonStringEnumMemberName("disconnected")] Disconnected,

    /// <summary>"failed": no usable pair was found.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>"closed": the transport was shut down.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}
