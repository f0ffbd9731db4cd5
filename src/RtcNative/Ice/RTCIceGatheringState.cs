using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>Whether ICE candidates are being gathered (W3C RTCIceGatheringState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceGatheringState>))]
public enum RTCIceGatheringState
{
    /// <summary>"new": nothing gathered yet.</summary>
    [JsonStringEnumMemberName("new")] New,

    /// <summary>"gathering": candidates are being gathered.</summary>
    [JsonStringEnumMemberName("gathering")] Gathering,

    /// <summary>"complete": gathering finished.</summary>
    [JsonStringEnumMemberName("complete")] Complete,
}
