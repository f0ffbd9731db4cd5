using System.Collections.Concurrent;

namespace RtcNative.Interop;

/// <summary>
/// Roots wrappers that native callbacks may still reach while the program holds no reference:
/// an active, open connection and an open data channel (Chrome's pending-activity rule). The
/// native side only holds weak GCHandles, so without this an open channel that the program kept
/// only through its event handlers would be collected and its messages dropped.
/// </summary>
internal static class KeepAlive
{
    private static readonly ConcurrentDictionary<object, byte> Rooted = new(ReferenceEqualityComparer.Instance);

    public static void Hold(object wrapper) => Rooted.TryAdd(wrapper, 0);

    public static void Release(object wrapper) => Rooted.TryRemove(wrapper, out _);
}
