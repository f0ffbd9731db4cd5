using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The state of an <see cref="RTCDataChannel"/> (W3C RTCDataChannelState).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCDataChannelState>))]
public enum RTCDataChannelState
{
    /// <summary>"connecting": not yet open.</summary>
    [JsonStringEnumMemberName("connecting")] Connecting,

    /// <summary>"open": messages can be sent.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>"closing": the closing procedure has started.</summary>
    [JsonStringEnumMemberName("closing")] Closing,

    /// <summary>"closed": the channel is closed.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}
