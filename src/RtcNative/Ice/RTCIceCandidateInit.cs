using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>An ICE candidate as signaled (W3C RTCIceCandidateInit).</summary>
/// <remarks>System.Text.Json reads and writes it in the browser's <c>toJSON()</c> shape,
/// <c>{"candidate":"...","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"..."}</c>, also as a
/// member of an application's own message types (see <see cref="RTCIceCandidateInitJsonConverter"/>).</remarks>
[JsonConverter(typeof(RTCIceCandidateInitJsonConverter))]
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
    /// <param name="json">The JSON text.</param>
    /// <returns>The candidate.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The text is not the JSON of an ICE candidate.</exception>
    public static RTCIceCandidateInit FromJson(string json) => IceCandidateJson.Parse(json);

    /// <summary>Parses the JSON a browser produces with <c>JSON.stringify(candidate)</c>, as
    /// <see cref="FromJson"/> does, without throwing on bad input.</summary>
    /// <param name="json">The JSON text, or null.</param>
    /// <param name="candidate">The candidate, or null when this returns false.</param>
    /// <returns>True when <paramref name="json"/> is the JSON of an ICE candidate; false when it is
    /// null, not JSON, or JSON of anything else.</returns>
    public static bool TryFromJson(string? json, [NotNullWhen(true)] out RTCIceCandidateInit? candidate) =>
        IceCandidateJson.TryParse(json, out candidate);

    /// <summary>The JSON a browser's <c>toJSON()</c> gives, absent members written as null.</summary>
    public string ToJson() => IceCandidateJson.Write(Candidate, SdpMid, SdpMLineIndex, UsernameFragment);

    /// <inheritdoc/>
    public override string ToString() => Candidate.Length == 0 ? "end-of-candidates" : Candidate;
}
