namespace RtcNative;

/// <summary>The C# mirror of a forward-only engine state (SCTP, DTLS), updated on the dispatcher.</summary>
internal static class TransportStateMirror
{
    /// <summary>Moves <paramref name="current"/> to <paramref name="next"/> and returns true, unless the
    /// connection's transports are closed or <paramref name="next"/> is not later: these states only move
    /// forward, so a change queued before the wrapper read a later state is stale.</summary>
    public static bool TryAdvance<T>(RTCPeerConnection connection, ref T current, T next) where T : struct, Enum
    {
        lock (connection.TransportLock)
        {
            if (connection.TransportsClosed || Comparer<T>.Default.Compare(next, current) <= 0)
            {
                return false;
            }

            current = next;
            return true;
        }
    }
}
