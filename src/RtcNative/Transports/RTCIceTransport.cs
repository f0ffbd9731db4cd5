namespace RtcNative;

/// <summary>The ICE transport under a DTLS transport (W3C RTCIceTransport): its own state, gathering state, role and
/// selected pair, pushed by the engine together with its DTLS transport's (so a connected DTLS transport never shows
/// an ICE transport that is not). Its <see cref="StateChange"/> is raised before the DTLS transport's of the same
/// snapshot; the connection's <see cref="RTCPeerConnection.IceConnectionStateChange"/> (the aggregate of every ICE
/// transport) comes on its own and is not ordered with it.</summary>
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
    public RTCIceTransportState State => _connection.Transports.IceState(_dtls.Id);

    /// <summary>Whether this transport is gathering candidates.</summary>
    public RTCIceGathererState GatheringState => _dtls.Snapshot()?.IceGatheringState ?? RTCIceGathererState.New;

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
