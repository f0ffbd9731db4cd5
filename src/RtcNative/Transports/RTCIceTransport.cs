namespace RtcNative;

/// <summary>The ICE transport under a connection's DTLS transport (W3C RTCIceTransport). With the bundled
/// transport libwebrtc uses for data, its <see cref="State"/> is the connection's standardized ICE connection
/// state (<see cref="RTCPeerConnection.IceConnectionState"/>).</summary>
public sealed class RTCIceTransport
{
    private readonly RTCPeerConnection _connection;
    private RTCIceTransportState _state;
    private RTCIceGathererState _gatheringState;
    private RTCIceRole _role;

    internal RTCIceTransport(RTCPeerConnection connection, in TransportSnapshot snapshot)
    {
        _connection = connection;
        _state = snapshot.IceState;
        _gatheringState = snapshot.GatheringState;
        _role = snapshot.Role;
    }

    /// <summary>The ICE state; equals the argument of <see cref="StateChange"/> inside its handlers.</summary>
    public RTCIceTransportState State
    {
        get
        {
            lock (_connection.TransportLock)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether this transport is gathering candidates.</summary>
    public RTCIceGathererState GatheringState
    {
        get
        {
            Refresh();
            lock (_connection.TransportLock)
            {
                return _gatheringState;
            }
        }
    }

    /// <summary>This side's ICE role: controlling on the offerer, controlled on the answerer (unknown before negotiation).</summary>
    public RTCIceRole Role
    {
        get
        {
            Refresh();
            lock (_connection.TransportLock)
            {
                return _role;
            }
        }
    }

    /// <summary>The state changed; the argument is the new state. Not raised by <see cref="RTCPeerConnection.Close"/>.</summary>
    public event EventHandler<RTCIceTransportState>? StateChange;

    /// <summary>The pair ICE sends over; null before one is selected and after close.</summary>
    public RTCIceCandidatePair? GetSelectedCandidatePair()
    {
        var snapshot = _connection.ReadTransports();
        if (snapshot is not { SelectedLocal: { } local, SelectedRemote: { } remote })
        {
            return null;
        }

        return new RTCIceCandidatePair(
            RTCIceCandidate.FromEngine(new RTCIceCandidateInit { Candidate = local }),
            RTCIceCandidate.FromEngine(new RTCIceCandidateInit { Candidate = remote }));
    }

    private void Refresh()
    {
        if (_connection.ReadTransports() is { } snapshot)
        {
            lock (_connection.TransportLock)
            {
                if (!_connection.TransportsClosed)
                {
                    _gatheringState = snapshot.GatheringState;
                    _role = snapshot.Role;
                }
            }
        }
    }

    internal void OnStateChange(RTCIceTransportState state)
    {
        lock (_connection.TransportLock)
        {
            if (_connection.TransportsClosed || state == _state)
            {
                return;
            }

            _state = state;
        }

        StateChange?.Invoke(this, state);
    }

    internal void MarkClosedLocked() => _state = RTCIceTransportState.Closed;
}
