using RtcNative.Interop;

namespace RtcNative;

/// <summary>One read of the connection's SCTP transport and the DTLS and ICE transports under it.</summary>
internal readonly record struct TransportSnapshot(
    RTCSctpTransportState SctpState,
    double MaxMessageSize,
    ushort? MaxChannels,
    RTCDtlsTransportState DtlsState,
    RTCIceTransportState IceState,
    RTCIceGathererState GatheringState,
    RTCIceRole Role,
    string? SelectedLocal,
    string? SelectedRemote);

// RTCPeerConnection.sctp and the transports under it. Their states mirror the engine's through the
// transport_state_change callback, queued on the connection's dispatcher like its other events.
public sealed partial class RTCPeerConnection
{
    private RTCSctpTransport? _sctp;

    /// <summary>The SCTP transport of the data channels; null until a description with a data m-line was applied.
    /// Returns the same instance while the transport lives; after <see cref="Close"/> the last one, with every state closed.</summary>
    public RTCSctpTransport? Sctp
    {
        get
        {
            ThrowIfDisposed();
            lock (_sync)
            {
                if (_closed)
                {
                    return _sctp;
                }
            }

            var snapshot = ReadTransports();
            lock (_sync)
            {
                if (_closed)
                {
                    return _sctp;
                }

                if (snapshot is not { } present)
                {
                    _sctp = null; // none yet, or rolled back
                    return null;
                }

                return _sctp ??= new RTCSctpTransport(this, present);
            }
        }
    }

    /// <summary>Guards the transports' mirrors (the connection's lock, so close and the mirrors agree).</summary>
    internal Lock TransportLock => _sync;

    /// <summary>Whether the connection is closed (read under <see cref="TransportLock"/>).</summary>
    internal bool TransportsClosed => _closed;

    /// <summary>Closes the transports' mirrors without events (call under <see cref="_sync"/> from MarkClosed).</summary>
    private void CloseTransportsLocked() => _sctp?.MarkClosedLocked();

    /// <summary>A snapshot of the transports; null when there is no SCTP transport, or once closed or disposed.</summary>
    internal unsafe TransportSnapshot? ReadTransports()
    {
        RtcnTransportsInfo info;
        RtcnStatus status;
        try
        {
            status = RtcnNativeMethods.rtcn_peer_connection_get_transports(_handle, &info);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        if (status != RtcnStatus.Ok)
        {
            Log.CallFailed(Logger, Number, "get_transports", RtcnErrors.LastError(status));
            return null;
        }

        try
        {
            if (info.SctpPresent == 0)
            {
                return null;
            }

            return new TransportSnapshot(
                info.Sctp.State.ToPublic(),
                info.Sctp.MaxMessageSize,
                info.Sctp.MaxChannels is >= 0 and <= ushort.MaxValue ? (ushort)info.Sctp.MaxChannels : null,
                info.DtlsState.ToPublic(),
                info.IceState.ToPublicTransport(),
                info.IceGatheringState.ToPublicGatherer(),
                info.IceRole.ToPublic(),
                Utf8.Decode(info.SelectedLocalCandidate),
                Utf8.Decode(info.SelectedRemoteCandidate));
        }
        finally
        {
            RtcnNativeMethods.rtcn_free((nint)info.SelectedLocalCandidate);
            RtcnNativeMethods.rtcn_free((nint)info.SelectedRemoteCandidate);
        }
    }

    /// <summary>The remote DER chain, leaf first; null when not available.</summary>
    internal unsafe List<byte[]>? ReadRemoteCertificates()
    {
        RtcnCertificateChain chain;
        RtcnStatus status;
        try
        {
            status = RtcnNativeMethods.rtcn_peer_connection_get_remote_certificates(_handle, &chain);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        if (status != RtcnStatus.Ok)
        {
            Log.CallFailed(Logger, Number, "get_remote_certificates", RtcnErrors.LastError(status));
            return null;
        }

        try
        {
            var certificates = new List<byte[]>(chain.Count);
            long offset = 0;
            for (var i = 0; i < chain.Count; i++)
            {
                var length = (int)chain.Lengths[i];
                certificates.Add(new ReadOnlySpan<byte>(chain.Der + offset, length).ToArray());
                offset += length;
            }

            return certificates;
        }
        finally
        {
            RtcnNativeMethods.rtcn_free((nint)chain.Der);
            RtcnNativeMethods.rtcn_free((nint)chain.Lengths);
        }
    }

    /// <summary>Dispatches a transport_state_change to the transport wrapper; dropped before the wrapper exists
    /// (it reads the current state when created) and once closed.</summary>
    private void RaiseTransportStateChange(RtcnTransportKind kind, int state)
    {
        RTCSctpTransport? sctp;
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            sctp = _sctp;
        }

        if (sctp is null)
        {
            return;
        }

        switch (kind)
        {
            case RtcnTransportKind.Sctp:
                sctp.OnStateChange(((RtcnSctpTransportState)state).ToPublic());
                break;
            case RtcnTransportKind.Dtls:
                sctp.Transport.OnStateChange(((RtcnDtlsTransportState)state).ToPublic());
                break;
            case RtcnTransportKind.Ice:
                sctp.Transport.IceTransport.OnStateChange(((RtcnIceConnectionState)state).ToPublicTransport());
                break;
        }
    }
}
