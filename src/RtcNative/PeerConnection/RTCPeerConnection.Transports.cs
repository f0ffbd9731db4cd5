namespace RtcNative;

// RTCPeerConnection.sctp and the transports under it. The engine pushes their snapshot with every operation that
// may create them and whenever one changes (state, role, selected pair, remote certificates); the connection keeps
// the newest and the transport objects read it, so none of their getters asks the engine.
public sealed partial class RTCPeerConnection
{
    private TransportSnapshot _transports = TransportSnapshot.None; // under _sync; replaced, never mutated
    private RTCSctpTransport? _sctp;

    /// <summary>The SCTP transport of the data channels; null until a description with a data m-line was applied.
    /// Returns the same instance while the transport lives; after <see cref="Close"/> the last one, with every
    /// state closed.</summary>
    public RTCSctpTransport? Sctp
    {
        get
        {
            ThrowIfDisposed();
            lock (_sync)
            {
                return _sctp;
            }
        }
    }

    /// <summary>The largest message a channel may send: the remote a=max-message-size (65536 when absent, RFC 8841)
    /// capped by the engine's own limit. Infinite while there is no SCTP transport (no channel is open then).
    /// Lock-free: Send reads it on every call.</summary>
    internal double MaxMessageSize => Volatile.Read(ref _transports).MaxMessageSize;

    /// <summary>Reads the transports as last pushed (for the transport objects).</summary>
    internal T ReadTransports<T>(Func<TransportSnapshot, T> read) => read(Volatile.Read(ref _transports));

    /// <summary>Closes the transports' snapshot without events (call under <see cref="_sync"/> from MarkClosed).</summary>
    private void CloseTransportsLocked() => Volatile.Write(ref _transports, _transports.Closed());

    /// <summary>Dispatcher: takes a newer snapshot (snapshots come from two engine threads, so an older one may
    /// arrive late and is ignored), then raises the state changes it brings, bottom-up as they happen: DTLS, SCTP.
    /// (The ICE transport's state is the connection's: its event follows the connection's.)</summary>
    private void ApplyTransports(TransportSnapshot snapshot)
    {
        TransportSnapshot previous;
        RTCSctpTransport? sctp;
        lock (_sync)
        {
            if (_closed || snapshot.Sequence < _transports.Sequence)
            {
                return;
            }

            previous = _transports;
            Volatile.Write(ref _transports, snapshot);
            if (!snapshot.SctpPresent)
            {
                _sctp = null; // none yet, or rolled back
                return;
            }

            if (_sctp is null || !previous.SctpPresent)
            {
                _sctp = new RTCSctpTransport(this); // reads the snapshot: no event for the states it starts with
                return;
            }

            sctp = _sctp;
        }

        if (snapshot.DtlsState != previous.DtlsState)
        {
            sctp.Transport.RaiseStateChange(snapshot.DtlsState);
        }

        if (snapshot.SctpState != previous.SctpState)
        {
            sctp.RaiseStateChange(snapshot.SctpState);
        }
    }
}
