using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RtcNative.Interop;

/// <summary>
/// Finds librtcnative for this assembly. A NuGet package gets it through deps.json, but a
/// ProjectReference carries no native assets: the library only lands in the output under
/// runtimes/{rid}/native, where the default probing does not look.
/// </summary>
internal static class NativeLibraryResolver
{
    internal const string LibraryName = "rtcnative";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The resolver must be in place before the first P/Invoke of this assembly, whoever makes it.")]
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName)
        {
            return 0;
        }

        var candidates = CandidatePaths(assembly).Distinct().ToList();
        var failures = new List<string>();
        foreach (var path in candidates.Where(File.Exists))
        {
            try
            {
                return NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                failures.Add(e.Message.Trim()); // e.g. a missing dependency of the library, or a wrong architecture
            }
        }

        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var probed))
        {
            return probed;
        }

        throw new DllNotFoundException(
            $"RtcNative could not load its native library {FileName()}. Looked for: {string.Join(", ", candidates)}, " +
            "then the default probing paths. " +
            (failures.Count > 0 ? $"Found but failed to load: {string.Join("; ", failures)}. " : "") +
            "Build it with ./build.sh, or set the RtcNativeLibrary MSBuild property to its path.");
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty Location (single-file) is skipped; AppContext.BaseDirectory is probed too.")]
    private static IEnumerable<string> CandidatePaths(Assembly assembly)
    {
        var fileName = FileName();
        var baseDirectory = AppContext.BaseDirectory;
        foreach (var rid in RuntimeIdentifiers())
        {
            yield return Path.Combine(baseDirectory, "runtimes", rid, "native", fileName);
        }

        var assemblyDirectory = string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
        if (assemblyDirectory is not null)
        {
            yield return Path.Combine(assemblyDirectory, fileName);
        }

        yield return Path.Combine(baseDirectory, fileName);
    }

    /// <summary>The runtime's own RID, then the portable one (linux-x64, win-x64, osx-arm64, ...).</summary>
    private static IEnumerable<string> RuntimeIdentifiers()
    {
        var portable = $"{OperatingSystemMoniker()}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        if (RuntimeInformation.RuntimeIdentifier != portable)
        {
            yield return RuntimeInformation.RuntimeIdentifier;
        }

        yield return portable;
    }

    private static string OperatingSystemMoniker() =>
        OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";

    private static string FileName() =>
        OperatingSystem.IsWindows() ? $"{LibraryName}.dll"
        : OperatingSystem.IsMacOS() ? $"lib{LibraryName}.dylib"
        : $"lib{LibraryName}.so";
}
