namespace RtcNative;

/// <summary>The ICE transport under a DTLS transport (W3C RTCIceTransport). Its <see cref="Role"/> and selected pair
/// are its own; its <see cref="State"/> is the connection's ICE connection state and its <see cref="GatheringState"/>
/// the connection's gathering state, read from the connection's own mirrors so they always agree with the
/// connection's events (its <see cref="StateChange"/> follows the connection's). That is exact for the one bundled
/// transport libwebrtc uses by default; with several unbundled transports it is their aggregate.</summary>
public sealed class RTCIceTransport
{
    private readonly RTCPeerConnection _connection;
    private readonly RTCDtlsTransport _dtls;

    internal RTCIceTransport(RTCPeerConnection connection, RTCDtlsTransport dtls)
    {
        _connection = connection;
        _dtls = dtls;
    }

    /// <summary>The ICE state; equals the argument of <see cref="StateChange"/> inside its handlers.</summary>
    public RTCIceTransportState State => (RTCIceTransportState)(int)_connection.IceConnectionState;

    /// <summary>Whether this transport is gathering candidates.</summary>
    public RTCIceGathererState GatheringState => (RTCIceGathererState)(int)_connection.IceGatheringState;

    /// <summary>This side's ICE role: controlling on the offerer, controlled on the answerer (unknown before negotiation).</summary>
    public RTCIceRole Role => _dtls.Snapshot()?.Role ?? RTCIceRole.Unknown;

    /// <summary>The state changed; the argument is the new state. Not raised by <see cref="RTCPeerConnection.Close"/>.</summary>
    public event EventHandler<RTCIceTransportState>? StateChange;

    /// <summary>The pair ICE sends over; null before one is selected and after close.</summary>
    public RTCIceCandidatePair? GetSelectedCandidatePair()
    {
        var dtls = _dtls.Snapshot();
        var (local, remote) = (dtls?.SelectedLocal, dtls?.SelectedRemote);
        if (local is null || remote is null)
        {
            return null;
        }

        return new RTCIceCandidatePair(
            RTCIceCandidate.FromEngine(new RTCIceCandidateInit { Candidate = local }),
            RTCIceCandidate.FromEngine(new RTCIceCandidateInit { Candidate = remote }));
    }


    internal void RaiseStateChange(RTCIceTransportState state) => StateChange?.Invoke(this, state);
}
