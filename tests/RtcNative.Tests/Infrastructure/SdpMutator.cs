namespace RtcNative.Tests;

/// <summary>
/// Structural mutations of an SDP for fuzzing (seeded: a failing case is reproducible from the seed): unknown media
/// types, protocols and formats, duplicated, missing or renamed mids, BUNDLE groups naming unknown mids, sections
/// appended or removed, attributes dropped or repeated.
/// </summary>
internal static class SdpMutator
{
    private static readonly string[] MediaTypes = ["application", "audio", "video", "foo", "text", "message", "image", ""];
    private static readonly string[] Protocols =
        ["UDP/DTLS/SCTP", "DTLS/SCTP", "TCP/DTLS/SCTP", "SCTP", "RTP/AVP", "UDP/TLS/RTP/SAVPF", "RTP/SAVP", "TCP/MSRP", "x", "UDP/DTLS/SCTP/EXTRA"];
    private static readonly string[] Formats = ["webrtc-datachannel", "0", "96", "5000", "120 121", "x", "-1", "65536"];
    private static readonly string[] Mids = ["0", "1", "2", "data", "", "0 0", "a b"];

    public static string Mutate(string sdp, Random random)
    {
        var lines = SdpEdit.Lines(sdp).ToList();
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            switch (random.Next(9))
            {
                case 0: ReplaceMLine(lines, random); break;
                case 1: AppendSection(lines, random); break;
                case 2: SetMid(lines, random); break;
                case 3: RemoveLines(lines, random, "a=mid:"); break;
                case 4: SetBundle(lines, random); break;
                case 5: RemoveLines(lines, random, "a=group:"); break;
                case 6: DuplicateSection(lines); break;
                case 7: RemoveLines(lines, random, Pick(random, ["a=sctp-port:", "a=max-message-size:", "a=setup:", "c=", "a=ice-ufrag:"])); break;
                default: AppendSection(lines, random); SetBundle(lines, random); break;
            }
        }

        return string.Join("\r\n", lines) + "\r\n";
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];

    private static int RandomSection(List<string> lines, Random random)
    {
        var sections = lines.Select((line, index) => (line, index)).Where(l => l.line.StartsWith("m=", StringComparison.Ordinal)).ToList();
        return sections.Count == 0 ? -1 : sections[random.Next(sections.Count)].index;
    }

    private static void ReplaceMLine(List<string> lines, Random random)
    {
        var at = RandomSection(lines, random);
        if (at >= 0)
        {
            lines[at] = $"m={Pick(random, MediaTypes)} {random.Next(0, 3) * 9} {Pick(random, Protocols)} {Pick(random, Formats)}";
        }
    }

    private static void AppendSection(List<string> lines, Random random)
    {
        lines.Add($"m={Pick(random, MediaTypes)} 9 {Pick(random, Protocols)} {Pick(random, Formats)}");
        lines.Add("c=IN IP4 0.0.0.0");
        if (random.Next(4) != 0)
        {
            lines.Add($"a=mid:{Pick(random, Mids)}");
        }

        if (random.Next(2) == 0)
        {
            lines.Add("a=sctp-port:5000");
        }
    }

    private static void SetMid(List<string> lines, Random random)
    {
        var mids = lines.Select((line, index) => (line, index)).Where(l => l.line.StartsWith("a=mid:", StringComparison.Ordinal)).ToList();
        if (mids.Count > 0)
        {
            lines[mids[random.Next(mids.Count)].index] = $"a=mid:{Pick(random, Mids)}";
        }
    }

    private static void SetBundle(List<string> lines, Random random)
    {
        var group = $"a=group:BUNDLE {string.Join(' ', Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(random, Mids)))}";
        var at = lines.FindIndex(line => line.StartsWith("a=group:", StringComparison.Ordinal));
        if (at >= 0)
        {
            lines[at] = group;
        }
        else
        {
            lines.Insert(Math.Min(4, lines.Count), group);
        }
    }

    private static void RemoveLines(List<string> lines, Random random, string prefix)
    {
        var matching = lines.Select((line, index) => (line, index)).Where(l => l.line.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (matching.Count > 0)
        {
            lines.RemoveAt(matching[random.Next(matching.Count)].index);
        }
    }

    private static void DuplicateSection(List<string> lines)
    {
        var start = lines.FindIndex(line => line.StartsWith("m=", StringComparison.Ordinal));
        if (start >= 0)
        {
            lines.AddRange(lines.Skip(start).ToList());
        }
    }
}
