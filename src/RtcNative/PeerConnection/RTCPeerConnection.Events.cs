using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

// The connection's events, raised on its dispatcher from what the native callbacks queued.
public sealed partial class RTCPeerConnection
{
    /// <summary>A local ICE candidate was gathered: signal it to the remote peer. The last one carries a null
    /// <see cref="RTCPeerConnectionIceEventArgs.Candidate"/>: gathering completed.</summary>
    public event EventHandler<RTCPeerConnectionIceEventArgs>? IceCandidate;

    /// <summary>A STUN or TURN server could not be used while gathering.</summary>
    public event EventHandler<RTCPeerConnectionIceErrorEventArgs>? IceCandidateError;

    /// <summary>The remote peer opened a data channel.</summary>
    public event EventHandler<RTCDataChannelEventArgs>? DataChannel;

    /// <summary>Negotiation is needed: create and send an offer. Raised only while still current, as the spec requires.</summary>
    public event EventHandler? NegotiationNeeded;

    /// <summary>The signaling state changed; the argument is the new state. Raised in the step that completes the
    /// operation that changed it, just before its task completes.</summary>
    public event EventHandler<RTCSignalingState>? SignalingStateChange;

    /// <summary>The ICE gathering state changed; the argument is the new state.</summary>
    public event EventHandler<RTCIceGatheringState>? IceGatheringStateChange;

    /// <summary>The ICE connection state changed; the argument is the new state.</summary>
    public event EventHandler<RTCIceConnectionState>? IceConnectionStateChange;

    /// <summary>The connection state changed; the argument is the new state.</summary>
    public event EventHandler<RTCPeerConnectionState>? ConnectionStateChange;

    void IDispatchTarget.Dispatch(in DispatchItem item)
    {
        switch ((ConnectionEvent)item.Kind)
        {
            case ConnectionEvent.IceGatheringStateChange:
                RaiseStateChange(ref _iceGatheringState, ((RtcnIceGatheringState)item.Value).ToPublic(), IceGatheringStateChange);
                break;
            case ConnectionEvent.IceConnectionStateChange:
                var iceState = ((RtcnIceConnectionState)item.Value).ToPublic();
                RaiseStateChange(ref _iceConnectionState, iceState, IceConnectionStateChange);

                break;
            case ConnectionEvent.ConnectionStateChange:
                RaiseStateChange(ref _connectionState, ((RtcnPeerConnectionState)item.Value).ToPublic(), ConnectionStateChange);
                break;
            case ConnectionEvent.IceCandidate:
                RaiseIceCandidate((GatheredCandidate?)item.Payload);
                break;
            case ConnectionEvent.IceCandidateError:
                Raise(IceCandidateError, WithoutRedactedAddress((RTCPeerConnectionIceErrorEventArgs)item.Payload!));
                break;
            case ConnectionEvent.NegotiationNeeded:
                RaiseNegotiationNeeded((uint)item.Value);
                break;
            case ConnectionEvent.DataChannel:
                RaiseDataChannel((RTCDataChannel)item.Payload!);
                break;
            case ConnectionEvent.TransportsChange:
                ApplyTransports((TransportSnapshot)item.Payload!);
                break;
            case ConnectionEvent.Track:
                RaiseTrack((TrackAnnouncement)item.Payload!);
                break;
            case ConnectionEvent.ReceiverTrackEvent:
                RaiseReceiverTrackEvent((nint)item.Payload!, (RtcnReceiverTrackEvent)item.Value);
                break;
            case ConnectionEvent.DtmfToneChange:
                RaiseDtmfToneChange((nint)item.Value, (string)item.Payload!);
                break;
        }
    }

    /// <summary>Updates the mirror, then raises the event, so the property equals the event's value inside the handler;
    /// false when nothing changed (or closed).</summary>
    private bool RaiseStateChange<T>(ref T mirror, T state, EventHandler<T>? handler) where T : struct, Enum
    {
        lock (_sync)
        {
            if (_closed || EqualityComparer<T>.Default.Equals(mirror, state))
            {
                return false;
            }

            mirror = state;
        }

        handler?.Invoke(this, state);
        return true;
    }

    private void RaiseIceCandidate(GatheredCandidate? gathered)
    {
        // The local description carries the candidate before the event is raised (webrtc-pc).
        if (gathered?.State is { } state)
        {
            ApplySession(state);
        }

        if (IsClosed)
        {
            return;
        }

        var handler = IceCandidate;
        handler?.Invoke(this, new RTCPeerConnectionIceEventArgs(gathered is null ? null : RTCIceCandidate.FromEngine(gathered.Candidate)));
    }

    /// <summary>libwebrtc hands over the local address masked for logs ("127.0.0.x", "[0:0:0:x:x:x:x:x]"):
    /// webrtc-pc says address and port are null when the local address is not exposed.</summary>
    private static RTCPeerConnectionIceErrorEventArgs WithoutRedactedAddress(RTCPeerConnectionIceErrorEventArgs error) =>
        error.Address is { } address && (address.EndsWith(".x", StringComparison.Ordinal) || address.Contains(":x", StringComparison.Ordinal))
            ? new RTCPeerConnectionIceErrorEventArgs(null, null, error.Url, error.ErrorCode, error.ErrorText)
            : error;

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args)
    {
        if (!IsClosed)
        {
            handler?.Invoke(this, args);
        }
    }

    private void RaiseNegotiationNeeded(uint eventId)
    {
        if (IsClosed)
        {
            return;
        }

        // The spec re-checks the negotiation-needed flag when the queued event is about to fire. This is the one
        // blocking call of the dispatcher (one hop to libwebrtc's signaling thread, once per event): the engine
        // alone knows whether the flag is still set.
        RtcnStatus status;
        int fire;
        try
        {
            status = RtcnNativeMethods.rtcn_peer_connection_should_fire_negotiation_needed(_handle, eventId, out fire);
        }
        catch (ObjectDisposedException)
        {
            return; // disposed meanwhile
        }

        if (status != RtcnStatus.Ok)
        {
            if (status != RtcnStatus.ErrorClosed)
            {
                Log.CallFailed(Logger, Number, "negotiationneeded", RtcnErrors.LastError(status));
            }

            return;
        }

        if (fire != 0 && !IsClosed)
        {
            NegotiationNeeded?.Invoke(this, EventArgs.Empty);
        }
    }

    private void RaiseDataChannel(RTCDataChannel channel)
    {
        if (IsClosed)
        {
            return;
        }

        Log.DataChannelAnnounced(Logger, Number);
        DataChannel?.Invoke(this, new RTCDataChannelEventArgs(channel));
        channel.OnAnnounced();
    }
}
