using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The aggregate state of the connection's ICE transports (W3C RTCIceConnectionState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceConnectionState>))]
public enum RTCIceConnectionState
{
    /// <summary>"new".</summary>
    [JsonStringEnumMemberName("new")] New,

    /// <summary>"checking": connectivity checks are running.</summary>
    [JsonStringEnumMemberName("checking")] Checking,

    /// <summary>"connected": a usable candidate pair was found.</summary>
    [JsonStringEnumMemberName("connected")] Connected,

    /// <summary>"completed": checks finished with a usable pair.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>"disconnected": connectivity was lost, possibly temporarily.</summary>
    [JsonStringEnumMemberName("disconnected")] Disconnected,

    /// <summary>"failed": no usable pair.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>"closed": the connection was closed.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}
