namespace RtcNative;

/// <summary>A DTLS transport of a connection (W3C RTCDtlsTransport): under its SCTP transport
/// (<see cref="RTCSctpTransport.Transport"/>) and its senders and receivers (<see cref="RTCRtpSender.Transport"/>);
/// one object for all of them when bundled. The same instance is returned while the transport lives; one the
/// connection no longer uses (bundled away, rolled back) reads <see cref="RTCDtlsTransportState.Closed"/>.</summary>
public sealed class RTCDtlsTransport
{
    private readonly RTCPeerConnection _connection;

    internal RTCDtlsTransport(RTCPeerConnection connection, ulong id)
    {
        _connection = connection;
        Id = id;
        IceTransport = new RTCIceTransport(connection, this);
    }

    /// <summary>The engine's id of this transport (never reused within the connection).</summary>
    internal ulong Id { get; }

    /// <summary>The state of the DTLS transport; equals the argument of <see cref="StateChange"/> inside its handlers.</summary>
    public RTCDtlsTransportState State => _connection.Transports.DtlsState(Id);

    /// <summary>The ICE transport the DTLS packets travel over.</summary>
    public RTCIceTransport IceTransport { get; }

    /// <summary>The state changed; the argument is the new state. Not raised by <see cref="RTCPeerConnection.Close"/>.</summary>
    public event EventHandler<RTCDtlsTransportState>? StateChange;

    /// <summary>The remote peer's certificate chain, DER-encoded, leaf first; empty before the handshake completes.
    /// Each call returns fresh copies. After close, the chain of the closed transport.</summary>
    public IReadOnlyList<byte[]> GetRemoteCertificates() =>
        (Snapshot()?.RemoteCertificates ?? []).Select(static der => (byte[])der.Clone()).ToArray();

    /// <summary>This transport as last pushed; null once the connection no longer lists it.</summary>
    internal DtlsTransportSnapshot? Snapshot() => _connection.Transports.FindDtls(Id);

    internal void RaiseStateChange(RTCDtlsTransportState state) => StateChange?.Invoke(this, state);
}
