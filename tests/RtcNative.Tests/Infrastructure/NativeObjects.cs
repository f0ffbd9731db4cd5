using RtcNative.Interop;

namespace RtcNative.Tests;

/// <summary>The native side's live object counter, which is process-wide: a test that measures it first waits for the
/// objects of earlier tests (released on libwebrtc's threads after their Dispose returned) to be gone.</summary>
internal static class NativeObjects
{
    public static long Count => PeerConnectionFactory.GetLiveNativeObjectCount();

    /// <summary>Collects garbage and polls until exactly <paramref name="expected"/> native objects are alive.</summary>
    public static Task<bool> ReachAsync(long expected) => Timeouts.PollAsync(() =>
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Count == expected;
    });

    /// <summary>The live count per kind, for assertion messages.</summary>
    public static string Describe() => "still alive: " + string.Join(", ",
        Enum.GetValues<RtcnObjectKind>().Select(kind =>
        {
            RtcnNativeMethods.rtcn_get_live_object_count(kind, out var count);
            return $"{kind}={count}";
        }));
}
