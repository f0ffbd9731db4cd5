using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>The type of a session description (W3C RTCSdpType).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCSdpType>))]
public enum RTCSdpType
{
    /// <summary>"offer".</summary>
    [JsonStringEnumMemberName("offer")] Offer,

    /// <summary>"pranswer": a provisional answer.</summary>
    [JsonStringEnumMemberName("pranswer")] Pranswer,

    /// <summary>"answer": the final answer.</summary>
    [JsonStringEnumMemberName("answer")] Answer,

    /// <summary>"rollback": cancels the current negotiation.</summary>
    [JsonStringEnumMemberName("rollback")] Rollback,
}
