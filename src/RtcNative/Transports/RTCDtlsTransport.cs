namespace RtcNative;

/// <summary>The DTLS transport under a connection's SCTP transport (W3C RTCDtlsTransport).</summary>
public sealed class RTCDtlsTransport
{
    private readonly RTCPeerConnection _connection;

    internal RTCDtlsTransport(RTCPeerConnection connection)
    {
        _connection = connection;
        IceTransport = new RTCIceTransport(connection);
    }

    /// <summary>The state of the DTLS transport; equals the argument of <see cref="StateChange"/> inside its handlers.</summary>
    public RTCDtlsTransportState State => _connection.ReadTransports(static t => t.DtlsState);

    /// <summary>The ICE transport the DTLS packets travel over.</summary>
    public RTCIceTransport IceTransport { get; }

    /// <summary>The state changed; the argument is the new state. Not raised by <see cref="RTCPeerConnection.Close"/>.</summary>
    public event EventHandler<RTCDtlsTransportState>? StateChange;

    /// <summary>The remote peer's certificate chain, DER-encoded, leaf first; empty before the handshake completes.
    /// Each call returns fresh copies. After close, the chain of the closed transport.</summary>
    public IReadOnlyList<byte[]> GetRemoteCertificates() =>
        _connection.ReadTransports(static t => t.RemoteCertificates).Select(static der => (byte[])der.Clone()).ToArray();


    internal void RaiseStateChange(RTCDtlsTransportState state) => StateChange?.Invoke(this, state);
}
