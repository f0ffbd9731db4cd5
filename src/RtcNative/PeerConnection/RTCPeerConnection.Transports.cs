namespace RtcNative;

// RTCPeerConnection.sctp, the DTLS transports (of the data channels and of the transceivers) and the ICE transport
// under each. The engine pushes their snapshot with every operation that may create them and whenever one changes
// (state, role, selected pair, remote certificates); the connection keeps the newest and the transport objects read
// it, so none of their getters asks the engine.
public sealed partial class RTCPeerConnection
{
    private TransportSnapshot _transports = TransportSnapshot.None; // under _sync; replaced, never mutated
    private RTCSctpTransport? _sctp;
    private readonly Dictionary<ulong, RTCDtlsTransport> _dtlsTransports = []; // under _sync: the listed ones made so far

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

    /// <summary>The transports as last pushed (for the transport objects).</summary>
    internal TransportSnapshot Transports => Volatile.Read(ref _transports);

    /// <summary>The object of a DTLS transport, made on first use and the same until the transport is dropped
    /// (then it reads closed).</summary>
    internal RTCDtlsTransport DtlsTransport(ulong id)
    {
        lock (_sync)
        {
            if (!_dtlsTransports.TryGetValue(id, out var transport))
            {
                transport = new RTCDtlsTransport(this, id);
                if (_transports.FindDtls(id) is not null || id > _transports.HighestDtlsId)
                {
                    _dtlsTransports.Add(id, transport); // listed, or soon: kept for the events of its state changes
                }
            }

            return transport;
        }
    }

    /// <summary>Closes the transports' snapshot without events (call under <see cref="_sync"/> from MarkClosed).</summary>
    private void CloseTransportsLocked() => Volatile.Write(ref _transports, _transports.Closed());

    /// <summary>Dispatcher: takes a newer snapshot (snapshots come from two engine threads, so an older one may
    /// arrive late and is ignored), then raises the state changes it brings, bottom-up as they happen: ICE, DTLS,
    /// SCTP.</summary>
    private void ApplyTransports(TransportSnapshot snapshot)
    {
        TransportSnapshot previous;
        RTCSctpTransport? sctp = null;
        List<(RTCIceTransport Transport, RTCIceTransportState State)>? iceChanges = null;
        List<(RTCDtlsTransport Transport, RTCDtlsTransportState State)>? changes = null;
        lock (_sync)
        {
            if (_closed || snapshot.Sequence < _transports.Sequence)
            {
                return;
            }

            previous = _transports;
            snapshot = snapshot.After(previous);
            Volatile.Write(ref _transports, snapshot);
            foreach (var (id, transport) in _dtlsTransports.ToArray())
            {
                var state = snapshot.DtlsState(id);
                if (snapshot.FindDtls(id) is null && id <= snapshot.HighestDtlsId)
                {
                    _dtlsTransports.Remove(id); // bundled away or rolled back: it reads closed from now on
                }

                if (state != previous.DtlsState(id))
                {
                    (changes ??= []).Add((transport, state));
                }

                var iceState = snapshot.IceState(id);
                if (iceState != previous.IceState(id))
                {
                    (iceChanges ??= []).Add((transport.IceTransport, iceState));
                }
            }

            if (!snapshot.SctpPresent)
            {
                _sctp = null; // none yet, or rolled back
            }
            else if (_sctp is null || !previous.SctpPresent)
            {
                _sctp = new RTCSctpTransport(this); // reads the snapshot: no event for the states it starts with
            }
            else if (snapshot.SctpState != previous.SctpState)
            {
                sctp = _sctp;
            }
        }

        foreach (var (transport, state) in iceChanges ?? [])
        {
            transport.RaiseStateChange(state);
        }

        foreach (var (transport, state) in changes ?? [])
        {
            transport.RaiseStateChange(state);
        }

        sctp?.RaiseStateChange(snapshot.SctpState);
    }
}
