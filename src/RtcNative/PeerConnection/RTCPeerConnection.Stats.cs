using RtcNative.Interop;

namespace RtcNative;

// getStats().
public sealed partial class RTCPeerConnection
{
    /// <summary>Gathers the statistics of the whole connection (W3C getStats() without a selector): its
    /// transports, candidate pairs and candidates, certificates and data channels.</summary>
    /// <param name="cancellationToken">Cancels only before the request reaches the engine (getStats is not part of
    /// the operations chain; a request in flight completes).</param>
    /// <returns>The report. As in Chrome, a request pending at <see cref="Close"/> completes with its report and one made
    /// after reports what is left (the "peer-connection" stats).</returns>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public Task<RTCStatsReport> GetStatsAsync(CancellationToken cancellationToken = default) =>
        RunOperation(OperationKind.GetStats, 0, cancellationToken, static json => RTCStatsReport.FromNativeJson((string)json!),
            static (handle, _, userData) => RtcnNativeMethods.rtcn_peer_connection_get_stats(handle, userData));
}
