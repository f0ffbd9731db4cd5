using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The kind of a TCP candidate (W3C RTCIceTcpCandidateType, RFC 6544).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceTcpCandidateType>))]
public enum RTCIceTcpCandidateType
{
    /// <summary>"active": opens outgoing connections only.</summary>
    [JsonStringEnumMemberName("active")] Active,

    /// <summary>"passive": accepts incoming connections only.</summary>
    [JsonStringEnumMemberName("passive")] Passive,

    /// <summary>"so": simultaneous open.</summary>
    [JsonStringEnumMemberName("so")] So,
}
