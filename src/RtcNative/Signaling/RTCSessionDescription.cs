using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>An applied or created session description (W3C RTCSessionDescription); immutable.</summary>
/// <remarks>System.Text.Json reads and writes it in the browser's <c>toJSON()</c> shape,
/// <c>{"type":"offer","sdp":"..."}</c> (see <see cref="RTCSessionDescriptionJsonConverter"/>).</remarks>
[JsonConverter(typeof(RTCSessionDescriptionJsonConverter))]
public sealed class RTCSessionDescription : IEquatable<RTCSessionDescription>
{
    /// <summary>Creates a description from its init dictionary.</summary>
    public RTCSessionDescription(RTCSessionDescriptionInit descriptionInitDict)
    {
        ArgumentNullException.ThrowIfNull(descriptionInitDict);
        Type = descriptionInitDict.Type;
        Sdp = descriptionInitDict.Sdp;
    }

    internal RTCSessionDescription(RTCSdpType type, string sdp)
    {
        Type = type;
        Sdp = sdp;
    }

    /// <summary>The description type.</summary>
    public RTCSdpType Type { get; }

    /// <summary>The SDP text.</summary>
    public string Sdp { get; }

    /// <summary>A description to pass where the W3C API takes an RTCSessionDescriptionInit, as JavaScript allows.</summary>
    [return: NotNullIfNotNull(nameof(description))]
    public static implicit operator RTCSessionDescriptionInit?(RTCSessionDescription? description) =>
        description is null ? null : new RTCSessionDescriptionInit(description.Type, description.Sdp);

    /// <summary>The same description as a mutable init dictionary.</summary>
    public RTCSessionDescriptionInit ToInit() => new(Type, Sdp);

    /// <summary>The JSON a browser's <c>toJSON()</c> gives: <c>{"type":"offer","sdp":"..."}</c>.</summary>
    public string ToJson() => SessionDescriptionJson.Write(Type, Sdp);

    /// <summary>Equal type and SDP text.</summary>
    public bool Equals(RTCSessionDescription? other) =>
        other is not null && Type == other.Type && string.Equals(Sdp, other.Sdp, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RTCSessionDescription);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, Sdp);

    /// <inheritdoc/>
    public override string ToString() => $"{SdpTypeNames.ToW3C(Type)} ({Sdp.Length} characters of SDP)";
}
