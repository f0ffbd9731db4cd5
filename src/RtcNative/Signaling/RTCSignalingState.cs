using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The offer/answer state of an <see cref="RTCPeerConnection"/> (W3C RTCSignalingState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCSignalingState>))]
public enum RTCSignalingState
{
    /// <summary>"stable": no offer/answer exchange in progress.</summary>
    [JsonStringEnumMemberName("stable")] Stable,

    /// <summary>"have-local-offer": a local offer was applied.</summary>
    [JsonStringEnumMemberName("have-local-offer")] HaveLocalOffer,

    /// <summary>"have-remote-offer": a remote offer was applied.</summary>
    [JsonStringEnumMemberName("have-remote-offer")] HaveRemoteOffer,

    /// <summary>"have-local-pranswer": a remote offer and a local provisional answer were applied.</summary>
    [JsonStringEnumMemberName("have-local-pranswer")] HaveLocalPranswer,

    /// <summary>"have-remote-pranswer": a local offer and a remote provisional answer were applied.</summary>
    [JsonStringEnumMemberName("have-remote-pranswer")] HaveRemotePranswer,

    /// <summary>"closed": the connection was closed.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}
