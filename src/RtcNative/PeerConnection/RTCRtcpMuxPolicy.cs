using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>RTCP multiplexing (W3C RTCRtcpMuxPolicy); "require" is the only value browsers support.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCRtcpMuxPolicy>))]
public enum RTCRtcpMuxPolicy
{
    /// <summary>"require": RTP and RTCP share one transport.</summary>
    [JsonStringEnumMemberName("require")] Require,
}
