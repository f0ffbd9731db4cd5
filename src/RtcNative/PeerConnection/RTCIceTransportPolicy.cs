using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>Which candidates ICE may use (W3C RTCIceTransportPolicy).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceTransportPolicy>))]
public enum RTCIceTransportPolicy
{
    /// <summary>"all": every kind of candidate.</summary>
    [JsonStringEnumMemberName("all")] All,

    /// <summary>"relay": only candidates relayed through a TURN server.</summary>
    [JsonStringEnumMemberName("relay")] Relay,
}
