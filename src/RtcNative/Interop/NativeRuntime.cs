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

            var callbacks = NativeCallbacks.CreateTable();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_register_callbacks(&callbacks));
            s_initialized = true;
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
