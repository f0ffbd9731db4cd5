using System.Buffers;
using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

// The channel's events, raised on its connection's dispatcher from what the native callbacks queued.
public sealed partial class RTCDataChannel
{
    /// <summary>The channel opened: messages can be sent.</summary>
    public event EventHandler? Open;

    /// <summary>A message arrived (its bytes in a new array, also for text).</summary>
    public event EventHandler<RTCMessageEventArgs>? Message;

    /// <summary>A message arrived, as a span over a buffer the channel reuses: valid only during the handler (copy
    /// what you keep). No allocation per message when <see cref="Message"/> has no handler. Raised just before
    /// <see cref="Message"/> for the same message.</summary>
    public event RTCDataChannelMessageHandler? MessageReceived;

    /// <summary><see cref="BufferedAmount"/> fell to <see cref="BufferedAmountLowThreshold"/> or below.</summary>
    public event EventHandler? BufferedAmountLow;

    /// <summary>The channel failed; <see cref="Closed"/> follows.</summary>
    public event EventHandler<RTCErrorEventArgs>? Error;

    /// <summary>The remote peer or the transport started closing the channel (not raised for a local <see cref="Close"/>).</summary>
    public event EventHandler? Closing;

    /// <summary>The channel closed (W3C onclose).</summary>
    public event EventHandler? Closed;

    /// <summary>Called right after the DataChannel event of a remote channel: webrtc-pc announces it
    /// open there, so Open follows at once when the engine already opened it, else on its open.</summary>
    internal void OnAnnounced()
    {
        _announced = true;
        try
        {
            _engineOpen |= ReadInfo().State == RtcnDataChannelState.Open;
        }
        catch (ObjectDisposedException)
        {
            return; // disposed inside the DataChannel handler: no Open
        }

        RaiseOpenOnce();
    }

    private void RaiseOpenOnce()
    {
        if (_openRaised || !_announced || !_engineOpen || State != RTCDataChannelState.Open)
        {
            return;
        }

        _openRaised = true;
        Open?.Invoke(this, EventArgs.Empty);
    }

    private const int MessagesPerTurn = 256;
    private const int SmallMessageBytes = 2048; // copied through the stack; larger ones straight into their array

    void IDispatchTarget.Dispatch(in DispatchItem item)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        if (_connection.ClosesItsChannels)
        {
            // webrtc-pc close() closes the channels abruptly and fires none of their events; the engine's
            // closing and closed still arrive: they only end the channel's life.
            if (item.Kind == (int)ChannelEvent.StateChange && (RtcnDataChannelState)item.Value == RtcnDataChannelState.Closed)
            {
                Volatile.Write(ref _readyState, (int)RTCDataChannelState.Closed);
                KeepAlive.Release(this);
            }

            return;
        }

        switch ((ChannelEvent)item.Kind)
        {
            case ChannelEvent.StateChange:
                var state = ((RtcnDataChannelState)item.Value).ToPublic();
                if (state >= RTCDataChannelState.Closing)
                {
                    // The engine queued every message it delivered before closing: they come first (and
                    // nothing arrives after, so this ends).
                    ReceiveQueuedMessages(int.MaxValue);
                }

                OnStateChange(state, item.Payload as Exception);
                break;
            case ChannelEvent.MessagesAvailable:
                ReceiveQueuedMessages(MessagesPerTurn);
                break;
            case ChannelEvent.BufferedAmountDecrease:
                OnSent(Interlocked.Exchange(ref _sentNotDispatched, 0));
                break;
        }
    }

    private void OnStateChange(RTCDataChannelState state, Exception? error)
    {
        switch (state)
        {
            case RTCDataChannelState.Open:
                AdvanceState(RTCDataChannelState.Open);
                _engineOpen = true;
                RaiseOpenOnce();
                break;
            case RTCDataChannelState.Closing:
                if (AdvanceState(RTCDataChannelState.Closing) && !_closeRequested)
                {
                    Closing?.Invoke(this, EventArgs.Empty);
                }

                break;
            case RTCDataChannelState.Closed:
                if (!AdvanceState(RTCDataChannelState.Closed))
                {
                    break;
                }

                KeepAlive.Release(this);
                if (error is not null)
                {
                    Error?.Invoke(this, new RTCErrorEventArgs(error as RTCException
                        ?? new RTCException(DomErrorNames.Operation, error.Message, error) { ErrorDetail = RTCErrorDetailType.DataChannelFailure }));
                }

                Closed?.Invoke(this, EventArgs.Empty);
                break;
        }
    }

    /// <summary>Takes the messages the engine queued for this channel (native inbox) and raises the message events
    /// for each, at most <paramref name="limit"/> before letting the connection's other events run. Small messages
    /// are copied through the stack, larger ones through a pooled buffer; an array is made only for <see cref="Message"/>.</summary>
    private unsafe void ReceiveQueuedMessages(int limit)
    {
        Span<byte> small = stackalloc byte[SmallMessageBytes];
        for (var i = 0; i < limit; i++)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            byte[]? rented = null;
            try
            {
                long size;
                int isBinary;
                fixed (byte* buffer = small)
                {
                    RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_data_channel_receive(_handle, buffer, (ulong)small.Length, out size, out isBinary));
                }

                if (size < 0)
                {
                    return; // empty: the next message raises MessagesAvailable again
                }

                scoped Span<byte> data;
                if (size <= small.Length)
                {
                    data = small[..(int)size];
                }
                else
                {
                    // Only this dispatcher takes from the inbox: the message reported is still the oldest.
                    rented = ArrayPool<byte>.Shared.Rent(checked((int)size));
                    fixed (byte* buffer = rented)
                    {
                        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_data_channel_receive(_handle, buffer, (ulong)size, out size, out isBinary));
                    }

                    data = rented.AsSpan(0, (int)size);
                }

                OnMessage(data, isBinary != 0);
            }
            catch (ObjectDisposedException)
            {
                return; // disposed on another thread meanwhile: its inbox is gone
            }
            catch (Exception exception)
            {
                // As for every other event: a throwing handler must not stop the messages after it.
                Log.EventHandlerFailed(Logger, nameof(RTCDataChannel), exception);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        // More may be queued: continue after the events queued meanwhile.
        Post(ChannelEvent.MessagesAvailable, null, 0);
    }

    private void OnMessage(ReadOnlySpan<byte> data, bool isBinary)
    {
        // webrtc-pc discards messages that arrive once the channel is closing.
        if (State > RTCDataChannelState.Open)
        {
            return;
        }

        MessageReceived?.Invoke(this, data, isBinary);
        if (Message is { } handler)
        {
            handler.Invoke(this, new RTCMessageEventArgs(data.ToArray(), isBinary));
        }
    }

    private void OnSent(long sentBytes)
    {
        var after = Interlocked.Add(ref _bufferedAmount, -sentBytes);
        var before = after + sentBytes;
        var threshold = Volatile.Read(ref _bufferedAmountLowThreshold);
        if (before > 0 && (ulong)before > threshold && (ulong)Math.Max(0, after) <= threshold)
        {
            BufferedAmountLow?.Invoke(this, EventArgs.Empty);
        }
    }
}
