namespace RtcNative.Packaging.Tests;

/// <summary>The paths of the clone these tests were built from, and what ./build.sh pack leaves there.</summary>
internal static class RepoPaths
{
    /// <summary>The clone's root: the first folder above the test assembly that holds RtcNative.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Packages => Path.Combine(Root, "out", "packages");

    /// <summary>The unstripped library ./build.sh native builds (the one the managed tests load).</summary>
    public static string NativeLibrary => Path.Combine(Root, "out", "native", "librtcnative.so");

    /// <summary>The documented runtime needs of the native library (README's Install section refers to it).</summary>
    public static string RuntimeNeeds => Path.Combine(Root, "packaging", "runtime-needs.txt");

    /// <summary>Where build-time tools live between runs: RTCNATIVE_CACHE, else ~/.cache/rtcnative (as build.sh).</summary>
    public static string Cache =>
        Environment.GetEnvironmentVariable("RTCNATIVE_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "rtcnative");

    /// <summary>The one version of every package: Directory.Build.props' VersionPrefix.</summary>
    public static string Version { get; } = ReadVersion();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RtcNative.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RtcNative.sln above {AppContext.BaseDirectory}: these tests run from a build inside the clone.");
    }

    private static string ReadVersion()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        var versions = props.Descendants("VersionPrefix").Select(e => e.Value.Trim()).ToList();
        if (versions.Count != 1 || versions[0].Length == 0)
        {
            throw new InvalidOperationException($"Directory.Build.props must set VersionPrefix exactly once (found {versions.Count}).");
        }

        return versions[0];
    }
}
