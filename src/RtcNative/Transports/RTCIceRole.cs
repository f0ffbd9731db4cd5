using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The ICE role of this side (W3C RTCIceRole).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceRole>))]
public enum RTCIceRole
{
    /// <summary>"unknown": not determined yet.</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,

    /// <summary>"controlling": the controlling agent (the offerer, usually).</summary>
    [JsonStringEnumMemberName("controlling")] Controlling,

    /// <summary>"controlled": the controlled agent.</summary>
    [JsonStringEnumMemberName("controlled")] Controlled,
}
