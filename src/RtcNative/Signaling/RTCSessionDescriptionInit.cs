namespace RtcNative;

/// <summary>A session description to apply (W3C RTCSessionDescriptionInit).</summary>
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
    /// <exception cref="FormatException">The text is not the JSON of a session description.</exception>
    public static RTCSessionDescriptionInit FromJson(string json) =>
        W3CJson.ReadObject(json, "a session description", static element =>
        {
            const string what = "a session description";
            var typeText = W3CJson.RequiredString(element, "type", what);
            if (!SdpTypeNames.TryParse(typeText, out var type))
            {
                throw new FormatException($"\"{typeText}\" is not an RTCSdpType (offer, pranswer, answer, rollback).");
            }

            var sdp = element.TryGetProperty("sdp", out _) ? W3CJson.RequiredString(element, "sdp", what) : "";
            return new RTCSessionDescriptionInit(type, sdp);
        });

    /// <summary>The JSON a browser's <c>toJSON()</c> gives: <c>{"type":"offer","sdp":"..."}</c>.</summary>
    public string ToJson() => SessionDescriptionJson.Write(Type, Sdp);

    /// <inheritdoc/>
    public override string ToString() => $"{SdpTypeNames.ToW3C(Type)} ({Sdp.Length} characters of SDP)";
}
