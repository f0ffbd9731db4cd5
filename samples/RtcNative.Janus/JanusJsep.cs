using System.Text.Json.Nodes;

namespace RtcNative.Janus;

/// <summary>Conversions between RtcNative's descriptions and candidates and Janus's "jsep" and "candidate" members
/// (the browser's JSON shapes: <c>{"type","sdp"}</c> and <c>{"candidate","sdpMid","sdpMLineIndex"}</c>).</summary>
public static class JanusJsep
{
    /// <summary>The "jsep" member for <paramref name="description"/> (an offer or an answer).</summary>
    /// <exception cref="ArgumentException">The description is neither an offer nor an answer (Janus takes no others).</exception>
    public static JsonObject FromDescription(RTCSessionDescriptionInit description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var type = description.Type switch
        {
            RTCSdpType.Offer => "offer",
            RTCSdpType.Answer => "answer",
            _ => throw new ArgumentException($"Janus takes an offer or an answer, not {description.Type}", nameof(description)),
        };
        return new JsonObject { ["type"] = type, ["sdp"] = description.Sdp };
    }

    /// <summary>The description in a "jsep" member Janus sent.</summary>
    /// <exception cref="FormatException">The member has no "sdp" string or a type other than offer or answer.</exception>
    public static RTCSessionDescriptionInit ToDescription(JsonObject jsep)
    {
        ArgumentNullException.ThrowIfNull(jsep);
        var sdp = jsep["sdp"] is JsonValue s && s.TryGetValue<string>(out var text) ? text : throw new FormatException("jsep without an sdp string: " + jsep.ToJsonString());
        return (string?)jsep["type"] switch
        {
            "offer" => new RTCSessionDescriptionInit(RTCSdpType.Offer, sdp),
            "answer" => new RTCSessionDescriptionInit(RTCSdpType.Answer, sdp),
            var other => throw new FormatException($"jsep of type '{other}': Janus sends offers and answers"),
        };
    }

    /// <summary>The "candidate" member of a trickle request: the candidate, or <c>{"completed":true}</c> for null
    /// (gathering finished).</summary>
    public static JsonObject FromCandidate(RTCIceCandidate? candidate)
    {
        if (candidate is null || candidate.Candidate.Length == 0)
        {
            return new JsonObject { ["completed"] = true };
        }

        var result = new JsonObject { ["candidate"] = candidate.Candidate };
        if (candidate.SdpMid is { } mid)
        {
            result["sdpMid"] = mid;
        }

        if (candidate.SdpMLineIndex is { } index)
        {
            result["sdpMLineIndex"] = index;
        }

        return result;
    }

    /// <summary>The candidate in a "trickle" event Janus sent (full-trickle mode), or null for its
    /// <c>{"completed":true}</c>.</summary>
    /// <exception cref="FormatException">The member has neither a candidate string nor "completed".</exception>
    public static RTCIceCandidateInit? ToCandidate(JsonObject candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate["completed"] is JsonValue completed && completed.TryGetValue<bool>(out var done) && done)
        {
            return null;
        }

        var text = (string?)candidate["candidate"] ?? throw new FormatException("trickle without a candidate: " + candidate.ToJsonString());
        return new RTCIceCandidateInit
        {
            Candidate = text,
            SdpMid = (string?)candidate["sdpMid"],
            SdpMLineIndex = candidate["sdpMLineIndex"] is JsonValue index ? (ushort)index.GetValue<int>() : null,
        };
    }
}
