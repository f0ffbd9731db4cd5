namespace RtcNative;

/// <summary>The SCTP transport of a connection's data channels (W3C RTCSctpTransport), from
/// <see cref="RTCPeerConnection.Sctp"/>. The same instance is returned while the transport lives. Its members read
/// what the engine last pushed; none waits for the engine.</summary>
public sealed class RTCSctpTransport
{
    private readonly RTCPeerConnection _connection;

    internal RTCSctpTransport(RTCPeerConnection connection) => _connection = connection;

    /// <summary>The state of the SCTP association; equals the argument of <see cref="StateChange"/> inside its handlers.</summary>
    public RTCSctpTransportState State => _connection.Transports.SctpState;

    /// <summary>The largest message a data channel may send: the remote a=max-message-size (65536 when absent,
    /// RFC 8841; 262144 between libwebrtc peers), capped by this engine's limit (262144).</summary>
    public double MaxMessageSize => _connection.Transports.MaxMessageSize;

    /// <summary>How many data channels may be open at once: the SCTP streams this engine carries (ids 0-1023: 1024,
    /// whatever larger number SCTP negotiated); null until the association is connected.</summary>
    public ushort? MaxChannels => _connection.Transports.MaxChannels;

    /// <summary>The DTLS transport the SCTP packets travel over (with bundling, the senders' and receivers' too).</summary>
    public RTCDtlsTransport Transport => _connection.DtlsTransport(_connection.Transports.SctpDtlsId);

    /// <summary>The state changed; the argument is the new state. Not raised by <see cref="RTCPeerConnection.Close"/>.</summary>
    public event EventHandler<RTCSctpTransportState>? StateChange;


    internal void RaiseStateChange(RTCSctpTransportState state) => StateChange?.Invoke(this, state);
}
