using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// The connection's SCTP transport and the DTLS and ICE transports under it, as the engine last pushed them (with
/// an operation's completion, or on a transport change). The connection keeps one, replaced on its dispatcher;
/// the transport objects read it, so no getter asks the engine. (The ICE transport's states are the connection's
/// own ICE mirrors, not kept here twice.)
/// </summary>
internal sealed record TransportSnapshot(
    ulong Sequence,
    bool SctpPresent,
    RTCSctpTransportState SctpState,
    double MaxMessageSize,
    ushort? MaxChannels,
    RTCDtlsTransportState DtlsState,
    RTCIceRole Role,
    string? SelectedLocal,
    string? SelectedRemote,
    IReadOnlyList<byte[]> RemoteCertificates)
{
    /// <summary>Before the engine pushed anything: no SCTP transport.</summary>
    public static readonly TransportSnapshot None = new(0, false, RTCSctpTransportState.Connecting, double.PositiveInfinity, null,
        RTCDtlsTransportState.New, RTCIceRole.Unknown, null, null, []);

    /// <summary>After RTCPeerConnection.close(): every transport closed (webrtc-pc keeps them, without events).</summary>
    public TransportSnapshot Closed() => this with
    {
        SctpState = RTCSctpTransportState.Closed,
        DtlsState = RTCDtlsTransportState.Closed,
        SelectedLocal = null,
        SelectedRemote = null,
    };

    /// <summary>Copies a snapshot handed to a callback (borrowed).</summary>
    public static unsafe TransportSnapshot FromNative(RtcnTransportsInfo* info)
    {
        if (info is null || info->SctpPresent == 0)
        {
            return None with { Sequence = info is null ? 0 : info->Sequence };
        }

        var certificates = new byte[info->RemoteCertificateCount][];
        long offset = 0;
        for (var i = 0; i < certificates.Length; i++)
        {
            var length = (int)info->RemoteCertificateLengths[i];
            certificates[i] = new ReadOnlySpan<byte>(info->RemoteCertificates + offset, length).ToArray();
            offset += length;
        }

        return new TransportSnapshot(
            info->Sequence,
            true,
            info->SctpState.ToPublic(),
            info->SctpMaxMessageSize > 0 ? info->SctpMaxMessageSize : double.PositiveInfinity,
            info->SctpMaxChannels is >= 0 and <= ushort.MaxValue ? (ushort)info->SctpMaxChannels : null,
            info->DtlsState.ToPublic(),
            info->IceRole.ToPublic(),
            Utf8.Decode(info->SelectedLocalCandidate),
            Utf8.Decode(info->SelectedRemoteCandidate),
            certificates);
    }
}
