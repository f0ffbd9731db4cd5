using RtcNative.Interop;

namespace RtcNative;

// getStats().
public sealed partial class RTCPeerConnection
{
    /// <summary>Gathers statistics (W3C getStats()): of the whole connection without a selector (transports, candidate
    /// pairs and candidates, certificates, data channels, RTP streams, codecs, media sources), or of the one sender or
    /// receiver of <paramref name="selector"/> and what its streams reference.</summary>
    /// <param name="selector">A track sent or received by exactly one sender or receiver of this connection, or null.</param>
    /// <param name="cancellationToken">Cancels only before the request reaches the engine (getStats is not part of
    /// the operations chain; a request in flight completes).</param>
    /// <returns>The report. As in Chrome, a request pending at <see cref="Close"/> completes with its report and one made
    /// after reports what is left (the "peer-connection" stats).</returns>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    /// <exception cref="RTCException">"InvalidAccessError" when no sender or receiver, or more than one, has the track.</exception>
    public Task<RTCStatsReport> GetStatsAsync(MediaStreamTrack? selector = null, CancellationToken cancellationToken = default) =>
        RunOperation(OperationKind.GetStats, selector, cancellationToken, static json => RTCStatsReport.FromNativeJson((string)json!),
            static (handle, track, userData) => track is null
                ? RtcnNativeMethods.rtcn_peer_connection_get_stats(handle, userData)
                : RtcnNativeMethods.rtcn_peer_connection_get_stats_for_track(handle, track.Handle, userData));
}
