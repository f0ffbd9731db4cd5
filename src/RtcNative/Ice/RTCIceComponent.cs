using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The ICE component of a candidate (W3C RTCIceComponent).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceComponent>))]
public enum RTCIceComponent
{
    /// <summary>"rtp": component 1.</summary>
    [JsonStringEnumMemberName("rtp")] Rtp,

    /// <summary>"rtcp": component 2.</summary>
    [JsonStringEnumMemberName("rtcp")] Rtcp,
}
