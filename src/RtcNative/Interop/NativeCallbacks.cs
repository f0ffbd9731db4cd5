using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace RtcNative.Interop;

/// <summary>
/// The trampolines of the one native callback table. They run on libwebrtc threads, so each
/// only resolves its target through the user_data GCHandle, copies the borrowed data and
/// queues an event: it never blocks, never calls into the ABI and never lets an exception out
/// (one would tear down the process); a failure is logged and the event dropped.
/// </summary>
internal static unsafe class NativeCallbacks
{
    public static RtcnCallbacks CreateTable() => new()
    {
        PeerConnectionSignalingStateChange = &OnSignalingStateChange,
        PeerConnectionIceGatheringStateChange = &OnIceGatheringStateChange,
        PeerConnectionIceConnectionStateChange = &OnIceConnectionStateChange,
        PeerConnectionConnectionStateChange = &OnConnectionStateChange,
        PeerConnectionIceCandidate = &OnIceCandidate,
        PeerConnectionIceCandidateError = &OnIceCandidateError,
        PeerConnectionNegotiationNeeded = &OnNegotiationNeeded,
        PeerConnectionDataChannel = &OnDataChannel,
        DataChannelStateChange = &OnDataChannelStateChange,
        DataChannelMessage = null, // queued delivery instead: DataChannelMessagesAvailable
        DataChannelBufferedAmountDecrease = &OnDataChannelBufferedAmountDecrease,
        SessionDescriptionCreated = &OnSessionDescriptionCreated,
        OperationComplete = &OnOperationComplete,
        TextResult = &OnTextResult,
        PeerConnectionTransportStateChange = &OnTransportStateChange,
        DataChannelMessagesAvailable = &OnDataChannelMessagesAvailable,
        LogMessage = &OnLogMessage, // only called while LibWebRtcLogRouter has the sink attached
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnSignalingStateChange(nint userData, RtcnSignalingState state) =>
        PostToConnection(userData, ConnectionEvent.SignalingStateChange, null, (long)state);

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
    private static void OnTransportStateChange(nint userData, RtcnTransportKind transport, int state) =>
        PostToConnection(userData, ConnectionEvent.TransportStateChange, null, ((long)transport << 8) | (uint)(state & 0xff));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnNegotiationNeeded(nint userData, uint eventId) =>
        PostToConnection(userData, ConnectionEvent.NegotiationNeeded, null, eventId);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnIceCandidate(nint userData, RtcnIceCandidateInfo* candidate)
    {
        try
        {
            // NULL marks the end of gathering: posted as a null payload.
            var init = candidate is null ? null : new RTCIceCandidateInit
            {
                Candidate = Utf8.Decode(candidate->Candidate) ?? "",
                SdpMid = Utf8.Decode(candidate->SdpMid),
                SdpMLineIndex = candidate->SdpMlineIndex is >= 0 and <= ushort.MaxValue ? (ushort)candidate->SdpMlineIndex : null,
                UsernameFragment = Utf8.Decode(candidate->UsernameFragment),
            };
            Target<RTCPeerConnection>(userData)?.Post(ConnectionEvent.IceCandidate, init);
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
            Target<RTCPeerConnection>(userData)?.Post(ConnectionEvent.IceCandidateError, args);
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
            return Target<RTCPeerConnection>(userData)?.AcceptRemoteDataChannel(channel) ?? 0;
        }
        catch (Exception exception)
        {
            Report(userData, exception);
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDataChannelStateChange(nint userData, RtcnDataChannelState state, RtcnError* error)
    {
        try
        {
            var exception = error is null ? null : RtcnErrors.FromNative(error);
            Target<RTCDataChannel>(userData)?.Post(ChannelEvent.StateChange, exception, (long)state);
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
            Target<RTCDataChannel>(userData)?.Post(ChannelEvent.MessagesAvailable, null, 0);
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
            Target<RTCDataChannel>(userData)?.PostSent((long)sentBytes);
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
            object outcome = error is not null
                ? RtcnErrors.FromNative(error)
                : new RTCSessionDescriptionInit(type.ToPublic(), Utf8.Decode(sdp) ?? "");
            PendingOperation.Complete(operation, outcome);
        }
        catch (Exception exception)
        {
            Report(0, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnOperationComplete(nint operation, RtcnError* error)
    {
        try
        {
            PendingOperation.Complete(operation, error is null ? null : RtcnErrors.FromNative(error));
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

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTextResult(nint operation, RtcnError* error, byte* text)
    {
        try
        {
            PendingOperation.Complete(operation, error is not null ? RtcnErrors.FromNative(error) : Utf8.Decode(text) ?? "");
        }
        catch (Exception exception)
        {
            Report(0, exception);
        }
    }

    private static void PostToConnection(nint userData, ConnectionEvent kind, object? payload, long value)
    {
        try
        {
            Target<RTCPeerConnection>(userData)?.Post(kind, payload, value);
        }
        catch (Exception exception)
        {
            Report(userData, exception);
        }
    }

    /// <summary>The wrapper behind an object's weak user_data; null once it was collected (drop the event).</summary>
    private static T? Target<T>(nint userData) where T : class =>
        userData == 0 ? null : GCHandle.FromIntPtr(userData).Target as T;

    private static void Report(nint userData, Exception exception)
    {
        try
        {
            var logger = userData == 0 ? null : GCHandle.FromIntPtr(userData).Target switch
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
