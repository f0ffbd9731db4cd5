using RtcNative.Interop;

namespace RtcNative;

// The SCTP transport's [[MaxMessageSize]] as RTCDataChannel.Send needs it: read from the engine once the
// transport is connected, then kept here so that Send stays a field read, not a thread hop.
public sealed partial class RTCPeerConnection
{
    private double _maxMessageSize = double.NaN; // NaN: not known yet, read on the next use
    private int _maxMessageSizeVersion; // bumped by every invalidation, so a read racing one is not kept

    /// <summary>The largest message a channel may send: the remote a=max-message-size (65536 when absent, RFC 8841)
    /// capped by the engine's own limit. Infinite while there is no SCTP transport (no channel is open then).</summary>
    internal double MaxMessageSize
    {
        get
        {
            var known = Volatile.Read(ref _maxMessageSize);
            return double.IsNaN(known) ? ReadMaxMessageSize() : known;
        }
    }

    /// <summary>Forgets the limit: a description change may renegotiate a=max-message-size.</summary>
    internal void InvalidateMaxMessageSize()
    {
        lock (_sync)
        {
            _maxMessageSizeVersion++;
            Volatile.Write(ref _maxMessageSize, double.NaN);
        }
    }

    private unsafe double ReadMaxMessageSize()
    {
        int version;
        lock (_sync)
        {
            version = _maxMessageSizeVersion;
        }

        RtcnSctpTransportInfo info;
        RtcnStatus status;
        int present;
        try
        {
            status = RtcnNativeMethods.rtcn_peer_connection_get_sctp_transport(_handle, out present, &info);
        }
        catch (ObjectDisposedException)
        {
            return double.PositiveInfinity; // disposed meanwhile: Send reports the closed channel
        }

        if (status != RtcnStatus.Ok || present == 0)
        {
            return double.PositiveInfinity;
        }

        var limit = info.MaxMessageSize > 0 ? info.MaxMessageSize : double.PositiveInfinity;
        // Before the association is up the engine may not have applied the negotiated size yet: keep only a final value.
        if (info.State == RtcnSctpTransportState.Connected && !HasPendingDescriptionChange(remoteOnly: false))
        {
            lock (_sync)
            {
                if (version == _maxMessageSizeVersion)
                {
                    Volatile.Write(ref _maxMessageSize, limit);
                }
            }
        }

        return limit;
    }
}
