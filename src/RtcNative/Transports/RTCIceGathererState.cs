using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The gathering state of an ICE transport (W3C RTCIceGathererState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceGathererState>))]
public enum RTCIceGathererState
{
    /// <summary>"new": nothing gathered yet.</summary>
    [JsonStringEnumMemberName("new")] New,

    /// <summary>"gathering": candidates are being gathered.</summary>
    [JsonStringEnumMemberName("gathering")] Gathering,

    /// <summary>"complete": gathering finished.</summary>
    [JsonStringEnumMemberName("complete")] Complete,
}
