using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// Awaitable state changes of an <see cref="RTCPeerConnection"/> (not part of the W3C API). Each completes at
/// once when the state is already there, judges the state carried by each event (so a short-lived state is
/// not missed), and ends at once with the connection when it closes or is disposed (which raise no event).
/// </summary>
public static class RTCPeerConnectionExtensions
{
    /// <summary>Completes when <see cref="RTCPeerConnection.ConnectionState"/> is <paramref name="state"/>.</summary>
    /// <exception cref="RTCException">The task faults with "InvalidStateError" when the connection fails or closes
    /// first (unless that is the awaited state).</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed (unless <paramref name="state"/> is Closed).</exception>
    /// <exception cref="OperationCanceledException">The task is canceled by <paramref name="cancellationToken"/>.</exception>
    public static Task WaitForConnectionStateAsync(this RTCPeerConnection connection, RTCPeerConnectionState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var waiter = new StateWaiter<RTCPeerConnectionState>(
            () => Read(connection, c => c.ConnectionState, state == RTCPeerConnectionState.Closed, RTCPeerConnectionState.Closed),
            current => current == state ? WaitOutcome.Reached
                : current == RTCPeerConnectionState.Closed || (current == RTCPeerConnectionState.Failed && state != RTCPeerConnectionState.Closed)
                    ? WaitOutcome.Unreachable
                    : WaitOutcome.Pending,
            current => new RTCException(DomErrorNames.InvalidState, $"The connection is {W3CName(current)}: it will not become {W3CName(state)}."));
        if (waiter.TryCompleteNow(out var done))
        {
            return done;
        }

        EventHandler<RTCPeerConnectionState> onChange = (_, s) => waiter.Observe(s);
        Action onEnded = waiter.Reread;
        return waiter.RunAsync(
            () => { connection.ConnectionStateChange += onChange; connection.Ended += onEnded; },
            () => { connection.ConnectionStateChange -= onChange; connection.Ended -= onEnded; },
            cancellationToken);
    }

    /// <summary>Completes when <see cref="RTCPeerConnection.IceConnectionState"/> is <paramref name="state"/>.</summary>
    /// <exception cref="RTCException">The task faults with "InvalidStateError" when ICE fails or the connection closes
    /// first (unless that is the awaited state).</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed (unless <paramref name="state"/> is Closed).</exception>
    /// <exception cref="OperationCanceledException">The task is canceled by <paramref name="cancellationToken"/>.</exception>
    public static Task WaitForIceConnectionStateAsync(this RTCPeerConnection connection, RTCIceConnectionState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var waiter = new StateWaiter<RTCIceConnectionState>(
            () => Read(connection, c => c.IceConnectionState, state == RTCIceConnectionState.Closed, RTCIceConnectionState.Closed),
            current => current == state ? WaitOutcome.Reached
                : current == RTCIceConnectionState.Closed || (current == RTCIceConnectionState.Failed && state != RTCIceConnectionState.Closed)
                    ? WaitOutcome.Unreachable
                    : WaitOutcome.Pending,
            current => new RTCException(DomErrorNames.InvalidState, $"ICE is {W3CName(current)}: it will not become {W3CName(state)}."));
        if (waiter.TryCompleteNow(out var done))
        {
            return done;
        }

        EventHandler<RTCIceConnectionState> onChange = (_, s) => waiter.Observe(s);
        Action onEnded = waiter.Reread;
        return waiter.RunAsync(
            () => { connection.IceConnectionStateChange += onChange; connection.Ended += onEnded; },
            () => { connection.IceConnectionStateChange -= onChange; connection.Ended -= onEnded; },
            cancellationToken);
    }

    /// <summary>Completes when <see cref="RTCPeerConnection.SignalingState"/> is <paramref name="state"/>.</summary>
    /// <exception cref="RTCException">The task faults with "InvalidStateError" when the connection closes first.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed (unless <paramref name="state"/> is Closed).</exception>
    /// <exception cref="OperationCanceledException">The task is canceled by <paramref name="cancellationToken"/>.</exception>
    public static Task WaitForSignalingStateAsync(this RTCPeerConnection connection, RTCSignalingState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var waiter = new StateWaiter<RTCSignalingState>(
            () => Read(connection, c => c.SignalingState, state == RTCSignalingState.Closed, RTCSignalingState.Closed),
            current => current == state ? WaitOutcome.Reached
                : current == RTCSignalingState.Closed ? WaitOutcome.Unreachable
                : WaitOutcome.Pending,
            current => new RTCException(DomErrorNames.InvalidState, $"The connection is closed: its signaling state will not become {W3CName(state)}."));
        if (waiter.TryCompleteNow(out var done))
        {
            return done;
        }

        EventHandler<RTCSignalingState> onChange = (_, s) => waiter.Observe(s);
        Action onEnded = waiter.Reread;
        return waiter.RunAsync(
            () => { connection.SignalingStateChange += onChange; connection.Ended += onEnded; },
            () => { connection.SignalingStateChange -= onChange; connection.Ended -= onEnded; },
            cancellationToken);
    }

    /// <summary>Completes when ICE gathering is complete (<see cref="RTCIceGatheringState.Complete"/>): the local
    /// description then holds every candidate, for signaling without trickle ICE.</summary>
    /// <exception cref="RTCException">The task faults with "InvalidStateError" when the connection closes first.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="OperationCanceledException">The task is canceled by <paramref name="cancellationToken"/>.</exception>
    public static Task WaitForIceGatheringCompleteAsync(this RTCPeerConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var waiter = new StateWaiter<(RTCIceGatheringState Gathering, bool Closed)>(
            () => (connection.IceGatheringState, connection.SignalingState == RTCSignalingState.Closed),
            current => current.Gathering == RTCIceGatheringState.Complete ? WaitOutcome.Reached
                : current.Closed ? WaitOutcome.Unreachable
                : WaitOutcome.Pending,
            _ => new RTCException(DomErrorNames.InvalidState, "The connection is closed: ICE gathering will not complete."));
        if (waiter.TryCompleteNow(out var done))
        {
            return done;
        }

        EventHandler<RTCIceGatheringState> onChange = (_, s) => waiter.Observe((s, false));
        Action onEnded = waiter.Reread;
        return waiter.RunAsync(
            () => { connection.IceGatheringStateChange += onChange; connection.Ended += onEnded; },
            () => { connection.IceGatheringStateChange -= onChange; connection.Ended -= onEnded; },
            cancellationToken);
    }

    private static T Read<T>(RTCPeerConnection connection, Func<RTCPeerConnection, T> read, bool disposedCounts, T closed)
    {
        try
        {
            return read(connection);
        }
        catch (ObjectDisposedException) when (disposedCounts)
        {
            return closed; // a disposed connection is closed
        }
    }

    /// <summary>The W3C spelling of an enum member ("have-local-offer"), for messages.</summary>
    private static string W3CName<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
