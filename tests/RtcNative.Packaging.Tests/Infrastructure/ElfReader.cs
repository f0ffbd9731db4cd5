using System.Text.RegularExpressions;

namespace RtcNative.Packaging.Tests;

/// <summary>What binutils' readelf says about a shared library: its NEEDED entries, sections, build ID
/// and the symbol versions (GLIBC_x.y, GLIBCXX_x.y) it requires.</summary>
internal static partial class ElfReader
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    public static async Task<IReadOnlyList<string>> NeededAsync(string library)
    {
        var dynamic = await ReadelfAsync("--dynamic", "--wide", library);
        return NeededPattern().Matches(dynamic).Select(m => m.Groups[1].Value).ToList();
    }

    public static async Task<IReadOnlyList<string>> SectionsAsync(string library)
    {
        var sections = await ReadelfAsync("--section-headers", "--wide", library);
        return SectionPattern().Matches(sections).Select(m => m.Groups[1].Value).ToList();
    }

    public static async Task<string> BuildIdAsync(string file)
    {
        var notes = await ReadelfAsync("--notes", file);
        var match = BuildIdPattern().Match(notes);
        return match.Success ? match.Groups[1].Value : throw new AssertionException($"{file} has no GNU build ID");
    }

    /// <summary>The &lt;prefix&gt;x.y versions (GLIBC_, GLIBCXX_) the library requires of the libraries it needs, highest first.</summary>
    public static async Task<IReadOnlyList<Version>> RequiredVersionsAsync(string library, string prefix)
    {
        var versions = await ReadelfAsync("--version-info", "--wide", library);
        // Only the "Version needs" section (.gnu.version_r) counts; what the library defines is irrelevant.
        var needs = versions.IndexOf(".gnu.version_r", StringComparison.Ordinal);
        Assert.That(needs, Is.GreaterThanOrEqualTo(0), $"readelf --version-info {library} shows no .gnu.version_r section");
        return RequiredVersionPattern().Matches(versions[needs..]).Where(m => m.Groups[1].Value == prefix)
            .Select(m => Version.Parse(m.Groups[2].Value)).Distinct().OrderDescending().ToList();
    }

    private static async Task<string> ReadelfAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunAsync("readelf", arguments, RepoPaths.Root, Limit);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result.Output;
    }

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex NeededPattern();

    [GeneratedRegex(@"^\s*\[\s*\d+\]\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"Build ID:\s*([0-9a-f]+)")]
    private static partial Regex BuildIdPattern();

    [GeneratedRegex(@"Name: ([A-Z]+_)(\d+(?:\.\d+){1,3})\s")]
    private static partial Regex RequiredVersionPattern();
}
