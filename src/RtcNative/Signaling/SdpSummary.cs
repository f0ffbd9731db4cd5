namespace RtcNative;

/// <summary>One m-section of an SDP as the signaling checks need it.</summary>
/// <param name="Mid">The a=mid value, or null.</param>
/// <param name="IceUsernameFragment">The a=ice-ufrag of the section, else the session-level one, else null.</param>
internal readonly record struct SdpMediaSection(string? Mid, string? IceUsernameFragment);

/// <summary>
/// The little the C# side reads from an SDP itself: the m-sections with their mid and ICE ufrag
/// (for addIceCandidate's usernameFragment check, which libwebrtc does not make) and whether the
/// peer announced trickle ICE (canTrickleIceCandidates, which libwebrtc does not expose). Never
/// throws: lines it does not understand are skipped, as the engine already validated the SDP.
/// </summary>
internal sealed class SdpSummary
{
    private SdpSummary(IReadOnlyList<SdpMediaSection> sections, bool trickle)
    {
        Sections = sections;
        SupportsTrickle = trickle;
    }

    /// <summary>The m-sections in order (their index is the sdpMLineIndex).</summary>
    public IReadOnlyList<SdpMediaSection> Sections { get; }

    /// <summary>Whether an a=ice-options line (session or media level) lists "trickle" (RFC 8840).</summary>
    public bool SupportsTrickle { get; }

    public static SdpSummary Parse(string sdp)
    {
        string? sessionUfrag = null;
        var trickle = false;
        var sections = new List<(string? Mid, string? Ufrag)>();
        foreach (var rawLine in sdp.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                sections.Add((null, null));
            }
            else if (line.StartsWith("a=mid:", StringComparison.Ordinal) && sections.Count > 0)
            {
                sections[^1] = (line["a=mid:".Length..].Trim(), sections[^1].Ufrag);
            }
            else if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                var ufrag = line["a=ice-ufrag:".Length..].Trim();
                if (sections.Count == 0)
                {
                    sessionUfrag = ufrag;
                }
                else
                {
                    sections[^1] = (sections[^1].Mid, ufrag);
                }
            }
            else if (line.StartsWith("a=ice-options:", StringComparison.Ordinal))
            {
                trickle |= line["a=ice-options:".Length..]
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Contains("trickle", StringComparer.OrdinalIgnoreCase);
            }
        }

        return new SdpSummary([.. sections.Select(s => new SdpMediaSection(s.Mid, s.Ufrag ?? sessionUfrag))], trickle);
    }

    /// <summary>The section a candidate names: by mid when given (as webrtc-pc), else by index; null when none matches.</summary>
    public SdpMediaSection? Find(string? mid, ushort? index)
    {
        if (mid is not null)
        {
            foreach (var section in Sections)
            {
                if (section.Mid == mid)
                {
                    return section;
                }
            }

            return null;
        }

        return index is { } i && i < Sections.Count ? Sections[i] : null;
    }
}
