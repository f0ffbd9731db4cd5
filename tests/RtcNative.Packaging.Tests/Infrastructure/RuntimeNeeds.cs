namespace RtcNative.Packaging.Tests;

/// <summary>packaging/runtime-needs.txt: the documented shared libraries and symbol-version floors of librtcnative.so.</summary>
internal sealed record RuntimeNeeds(IReadOnlySet<string> Needed, Version GlibcFloor, Version GlibcxxFloor)
{
    public static RuntimeNeeds Load()
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        Version? glibc = null, glibcxx = null;
        foreach (var (line, number) in File.ReadLines(RepoPaths.RuntimeNeeds).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            switch (fields[0])
            {
                case "needed" when fields.Length >= 3:
                    Assert.That(needed.Add(fields[1]), Is.True, $"{RepoPaths.RuntimeNeeds}:{number}: {fields[1]} is listed twice");
                    break;
                case "glibc-floor" when fields.Length == 2:
                    glibc = Version.Parse(fields[1]);
                    break;
                case "glibcxx-floor" when fields.Length == 2:
                    glibcxx = Version.Parse(fields[1]);
                    break;
                default:
                    throw new FormatException($"{RepoPaths.RuntimeNeeds}:{number}: not 'needed <SONAME> <package> ...', 'glibc-floor <x.y>' or 'glibcxx-floor <x.y.z>': {line}");
            }
        }

        return new RuntimeNeeds(
            needed,
            glibc ?? throw new FormatException($"{RepoPaths.RuntimeNeeds} has no glibc-floor line"),
            glibcxx ?? throw new FormatException($"{RepoPaths.RuntimeNeeds} has no glibcxx-floor line"));
    }
}
