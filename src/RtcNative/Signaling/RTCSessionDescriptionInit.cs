using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>A session description to apply (W3C RTCSessionDescriptionInit).</summary>
/// <remarks>System.Text.Json reads and writes it in the browser's <c>toJSON()</c> shape,
/// <c>{"type":"offer","sdp":"..."}</c>, also as a member of an application's own message types
/// (see <see cref="RTCSessionDescriptionInitJsonConverter"/>).</remarks>
[JsonConverter(typeof(RTCSessionDescriptionInitJsonConverter))]
public sealed class RTCSessionDescriptionInit
{
    private string _sdp = "";

    /// <summary>Creates an empty description; set <see cref="Type"/> and <see cref="Sdp"/>.</summary>
    public RTCSessionDescriptionInit()
    {
    }

    /// <summary>Creates a description of the given type and SDP.</summary>
    public RTCSessionDescriptionInit(RTCSdpType type, string sdp)
    {
        Type = type;
        Sdp = sdp;
    }

    /// <summary>The description type.</summary>
    public RTCSdpType Type { get; set; }

    /// <summary>The SDP text; empty for a rollback, and empty with <see cref="RTCPeerConnection.SetLocalDescriptionAsync"/>
    /// to let the connection create it (the implicit description of the spec).</summary>
    public string Sdp
    {
        get => _sdp;
        set => _sdp = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Parses the JSON a browser produces with <c>JSON.stringify(description)</c>, e.g.
    /// <c>{"type":"offer","sdp":"v=0\r\n..."}</c>. Unknown members are ignored, as WebIDL does.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The text is not the JSON of a session description.</exception>
    public static RTCSessionDescriptionInit FromJson(string json) => SessionDescriptionJson.Parse(json);

    /// <summary>Parses the JSON a browser produces with <c>JSON.stringify(description)</c>, as
    /// <see cref="FromJson"/> does, without throwing on bad input.</summary>
    /// <param name="json">The JSON text, or null.</param>
    /// <param name="description">The description, or null when this returns false.</param>
    /// <returns>True when <paramref name="json"/> is the JSON of a session description; false when it
    /// is null, not JSON, or JSON of anything else.</returns>
    public static bool TryFromJson(string? json, [NotNullWhen(true)] out RTCSessionDescriptionInit? description) =>
        SessionDescriptionJson.TryParse(json, out description);

    /// <summary>The JSON a browser's <c>toJSON()</c> gives: <c>{"type":"offer","sdp":"..."}</c>.</summary>
    public string ToJson() => SessionDescriptionJson.Write(Type, Sdp);

    /// <inheritdoc/>
    public override string ToString() => $"{SdpTypeNames.ToW3C(Type)} ({Sdp.Length} characters of SDP)";
}
