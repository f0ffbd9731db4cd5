using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The transport protocol of a candidate (W3C RTCIceProtocol).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceProtocol>))]
public enum RTCIceProtocol
{
    /// <summary>"udp".</summary>
    [JsonStringEnumMemberName("udp")] Udp,

    /// <summary>"tcp".</summary>
    [JsonStringEnumMemberName("tcp")] Tcp,
}
