using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The type of a candidate (W3C RTCIceCandidateType, RFC 8445).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCIceCandidateType>))]
public enum RTCIceCandidateType
{
    /// <summary>"host": an address of a local interface.</summary>
    [JsonStringEnumMemberName("host")] Host,

    /// <summary>"srflx": server reflexive, as seen by a STUN server.</summary>
    [JsonStringEnumMemberName("srflx")] Srflx,

    /// <summary>"prflx": peer reflexive, learnt from connectivity checks.</summary>
    [JsonStringEnumMemberName("prflx")] Prflx,

    /// <summary>"relay": allocated on a TURN server.</summary>
    [JsonStringEnumMemberName("relay")] Relay,
}
