namespace RtcNative.Tests;

/// <summary>SDP comparisons that ignore what ICE gathering adds to a description after it was set
/// (candidate lines, and the default candidate's address in c= and the m= port).</summary>
internal static class SdpText
{
    public static string WithoutGatheringChanges(string sdp) => string.Join("\r\n",
        sdp.Split("\r\n")
            .Where(line => !line.StartsWith("a=candidate:", StringComparison.Ordinal) && line != "a=end-of-candidates")
            .Select(line => line.StartsWith("c=", StringComparison.Ordinal) ? "c=*"
                : line.StartsWith("m=", StringComparison.Ordinal) ? WithoutPort(line)
                : line));

    private static string WithoutPort(string mediaLine)
    {
        var fields = mediaLine.Split(' ');
        fields[1] = "*";
        return string.Join(' ', fields);
    }
}
