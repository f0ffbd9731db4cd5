namespace RtcNative;

/// <summary>The SCTP transport of a connection's data channels (W3C RTCSctpTransport), from
/// <see cref="RTCPeerConnection.Sctp"/>. The same instance is returned while the transport lives.</summary>
public sealed class RTCSctpTransport
{
    private readonly RTCPeerConnection _connection;
    private RTCSctpTransportState _state;
    private double _maxMessageSize;
    private ushort? _maxChannels;

    internal RTCSctpTransport(RTCPeerConnection connection, in TransportSnapshot snapshot)
    {
        _connection = connection;
        _state = snapshot.SctpState;
        _maxMessageSize = snapshot.MaxMessageSize;
        _maxChannels = snapshot.MaxChannels;
        Transport = new RTCDtlsTransport(connection, snapshot);
    }

    /// <summary>The state of the SCTP association; equals the argument of <see cref="StateChange"/> inside its handlers.</summary>
    public RTCSctpTransportState State
    {
        get
        {
            lock (_connection.TransportLock)
            {
                return _state;
            }
        }
    }

    /// <summary>The largest message a data channel may send: the remote a=max-message-size (65536 when absent,
    /// RFC 8841; 262144 between libwebrtc peers).</summary>
    public double MaxMessageSize
    {
        get
        {
            Refresh();
            lock (_connection.TransportLock)
            {
                return _maxMessageSize;
            }
        }
    }

    /// <summary>How many data channels may be open at once; null until the association is connected.</summary>
    public ushort? MaxChannels
    {
        get
        {
            Refresh();
            lock (_connection.TransportLock)
            {
                return _maxChannels;
            }
        }
    }

    /// <summary>The DTLS transport the SCTP packets travel over.</summary>
    public RTCDtlsTransport Transport { get; }

    /// <summary>The state changed; the argument is the new state. Not raised by <see cref="RTCPeerConnection.Close"/>.</summary>
    public event EventHandler<RTCSctpTransportState>? StateChange;

    private void Refresh()
    {
        if (_connection.ReadTransports() is { } snapshot)
        {
            lock (_connection.TransportLock)
            {
                _maxMessageSize = snapshot.MaxMessageSize;
                _maxChannels = snapshot.MaxChannels ?? _maxChannels;
            }
        }
    }

    /// <summary>Applies an engine state change on the dispatcher: updates the mirror, then raises the event.</summary>
    internal void OnStateChange(RTCSctpTransportState state)
    {
        if (TransportStateMirror.TryAdvance(_connection, ref _state, state))
        {
            StateChange?.Invoke(this, state);
        }
    }

    /// <summary>RTCPeerConnection.close(): every transport is closed, without events (call under the transport lock).</summary>
    internal void MarkClosedLocked()
    {
        _state = RTCSctpTransportState.Closed;
        Transport.MarkClosedLocked();
    }
}
