using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>How media is bundled onto transports when the remote endpoint is not bundle-aware (W3C RTCBundlePolicy).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RTCBundlePolicy>))]
public enum RTCBundlePolicy
{
    /// <summary>"balanced": one transport per media type in use.</summary>
    [JsonStringEnumMemberName("balanced")] Balanced,

    /// <summary>"max-compat": one transport per track.</summary>
    [JsonStringEnumMemberName("max-compat")] MaxCompat,

    /// <summary>"max-bundle": a single transport.</summary>
    [JsonStringEnumMemberName("max-bundle")] MaxBundle,
}
