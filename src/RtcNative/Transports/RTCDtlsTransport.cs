namespace RtcNative;

/// <summary>The DTLS transport under a connection's SCTP transport (W3C RTCDtlsTransport).</summary>
public sealed class RTCDtlsTransport
{
    private readonly RTCPeerConnection _connection;
    private RTCDtlsTransportState _state;
    private IReadOnlyList<byte[]> _remoteCertificates = [];

    internal RTCDtlsTransport(RTCPeerConnection connection, in TransportSnapshot snapshot)
    {
        _connection = connection;
        _state = snapshot.DtlsState;
        IceTransport = new RTCIceTransport(connection, snapshot);
    }

    /// <summary>The state of the DTLS transport; equals the argument of <see cref="StateChange"/> inside its handlers.</summary>
    public RTCDtlsTransportState State
    {
        get
        {
            lock (_connection.TransportLock)
            {
                return _state;
            }
        }
    }

    /// <summary>The ICE transport the DTLS packets travel over.</summary>
    public RTCIceTransport IceTransport { get; }

    /// <summary>The state changed; the argument is the new state. Not raised by <see cref="RTCPeerConnection.Close"/>.</summary>
    public event EventHandler<RTCDtlsTransportState>? StateChange;

    /// <summary>The remote peer's certificate chain, DER-encoded, leaf first; empty before the handshake completes.
    /// Each call returns fresh copies. After close, the chain last read.</summary>
    public IReadOnlyList<byte[]> GetRemoteCertificates()
    {
        var chain = _connection.ReadRemoteCertificates();
        lock (_connection.TransportLock)
        {
            if (chain is { Count: > 0 })
            {
                _remoteCertificates = chain;
            }

            return [.. _remoteCertificates.Select(der => (byte[])der.Clone())];
        }
    }

    internal void OnStateChange(RTCDtlsTransportState state)
    {
        if (TransportStateMirror.TryAdvance(_connection, ref _state, state))
        {
            StateChange?.Invoke(this, state);
        }
    }

    internal void MarkClosedLocked()
    {
        _state = RTCDtlsTransportState.Closed;
        IceTransport.MarkClosedLocked();
    }
}
