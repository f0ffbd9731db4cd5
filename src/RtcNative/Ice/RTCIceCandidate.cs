using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>An ICE candidate with the fields of its candidate-attribute parsed (W3C RTCIceCandidate); immutable.</summary>
/// <remarks>System.Text.Json reads and writes it in the browser's <c>toJSON()</c> shape, which holds
/// only the init members, not the parsed fields (see <see cref="RTCIceCandidateJsonConverter"/>).</remarks>
[JsonConverter(typeof(RTCIceCandidateJsonConverter))]
public sealed class RTCIceCandidate
{
    private readonly CandidateAttribute? _parsed;

    /// <summary>Creates a candidate from its init dictionary.</summary>
    /// <exception cref="ArgumentException">Both <see cref="RTCIceCandidateInit.SdpMid"/> and
    /// <see cref="RTCIceCandidateInit.SdpMLineIndex"/> are null (a W3C TypeError).</exception>
    public RTCIceCandidate(RTCIceCandidateInit candidateInitDict)
        : this(candidateInitDict ?? throw new ArgumentNullException(nameof(candidateInitDict)), validate: true)
    {
    }

    private RTCIceCandidate(RTCIceCandidateInit init, bool validate)
    {
        if (validate && init.SdpMid is null && init.SdpMLineIndex is null)
        {
            throw new ArgumentException("An ICE candidate needs SdpMid or SdpMLineIndex; both are null.", nameof(init));
        }

        Candidate = init.Candidate;
        SdpMid = init.SdpMid;
        SdpMLineIndex = init.SdpMLineIndex;
        _parsed = CandidateAttribute.TryParse(init.Candidate, out var parsed) ? parsed : null;
        UsernameFragment = init.UsernameFragment ?? _parsed?.UsernameFragment;
    }

    /// <summary>The candidate-attribute ("candidate:...").</summary>
    public string Candidate { get; }

    /// <summary>The media stream identification tag of the m-section, or null.</summary>
    public string? SdpMid { get; }

    /// <summary>The index of the m-section, or null.</summary>
    public ushort? SdpMLineIndex { get; }

    /// <summary>The ICE username fragment: as given, else the candidate's "ufrag" extension, else null.</summary>
    public string? UsernameFragment { get; }

    /// <summary>The foundation, or null when the candidate could not be parsed.</summary>
    public string? Foundation => _parsed?.Foundation;

    /// <summary>The component (RTP or RTCP).</summary>
    public RTCIceComponent? Component => _parsed?.Component;

    /// <summary>The priority.</summary>
    public uint? Priority => _parsed?.Priority;

    /// <summary>The address: an IP address or an mDNS host name.</summary>
    public string? Address => _parsed?.Address;

    /// <summary>The transport protocol.</summary>
    public RTCIceProtocol? Protocol => _parsed?.Protocol;

    /// <summary>The port.</summary>
    public ushort? Port => _parsed?.Port;

    /// <summary>The candidate type.</summary>
    public RTCIceCandidateType? Type => _parsed?.Type;

    /// <summary>The TCP candidate type, for TCP candidates.</summary>
    public RTCIceTcpCandidateType? TcpType => _parsed?.TcpType;

    /// <summary>The related address (raddr) of a reflexive or relayed candidate.</summary>
    public string? RelatedAddress => _parsed?.RelatedAddress;

    /// <summary>The related port (rport) of a reflexive or relayed candidate.</summary>
    public ushort? RelatedPort => _parsed?.RelatedPort;

    /// <summary>A candidate to pass where the W3C API takes an RTCIceCandidateInit, as JavaScript allows.</summary>
    [return: NotNullIfNotNull(nameof(candidate))]
    public static implicit operator RTCIceCandidateInit?(RTCIceCandidate? candidate) => candidate?.ToInit();

    /// <summary>A candidate the engine gathered; not validated, since the engine always sets the m-section.</summary>
    internal static RTCIceCandidate FromEngine(RTCIceCandidateInit init) => new(init, validate: false);

    /// <summary>The init dictionary of this candidate (what <c>toJSON()</c> holds).</summary>
    public RTCIceCandidateInit ToInit() => new()
    {
        Candidate = Candidate,
        SdpMid = SdpMid,
        SdpMLineIndex = SdpMLineIndex,
        UsernameFragment = UsernameFragment,
    };

    /// <summary>The JSON a browser's <c>toJSON()</c> gives:
    /// <c>{"candidate":"...","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"..."}</c>.</summary>
    public string ToJson() => IceCandidateJson.Write(Candidate, SdpMid, SdpMLineIndex, UsernameFragment);

    /// <inheritdoc/>
    public override string ToString() => Candidate;
}
