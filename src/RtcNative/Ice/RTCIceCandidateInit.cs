namespace RtcNative;

/// <summary>An ICE candidate as signaled (W3C RTCIceCandidateInit).</summary>
public sealed class RTCIceCandidateInit
{
    private string _candidate = "";

    /// <summary>The candidate-attribute ("candidate:..."); empty means end-of-candidates.</summary>
    public string Candidate
    {
        get => _candidate;
        set => _candidate = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The media stream identification tag of the m-section, or null.</summary>
    public string? SdpMid { get; set; }

    /// <summary>The index of the m-section, or null.</summary>
    public ushort? SdpMLineIndex { get; set; }

    /// <summary>The ICE username fragment the candidate belongs to, or null.</summary>
    public string? UsernameFragment { get; set; }

    /// <summary>Parses the JSON a browser produces with <c>JSON.stringify(candidate)</c>:
    /// <c>{"candidate":"candidate:...","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"..."}</c>.
    /// The candidate member is required; the others may be null or omitted; unknown members are ignored.</summary>
    /// <exception cref="FormatException">The text is not the JSON of an ICE candidate.</exception>
    public static RTCIceCandidateInit FromJson(string json) =>
        W3CJson.ReadObject(json, "an ICE candidate", static element =>
        {
            const string what = "an ICE candidate";
            return new RTCIceCandidateInit
            {
                Candidate = W3CJson.RequiredString(element, "candidate", what),
                SdpMid = W3CJson.OptionalString(element, "sdpMid", what),
                SdpMLineIndex = W3CJson.OptionalUInt16(element, "sdpMLineIndex", what),
                UsernameFragment = W3CJson.OptionalString(element, "usernameFragment", what),
            };
        });

    /// <summary>The JSON a browser's <c>toJSON()</c> gives, absent members written as null.</summary>
    public string ToJson() => IceCandidateJson.Write(Candidate, SdpMid, SdpMLineIndex, UsernameFragment);

    /// <inheritdoc/>
    public override string ToString() => Candidate.Length == 0 ? "end-of-candidates" : Candidate;
}
