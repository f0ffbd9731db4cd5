namespace RtcNative.Interop;

/// <summary>
/// Process-wide native state: checks the loaded library's ABI version and registers the one
/// callback table, once, before the first factory is created; and makes sure the thread pool, which
/// raises every event, can run other connections' events while some handlers block.
/// </summary>
internal static unsafe class NativeRuntime
{
    /// <summary>The AppContext switch that leaves the thread pool's minimum alone (see <see cref="EnsureThreadPoolHeadroom"/>).</summary>
    public const string KeepThreadPoolMinimumSwitch = "RtcNative.KeepThreadPoolMinimum";

    /// <summary>The fewest worker threads the pool may start without delay: blocked handlers up to this many
    /// (less what the application itself blocks) delay nobody else.</summary>
    public static int ThreadPoolHeadroom => Math.Max(16, 2 * Environment.ProcessorCount);

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
            EnsureThreadPoolHeadroom();
            s_initialized = true;
        }
    }

    /// <summary>
    /// Every connection's events run on the thread pool, one connection at a time, so a handler that blocks
    /// holds one pool thread. The pool starts threads without delay only up to its minimum (the processor
    /// count by default); past it, it adds about one thread per half second. On a 2-core machine one blocked
    /// handler plus one other blocked pool thread (a test host's socket loop, a sync-over-async call) then
    /// stalls the events of every other connection for 0.5-1 s, breaking "a slow handler delays only its own
    /// connection". So the minimum is raised (never lowered) to <see cref="ThreadPoolHeadroom"/>; threads are
    /// still created only when needed and retire when idle. An application that manages the pool itself opts
    /// out with the AppContext switch <see cref="KeepThreadPoolMinimumSwitch"/>.
    /// </summary>
    private static void EnsureThreadPoolHeadroom()
    {
        if (AppContext.TryGetSwitch(KeepThreadPoolMinimumSwitch, out var keep) && keep)
        {
            return;
        }

        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < ThreadPoolHeadroom)
        {
            ThreadPool.SetMinThreads(ThreadPoolHeadroom, completionPorts);
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
