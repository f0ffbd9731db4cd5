using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RtcNative.Interop;

/// <summary>
/// The trampolines of the one native callback table. They run on libwebrtc threads (or inside the ABI call that
/// caused them), so each only resolves its target through the user_data GCHandle, copies the borrowed data and
/// queues an event: it never blocks, never calls into the ABI and never lets an exception out (one would tear down
/// the process); a failure is logged and the event dropped.
/// </summary>
internal static unsafe class NativeCallbacks
{
    public static RtcnCallbacks CreateTable() => new()
    {
        UserDataReleased = &OnUserDataReleased,
        PeerConnectionIceGatheringStateChange = &OnIceGatheringStateChange,
        PeerConnectionIceConnectionStateChange = &OnIceConnectionStateChange,
        PeerConnectionConnectionStateChange = &OnConnectionStateChange,
        PeerConnectionIceCandidate = &OnIceCandidate,
        PeerConnectionIceCandidateError = &OnIceCandidateError,
        PeerConnectionNegotiationNeeded = &OnNegotiationNeeded,
        PeerConnectionDataChannel = &OnDataChannel,
        PeerConnectionTransportsChange = &OnTransportsChange,
        PeerConnectionTrack = &OnTrack,
        PeerConnectionReceiverTrackEvent = &OnReceiverTrackEvent,
        RtpSenderDtmfToneChange = &OnDtmfToneChange,
        DataChannelStateChange = &OnDataChannelStateChange,
        DataChannelMessage = null, // queued delivery instead: DataChannelMessagesAvailable
        DataChannelMessagesAvailable = &OnDataChannelMessagesAvailable,
        DataChannelBufferedAmountDecrease = &OnDataChannelBufferedAmountDecrease,
        MediaSinkAvailable = &MediaSinkCallbacks.OnMediaSinkAvailable,
        DisplaySourceEnded = &OnDisplaySourceEnded,
        SessionDescriptionCreated = &OnSessionDescriptionCreated,
        OperationComplete = &OnOperationComplete,
        TextResult = &OnTextResult,
        LogMessage = &OnLogMessage, // only called while LibWebRtcLogRouter has the sink attached
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnUserDataReleased(nint userData)
    {
        try
        {
            NativeUserData.Released(userData);
        }
        catch (Exception exception)
        {
            Report(0, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDisplaySourceEnded(nint userData)
    {
        try
        {
            NativeUserData.Target<DisplayCaptureSource>(userData)?.OnNativeEnded();
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnIceGatheringStateChange(nint userData, RtcnIceGatheringState state) =>
        PostToConnection(userData, ConnectionEvent.IceGatheringStateChange, null, (long)state);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnIceConnectionStateChange(nint userData, RtcnIceConnectionState state) =>
        PostToConnection(userData, ConnectionEvent.IceConnectionStateChange, null, (long)state);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnConnectionStateChange(nint userData, RtcnPeerConnectionState state) =>
        PostToConnection(userData, ConnectionEvent.ConnectionStateChange, null, (long)state);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnNegotiationNeeded(nint userData, uint eventId) =>
        PostToConnection(userData, ConnectionEvent.NegotiationNeeded, null, eventId);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTransportsChange(nint userData, RtcnTransportsInfo* transports)
    {
        try
        {
            NativeUserData.Target<RTCPeerConnection>(userData)?.Post(ConnectionEvent.TransportsChange, TransportSnapshot.FromNative(transports));
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTrack(nint userData, nint transceiver, byte** streamIds, int streamIdCount)
    {
        // Owned at once: if the event is dropped (connection disposed) the SafeHandle still releases the reference.
        var handle = new RtcnRtpTransceiverHandle(transceiver);
        try
        {
            var ids = new string[Math.Max(streamIdCount, 0)];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = Utf8.Decode(streamIds[i]) ?? "";
            }

            if (NativeUserData.Target<RTCPeerConnection>(userData) is { } connection)
            {
                connection.Post(ConnectionEvent.Track, new TrackAnnouncement(handle, ids));
                return;
            }
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }

        // No connection to take it: the handle's finalizer releases the reference (never an ABI call from here).
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnReceiverTrackEvent(nint userData, nint transceiver, RtcnReceiverTrackEvent trackEvent) =>
        PostToConnection(userData, ConnectionEvent.ReceiverTrackEvent, transceiver, (long)trackEvent);

    /// <summary>A DTMF tone started ("" once the buffer emptied): the sender's address (its key) rides in the value.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDtmfToneChange(nint userData, nint sender, byte* tone)
    {
        try
        {
            NativeUserData.Target<RTCPeerConnection>(userData)?.Post(ConnectionEvent.DtmfToneChange, Utf8.Decode(tone) ?? "", sender);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnIceCandidate(nint userData, RtcnIceCandidateInfo* candidate, RtcnSessionState* state)
    {
        try
        {
            // NULL marks the end of gathering: posted without a candidate.
            var gathered = candidate is null ? null : new GatheredCandidate(new RTCIceCandidateInit
            {
                Candidate = Utf8.Decode(candidate->Candidate) ?? "",
                SdpMid = Utf8.Decode(candidate->SdpMid),
                SdpMLineIndex = candidate->SdpMlineIndex is >= 0 and <= ushort.MaxValue ? (ushort)candidate->SdpMlineIndex : null,
                UsernameFragment = Utf8.Decode(candidate->UsernameFragment),
            }, SessionState.FromNative(state));
            NativeUserData.Target<RTCPeerConnection>(userData)?.Post(ConnectionEvent.IceCandidate, gathered);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnIceCandidateError(nint userData, RtcnIceCandidateErrorInfo* error)
    {
        try
        {
            if (error is null)
            {
                return;
            }

            var args = new RTCPeerConnectionIceErrorEventArgs(
                Utf8.Decode(error->Address),
                error->Port is >= 0 and <= ushort.MaxValue ? (ushort)error->Port : null,
                Utf8.Decode(error->Url) ?? "",
                (ushort)Math.Clamp(error->ErrorCode, 0, ushort.MaxValue),
                Utf8.Decode(error->ErrorText) ?? "");
            NativeUserData.Target<RTCPeerConnection>(userData)?.Post(ConnectionEvent.IceCandidateError, args);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint OnDataChannel(nint userData, nint channel)
    {
        try
        {
            // 0 declines the channel: the native side then releases it.
            if (NativeUserData.Target<RTCPeerConnection>(userData)?.AcceptRemoteDataChannel(channel) is { } accepted)
            {
                return accepted;
            }
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }

        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDataChannelStateChange(nint userData, RtcnDataChannelState state, RtcnError* error)
    {
        try
        {
            var exception = error is null ? null : RtcnErrors.FromNative(error);
            NativeUserData.Target<RTCDataChannel>(userData)?.Post(ChannelEvent.StateChange, exception, (long)state);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDataChannelMessagesAvailable(nint userData)
    {
        try
        {
            // Queued delivery: the dispatcher copies the messages out, off libwebrtc's thread.
            NativeUserData.Target<RTCDataChannel>(userData)?.Post(ChannelEvent.MessagesAvailable, null, 0);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDataChannelBufferedAmountDecrease(nint userData, ulong sentBytes)
    {
        try
        {
            NativeUserData.Target<RTCDataChannel>(userData)?.PostSent((long)sentBytes);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnSessionDescriptionCreated(nint operation, RtcnError* error, RtcnSdpType type, byte* sdp)
    {
        try
        {
            var created = error is null ? new RTCSessionDescriptionInit(type.ToPublic(), Utf8.Decode(sdp) ?? "") : null;
            PendingOperation.Complete(operation, error, created, null);
        }
        catch (Exception exception)
        {
            Report(0, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnOperationComplete(nint operation, RtcnError* error, RtcnSessionState* state)
    {
        try
        {
            PendingOperation.Complete(operation, error, null, SessionState.FromNative(state));
        }
        catch (Exception exception)
        {
            Report(0, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTextResult(nint operation, RtcnError* error, byte* text)
    {
        try
        {
            PendingOperation.Complete(operation, error, error is null ? Utf8.Decode(text) ?? "" : null, null);
        }
        catch (Exception exception)
        {
            Report(0, exception);
        }
    }

    /// <summary>A libwebrtc log line (process-wide sink, user_data unused): copied and queued, never blocks.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLogMessage(nint userData, RtcnLogSeverity severity, byte* message)
    {
        try
        {
            LibWebRtcLogRouter.Post(severity, message);
        }
        catch
        {
            // Nothing may escape into native code; a lost log line is harmless.
        }
    }

    private static void PostToConnection(nint userData, ConnectionEvent kind, object? payload, long value)
    {
        try
        {
            NativeUserData.Target<RTCPeerConnection>(userData)?.Post(kind, payload, value);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    private static void Report(nint userData, Exception exception)
    {
        try
        {
            var logger = NativeUserData.Target<object>(userData) switch
            {
                RTCPeerConnection connection => connection.Logger,
                RTCDataChannel channel => channel.Logger,
                _ => null,
            };
            if (logger is not null)
            {
                Log.CallbackFailed(logger, exception);
            }
            else
            {
                Trace.TraceError($"RtcNative: a native callback failed and its event was dropped: {exception}");
            }
        }
        catch
        {
            // Nothing may escape into native code.
        }
    }
}

/// <summary>A gathered local candidate with the local description that now carries it (null candidate: gathering ended).</summary>
internal sealed record GatheredCandidate(RTCIceCandidateInit Candidate, SessionState? State);
