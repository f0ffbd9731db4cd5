using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// The connection's SCTP transport and its DTLS transports (the data channels' and the transceivers': one when
/// bundled), as the engine last pushed them (with an operation's completion, or on a transport change). The
/// connection keeps one, replaced on its dispatcher; the transport objects read it, so no getter asks the engine.
/// (ICE states are the connection's own ICE mirrors, not kept here twice.)
/// </summary>
internal sealed record TransportSnapshot(
    ulong Sequence,
    bool SctpPresent,
    RTCSctpTransportState SctpState,
    double MaxMessageSize,
    ushort? MaxChannels,
    ulong SctpDtlsId,
    IReadOnlyList<DtlsTransportSnapshot> Dtls)
{
    /// <summary>The highest DTLS transport id listed by this snapshot or an earlier one (ids only grow): an id above
    /// it was not listed yet, one below it and not listed was dropped.</summary>
    public ulong HighestDtlsId { get; init; }

    /// <summary>Before the engine pushed anything: no transport.</summary>
    public static readonly TransportSnapshot None = new(0, false, RTCSctpTransportState.Connecting, double.PositiveInfinity, null, 0, []);

    /// <summary>The DTLS transport with this id, or null when the snapshot does not list it (any more).</summary>
    public DtlsTransportSnapshot? FindDtls(ulong id)
    {
        foreach (var dtls in Dtls)
        {
            if (dtls.Id == id)
            {
                return dtls;
            }
        }

        return null;
    }

    /// <summary>A DTLS transport's state: listed, its own; not listed, new when it was not listed yet (a transceiver
    /// may name it just before the snapshot listing it arrives), closed when it was dropped.</summary>
    public RTCDtlsTransportState DtlsState(ulong id) =>
        FindDtls(id)?.State ?? (id > HighestDtlsId ? RTCDtlsTransportState.New : RTCDtlsTransportState.Closed);

    /// <summary>The state of a DTLS transport's ICE transport, as <see cref="DtlsState"/> for one not listed.</summary>
    public RTCIceTransportState IceState(ulong id) =>
        FindDtls(id)?.IceState ?? (id > HighestDtlsId ? RTCIceTransportState.New : RTCIceTransportState.Closed);

    /// <summary>This snapshot, following <paramref name="previous"/>, with <see cref="HighestDtlsId"/> set.</summary>
    public TransportSnapshot After(TransportSnapshot previous) =>
        this with { HighestDtlsId = Dtls.Select(static d => d.Id).Append(previous.HighestDtlsId).Max() };

    /// <summary>After RTCPeerConnection.close(): every transport closed (webrtc-pc keeps them, without events).</summary>
    public TransportSnapshot Closed() => this with
    {
        SctpState = RTCSctpTransportState.Closed,
        Dtls = [.. Dtls.Select(static d => d with
        {
            State = RTCDtlsTransportState.Closed,
            IceState = RTCIceTransportState.Closed,
            SelectedLocal = null,
            SelectedRemote = null,
        })],
    };

    /// <summary>Copies a snapshot handed to a callback (borrowed).</summary>
    public static unsafe TransportSnapshot FromNative(RtcnTransportsInfo* info)
    {
        if (info is null)
        {
            return None;
        }

        var dtls = new DtlsTransportSnapshot[Math.Max(0, info->DtlsTransportCount)];
        for (var i = 0; i < dtls.Length; i++)
        {
            dtls[i] = DtlsTransportSnapshot.FromNative(&info->DtlsTransports[i]);
        }

        if (info->SctpPresent == 0)
        {
            return None with { Sequence = info->Sequence, Dtls = dtls };
        }

        return new TransportSnapshot(
            info->Sequence,
            true,
            info->SctpState.ToPublic(),
            info->SctpMaxMessageSize > 0 ? info->SctpMaxMessageSize : double.PositiveInfinity,
            info->SctpMaxChannels is >= 0 and <= ushort.MaxValue ? (ushort)info->SctpMaxChannels : null,
            info->SctpDtlsTransportId,
            dtls);
    }
}

/// <summary>One DTLS transport and the ICE transport under it, as last pushed (taken together, so they agree).</summary>
internal sealed record DtlsTransportSnapshot(
    ulong Id,
    RTCDtlsTransportState State,
    RTCIceTransportState IceState,
    RTCIceGathererState IceGatheringState,
    RTCIceRole Role,
    string? SelectedLocal,
    string? SelectedRemote,
    IReadOnlyList<byte[]> RemoteCertificates)
{
    public static unsafe DtlsTransportSnapshot FromNative(RtcnDtlsTransportInfo* info)
    {
        var certificates = new byte[Math.Max(0, info->RemoteCertificateCount)][];
        long offset = 0;
        for (var i = 0; i < certificates.Length; i++)
        {
            var length = (int)info->RemoteCertificateLengths[i];
            certificates[i] = new ReadOnlySpan<byte>(info->RemoteCertificates + offset, length).ToArray();
            offset += length;
        }

        return new DtlsTransportSnapshot(info->Id, info->State.ToPublic(), (RTCIceTransportState)(int)info->IceState.ToPublic(),
            (RTCIceGathererState)(int)info->IceGatheringState.ToPublic(), info->IceRole.ToPublic(),
            Utf8.Decode(info->SelectedLocalCandidate), Utf8.Decode(info->SelectedRemoteCandidate), certificates);
    }
}
