namespace RtcNative.Tests;

/// <summary>SDP munging for tests, line by line, keeping CRLF.</summary>
internal static class SdpEdit
{
    public static string[] Lines(string sdp) => sdp.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value of the first <c>a=name:value</c> line, or null.</summary>
    public static string? Attribute(string sdp, string name) =>
        Lines(sdp).FirstOrDefault(l => l.StartsWith($"a={name}:", StringComparison.Ordinal))?[(name.Length + 3)..];

    public static string WithoutLines(string sdp, Func<string, bool> remove) => Join(Lines(sdp).Where(l => !remove(l)));

    /// <summary>Replaces every line starting with <paramref name="prefix"/> by <paramref name="replacement"/>.</summary>
    public static string ReplaceLines(string sdp, string prefix, string replacement) =>
        Join(Lines(sdp).Select(l => l.StartsWith(prefix, StringComparison.Ordinal) ? replacement : l));

    /// <summary>Inserts <paramref name="line"/> after the first line starting with <paramref name="prefix"/>.</summary>
    public static string InsertAfter(string sdp, string prefix, string line)
    {
        var lines = Lines(sdp).ToList();
        lines.Insert(lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal)) + 1, line);
        return Join(lines);
    }

    /// <summary>The 1-based number of the first line starting with <paramref name="prefix"/>.</summary>
    public static int LineNumber(string sdp, string prefix) =>
        Array.FindIndex(Lines(sdp), l => l.StartsWith(prefix, StringComparison.Ordinal)) + 1;

    private static string Join(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";
}
