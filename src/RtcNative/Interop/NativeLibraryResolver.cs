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

    // The library once loaded. The runtime asks the resolver for each P/Invoke it binds: all of them when the library
    // initializes (NativeRuntime.BindEntryPoints), and, were they not bound then, some a second time seconds into a
    // run, when tiered compilation recompiles a hot caller with the call inlined. Answered from here after the first
    // load, those calls search no candidate paths and allocate nothing of ours (the search was about 1.6 KB of paths,
    // lists and strings a call, which the media benchmark counted as allocations per frame in its measured window).
    private static nint s_library;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName)
        {
            return 0;
        }

        var loaded = Volatile.Read(ref s_library);
        if (loaded == 0)
        {
            // Two first calls at once both load: the same handle (the loader counts the references), stored twice.
            loaded = Load(name, assembly, searchPath);
            Volatile.Write(ref s_library, loaded);
        }

        return loaded;
    }

    private static nint Load(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
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
