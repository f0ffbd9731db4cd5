using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RtcNative.Interop;

/// <summary>
/// Process-wide native state: checks the loaded library's ABI version and registers the one
/// callback table, once, before the first factory is created. (It changes no process-wide .NET setting:
/// events run on RtcNative's own event threads, see Threading/EventThreads.)
/// </summary>
internal static unsafe class NativeRuntime
{
    private static readonly Lock InitializationLock = new();
    private static volatile bool s_initialized;

    /// <exception cref="DllNotFoundException">librtcnative could not be loaded.</exception>
    /// <exception cref="InvalidOperationException">The loaded library has another ABI version.</exception>
    public static void EnsureInitialized()
    {
        if (s_initialized)
        {
            return;
        }

        lock (InitializationLock)
        {
            if (s_initialized)
            {
                return;
            }

            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_get_abi_version(out var version));
            if (version != RtcnConstants.RTCN_ABI_VERSION)
            {
                throw new InvalidOperationException(
                    $"The loaded librtcnative has ABI version {version}, but this RtcNative assembly needs {RtcnConstants.RTCN_ABI_VERSION}: rebuild them together.");
            }

            BindEntryPoints();
            var callbacks = NativeCallbacks.CreateTable();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_register_callbacks(&callbacks));
            s_initialized = true;
        }
    }

    /// <summary>
    /// Binds every P/Invoke of the bindings to its native function now, once. Otherwise the runtime binds a P/Invoke at
    /// its first call and binds it again when tiered compilation recompiles a hot caller with the call inlined: seconds
    /// into a run, in the middle of a steady state, and each binding calls <see cref="NativeLibraryResolver"/> with a
    /// new string of the library's name (seen in the media benchmark as allocations in its measured window, on the
    /// frame reader's and the test pattern's calls). A P/Invoke bound here was not bound again in that benchmark.
    /// Skipped where nothing is compiled at run time (Native AOT): nothing is recompiled there. The cost, once per
    /// process: about 15 ms and 43 KB (the reflection over the bindings and the runtime's stubs), measured on a 2-core
    /// machine; small beside the first factory's start.
    /// </summary>
    private static void BindEntryPoints()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return;
        }

        foreach (var method in typeof(RtcnNativeMethods).GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        {
            if ((method.Attributes & MethodAttributes.PinvokeImpl) == 0)
            {
                continue;
            }

            try
            {
                Marshal.Prelink(method);
            }
            catch (EntryPointNotFoundException)
            {
                // A function this build of the library lacks: its call throws, as it would have without this.
            }
        }
    }

    /// <summary>How many native objects of a kind are alive (a leak check for tests and diagnostics).</summary>
    public static long LiveObjectCount(RtcnObjectKind kind = RtcnObjectKind.All)
    {
        EnsureInitialized();
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_get_live_object_count(kind, out var count));
        return count;
    }
}
