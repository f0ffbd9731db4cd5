using RtcNative.Interop;

namespace RtcNative;

// getStats().
public sealed partial class RTCPeerConnection
{
    /// <summary>Gathers the statistics of the whole connection (W3C getStats() without a selector): its
    /// transports, candidate pairs and candidates, certificates and data channels.</summary>
    /// <returns>The report; the task faults with "InvalidStateError" when the connection is closed first.</returns>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public Task<RTCStatsReport> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        // Started synchronously, so disposal and usage errors throw here (TAP), not from the task.
        var json = RunOperation<string, int>("getStats", 0, cancellationToken,
            static (handle, _, userData) => RtcnNativeMethods.rtcn_peer_connection_get_stats(handle, userData));
        return ParseAsync(json);
    }

    private static async Task<RTCStatsReport> ParseAsync(Task<string> json) =>
        RTCStatsReport.FromNativeJson(await json.ConfigureAwait(false));
}
