using System.IO.Pipelines;
using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// .NET conveniences over <see cref="RTCDataChannel"/> (not part of the W3C API): awaitable state changes,
/// and the channel as a <see cref="Stream"/> or an <see cref="IDuplexPipe"/>.
/// </summary>
public static class RTCDataChannelExtensions
{
    /// <summary>Completes when the channel is open (at once if it already is).</summary>
    /// <exception cref="RTCException">The task faults with "InvalidStateError" when the channel closes (or is
    /// closing) before it opened.</exception>
    /// <exception cref="ObjectDisposedException">The channel was disposed (thrown, or faults the task when disposed while waiting).</exception>
    /// <exception cref="OperationCanceledException">The task is canceled by <paramref name="cancellationToken"/>.</exception>
    public static Task WaitForOpenAsync(this RTCDataChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var waiter = new StateWaiter<RTCDataChannelState>(
            () => channel.ReadyState,
            state => state switch
            {
                RTCDataChannelState.Open => WaitOutcome.Reached,
                RTCDataChannelState.Connecting => WaitOutcome.Pending,
                _ => WaitOutcome.Unreachable,
            },
            state => new RTCException(DomErrorNames.InvalidState, $"The data channel is {Name(state)}: it will not open."));
        if (waiter.TryCompleteNow(out var done))
        {
            return done;
        }

        EventHandler onOpen = (_, _) => waiter.Observe(RTCDataChannelState.Open);
        EventHandler onClosed = (_, _) => waiter.Observe(RTCDataChannelState.Closed);
        Action onEnded = waiter.Reread;
        return waiter.RunAsync(
            () => { channel.Open += onOpen; channel.Closed += onClosed; channel.Ended += onEnded; },
            () => { channel.Open -= onOpen; channel.Closed -= onClosed; channel.Ended -= onEnded; },
            cancellationToken);
    }

    /// <summary>Completes when the channel is closed (at once if it already is, or was disposed).</summary>
    /// <exception cref="OperationCanceledException">The task is canceled by <paramref name="cancellationToken"/>.</exception>
    public static Task WaitForClosedAsync(this RTCDataChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var waiter = new StateWaiter<RTCDataChannelState>(
            () => ReadyStateOrClosed(channel),
            state => state == RTCDataChannelState.Closed ? WaitOutcome.Reached : WaitOutcome.Pending,
            _ => null);
        if (waiter.TryCompleteNow(out var done))
        {
            return done;
        }

        EventHandler onClosed = (_, _) => waiter.Observe(RTCDataChannelState.Closed);
        Action onEnded = waiter.Reread;
        return waiter.RunAsync(
            () => { channel.Closed += onClosed; channel.Ended += onEnded; },
            () => { channel.Closed -= onClosed; channel.Ended -= onEnded; },
            cancellationToken);
    }

    /// <summary>Completes when <see cref="RTCDataChannel.BufferedAmount"/> is at or below
    /// <see cref="RTCDataChannel.BufferedAmountLowThreshold"/> (at once if it already is), or the channel is no longer open.</summary>
    /// <exception cref="OperationCanceledException">The task is canceled by <paramref name="cancellationToken"/>.</exception>
    public static Task WaitForBufferedAmountLowAsync(this RTCDataChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var waiter = new StateWaiter<bool>(
            () => IsLowOrGone(channel),
            low => low ? WaitOutcome.Reached : WaitOutcome.Pending,
            _ => null);
        if (waiter.TryCompleteNow(out var done))
        {
            return done;
        }

        EventHandler onLow = (_, _) => waiter.Observe(true);
        EventHandler onClosed = (_, _) => waiter.Observe(true);
        Action onEnded = waiter.Reread;
        return waiter.RunAsync(
            () => { channel.BufferedAmountLow += onLow; channel.Closed += onClosed; channel.Ended += onEnded; },
            () => { channel.BufferedAmountLow -= onLow; channel.Closed -= onClosed; channel.Ended -= onEnded; },
            cancellationToken);
    }

    /// <summary>The channel as a byte <see cref="Stream"/> with send backpressure; see <see cref="RTCDataChannelStream"/>
    /// (create it before the remote side can send).</summary>
    public static RTCDataChannelStream AsStream(this RTCDataChannel channel, RTCDataChannelStreamOptions? options = null) =>
        new(channel, options);

    /// <summary>The channel as an <see cref="IDuplexPipe"/> with send backpressure; see <see cref="RTCDataChannelPipe"/>
    /// (create it before the remote side can send).</summary>
    public static RTCDataChannelPipe AsDuplexPipe(this RTCDataChannel channel, RTCDataChannelStreamOptions? options = null) =>
        new(channel, options);

    private static RTCDataChannelState ReadyStateOrClosed(RTCDataChannel channel)
    {
        try
        {
            return channel.ReadyState;
        }
        catch (ObjectDisposedException)
        {
            return RTCDataChannelState.Closed;
        }
    }

    private static bool IsLowOrGone(RTCDataChannel channel)
    {
        try
        {
            return channel.ReadyState != RTCDataChannelState.Open || channel.BufferedAmount <= channel.BufferedAmountLowThreshold;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private static string Name(RTCDataChannelState state) => state.ToString().ToLowerInvariant();
}
