using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// A bidirectional channel for text and binary messages (W3C RTCDataChannel). Its events are
/// raised on its connection's dispatcher, in order with the connection's. Dispose closes the
/// channel and releases it; disposing the connection disposes its channels too. An open channel
/// stays alive while the program holds no reference to it, as in browsers.
/// </summary>
public sealed partial class RTCDataChannel : IDisposable, IAsyncDisposable, IDispatchTarget, INativeOwner
{
    private const int StackallocTextLimit = 256; // characters: at most 768 UTF-8 bytes on the stack

    private readonly RTCPeerConnection _connection;
    private readonly nint _userData; // weak GCHandle: handed back by the native side, or freed by Abandon
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RtcnDataChannelHandle _handle = null!; // set once, before any event of the channel is raised
    private DataChannelProperties? _properties;
    private int _id = -1;
    private int _readyState;
    private long _bufferedAmount;
    private long _sentNotDispatched; // bytes reported sent whose BufferedAmountDecrease has not run yet
    private ulong _bufferedAmountLowThreshold;
    private int _disposed;
    private volatile bool _closeRequested;

    // Dispatcher only. Open is raised once, when the engine opened the channel and, for a remote
    // channel, after its DataChannel event.
    private bool _announced;
    private bool _engineOpen;
    private bool _openRaised;

    /// <summary>A channel this side creates; <see cref="Attach"/> follows once the engine created it.</summary>
    internal RTCDataChannel(RTCPeerConnection connection, string label, RTCDataChannelInit init)
        : this(connection, RTCDataChannelState.Connecting)
    {
        _properties = new DataChannelProperties(label, init.Protocol, init.Ordered, init.MaxPacketLifeTime, init.MaxRetransmits, init.Negotiated);
        _id = init.Negotiated ? init.Id ?? -1 : -1; // an in-band channel's id comes from the DTLS role
        _announced = true;
    }

    /// <summary>A channel the remote peer opened: announced as open (webrtc-pc), its properties read lazily
    /// since the native callback that hands it over must not call back into the ABI.</summary>
    internal RTCDataChannel(RTCPeerConnection connection, RtcnDataChannelHandle handle)
        : this(connection, RTCDataChannelState.Open)
    {
        Attach(handle);
    }

    private RTCDataChannel(RTCPeerConnection connection, RTCDataChannelState initialState)
    {
        _connection = connection;
        _readyState = (int)initialState;
        _userData = NativeUserData.Create(this);
    }

    /// <summary>The label.</summary>
    public string Label => Properties.Label;

    /// <summary>Whether messages are delivered in order.</summary>
    public bool Ordered => Properties.Ordered;

    /// <summary>The retransmission time limit (ms) of an unreliable channel; null when reliable or limited by count.</summary>
    public ushort? MaxPacketLifeTime => Properties.MaxPacketLifeTime;

    /// <summary>The retransmission count limit of an unreliable channel; null when reliable or limited by time.</summary>
    public ushort? MaxRetransmits => Properties.MaxRetransmits;

    /// <summary>The subprotocol name.</summary>
    public string Protocol => Properties.Protocol;

    /// <summary>Whether the application negotiated the channel out of band.</summary>
    public bool Negotiated => Properties.Negotiated;

    /// <summary>The SCTP stream id; null until the engine assigned it (once the DTLS role is known: after the
    /// description that fixed it was applied).</summary>
    public ushort? Id
    {
        get
        {
            ThrowIfDisposed();
            if (_id < 0)
            {
                var info = ReadInfo();
                if (info.Id is >= 0 and < ushort.MaxValue)
                {
                    _id = info.Id;
                }
            }

            return _id < 0 ? null : (ushort)_id;
        }
    }

    /// <summary>The state; equals the event's state inside Open, Closing and Closed handlers. "Closed" as soon as
    /// the connection is closed (webrtc-pc close() sets it without events).</summary>
    public RTCDataChannelState ReadyState
    {
        get
        {
            ThrowIfDisposed();
            return State;
        }
    }

    /// <summary>Bytes passed to Send that have not left the send buffer yet (UTF-8 bytes for text).
    /// Rises synchronously in Send; falls as the engine sends.</summary>
    public ulong BufferedAmount
    {
        get
        {
            ThrowIfDisposed();
            return (ulong)Math.Max(0, Interlocked.Read(ref _bufferedAmount));
        }
    }

    /// <summary>When <see cref="BufferedAmount"/> falls from above this value to it or below, <see cref="BufferedAmountLow"/> is raised.</summary>
    public ulong BufferedAmountLowThreshold
    {
        get
        {
            ThrowIfDisposed();
            return Volatile.Read(ref _bufferedAmountLowThreshold);
        }
        set
        {
            ThrowIfDisposed();
            Volatile.Write(ref _bufferedAmountLowThreshold, value);
        }
    }

    internal ILogger Logger => _connection.Logger;

    /// <summary>The weak GCHandle passed to the engine as the channel's user_data.</summary>
    internal nint UserData => _userData;

    /// <summary>Raised (on the calling thread) when the channel ends without an event of its own: Dispose, or its
    /// connection's close; the wait helpers listen here instead of polling.</summary>
    internal event Action? Ended;

    private RTCDataChannelState State =>
        _connection.ClosesItsChannels ? RTCDataChannelState.Closed : (RTCDataChannelState)Volatile.Read(ref _readyState);

    private DataChannelProperties Properties
    {
        get
        {
            ThrowIfDisposed();
            return _properties ??= ReadInfo().Properties;
        }
    }

    /// <summary>Sends a text message (as UTF-8; unpaired surrogates become U+FFFD).</summary>
    /// <exception cref="RTCException">"InvalidStateError" unless the channel is open; "OperationError" when the
    /// channel's send queue (16 MiB not yet handed to SCTP) cannot take the message: it is not sent and
    /// <see cref="BufferedAmount"/> does not count it (wait for <see cref="BufferedAmountLow"/>).</exception>
    /// <exception cref="ArgumentException">The message exceeds the SCTP transport's maximum message size (a W3C
    /// TypeError); the channel stays open.</exception>
    public void Send(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length <= StackallocTextLimit)
        {
            Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(StackallocTextLimit)];
            var length = Encoding.UTF8.GetBytes(data, buffer);
            SendCore(buffer[..length], isBinary: false);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(data));
        try
        {
            var length = Encoding.UTF8.GetBytes(data, rented);
            SendCore(rented.AsSpan(0, length), isBinary: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Sends a binary message.</summary>
    /// <exception cref="RTCException">"InvalidStateError" unless the channel is open; "OperationError" when the
    /// send queue is full (see <see cref="Send(string)"/>).</exception>
    /// <exception cref="ArgumentException">The message exceeds the SCTP transport's maximum message size (a W3C
    /// TypeError); the channel stays open.</exception>
    public void Send(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SendCore(data, isBinary: true);
    }

    /// <summary>Sends a binary message; the bytes are copied before this returns.</summary>
    /// <exception cref="RTCException">"InvalidStateError" unless the channel is open; "OperationError" when the
    /// send queue is full (see <see cref="Send(string)"/>).</exception>
    /// <exception cref="ArgumentException">The message exceeds the SCTP transport's maximum message size (a W3C
    /// TypeError); the channel stays open.</exception>
    public void Send(ReadOnlySpan<byte> data) => SendCore(data, isBinary: true);

    /// <summary>Starts closing the channel (W3C close()); <see cref="Closed"/> follows. Idempotent; does nothing after Dispose.</summary>
    /// <remarks>With the libwebrtc this library is built on (M109), messages the SCTP stack has not yet put on the
    /// network when the channel closes are dropped, where Chrome delivers them first: a sender that must not lose its
    /// last messages waits for the peer to acknowledge them (an application-level reply) before closing.</remarks>
    public void Close()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _closeRequested = true; // a local close raises no Closing event (webrtc-pc)
        if (_connection.ClosesItsChannels || !AdvanceState(RTCDataChannelState.Closing))
        {
            return;
        }

        var status = RtcnNativeMethods.rtcn_data_channel_close(_handle);
        if (status is not (RtcnStatus.Ok or RtcnStatus.ErrorClosed))
        {
            throw RtcnErrors.LastError(status);
        }
    }

    /// <summary>Closes the channel without raising further events and releases it; never blocks. Afterwards every
    /// member but Close and Dispose throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closeRequested = true;
        if (AdvanceState(RTCDataChannelState.Closing))
        {
            try
            {
                RtcnNativeMethods.rtcn_data_channel_close(_handle); // a failure leaves nothing to do: we release it anyway
            }
            catch (ObjectDisposedException)
            {
            }
        }

        Volatile.Write(ref _readyState, (int)RTCDataChannelState.Closed);
        KeepAlive.Release(this);
        _connection.ForgetChannel(this);
        _handle.Dispose(); // the native release returns at once; the user_data comes back once no callback runs
        Ended?.Invoke();
    }

    /// <summary>Disposes the channel, then completes once the native side released it (no callback of it runs).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return _handle is null ? ValueTask.CompletedTask : new ValueTask(_released.Task);
    }

    void INativeOwner.OnNativeReleased() => _released.TrySetResult();

    /// <summary>Ties the channel to its native object and roots it while open.</summary>
    internal void Attach(RtcnDataChannelHandle handle)
    {
        _handle = handle;
        KeepAlive.Hold(this);
    }

    /// <summary>Frees the user_data of a channel the engine did not create.</summary>
    internal void Abandon() => NativeUserData.FreeUnused(_userData);

    /// <summary>The connection closed: the channel now reads as closed (without events); wake its waiters.</summary>
    internal void OnConnectionClosed() => Ended?.Invoke();

    /// <summary>The connection's [[MaxMessageSize]]: the largest message Send accepts (infinite while unknown).</summary>
    internal double MaxSendableMessageSize => _connection.MaxMessageSize;

    /// <summary>Queues an event of this channel on the connection's dispatcher.</summary>
    internal void Post(ChannelEvent kind, object? payload, long value) => _connection.Post(this, payload, (int)kind, value);

    /// <summary>Native callback: libwebrtc sent bytes. Coalesced: one queued event carries every decrease
    /// reported until it runs, where the engine reports one per message.</summary>
    internal void PostSent(long sentBytes)
    {
        if (Interlocked.Add(ref _sentNotDispatched, sentBytes) == sentBytes)
        {
            Post(ChannelEvent.BufferedAmountDecrease, null, 0);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>Whether Dispose was called (for the wait helpers, which must not throw from an event).</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Moves the state forward only (connecting, open, closing, closed); false when it already was there or beyond.</summary>
    private bool AdvanceState(RTCDataChannelState state)
    {
        while (true)
        {
            var current = Volatile.Read(ref _readyState);
            if ((int)state <= current)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _readyState, (int)state, current) == current)
            {
                return true;
            }
        }
    }

    private void SendCore(ReadOnlySpan<byte> data, bool isBinary) => SendCore(data, isBinary, throwWhenFull: true);

    /// <summary>Sends a binary message unless the send queue is full (then false, nothing queued); throws as
    /// <see cref="Send(ReadOnlySpan{byte})"/> for every other failure. For writers that wait and try again.</summary>
    internal bool TrySend(ReadOnlySpan<byte> data) => SendCore(data, isBinary: true, throwWhenFull: false);

    private unsafe bool SendCore(ReadOnlySpan<byte> data, bool isBinary, bool throwWhenFull)
    {
        ThrowIfDisposed();
        if (State != RTCDataChannelState.Open)
        {
            throw new RTCException(DomErrorNames.InvalidState, $"The data channel is {State.ToString().ToLowerInvariant()}, not open: nothing can be sent.");
        }

        // webrtc-pc send(): a message over [[MaxMessageSize]] is a TypeError and leaves the channel open.
        if (data.Length > _connection.MaxMessageSize)
        {
            throw new ArgumentException(
                $"A message of {data.Length} bytes exceeds the maximum message size of {_connection.MaxMessageSize} bytes.", nameof(data));
        }

        // Counted before the native call, so the engine's decrease can never overtake the increase.
        Interlocked.Add(ref _bufferedAmount, data.Length);
        RtcnStatus status;
        byte empty = 0;
        fixed (byte* bytes = data)
        {
            status = RtcnNativeMethods.rtcn_data_channel_send(_handle, bytes is null ? &empty : bytes, (ulong)data.Length, isBinary ? 1 : 0);
        }

        if (status == RtcnStatus.Ok)
        {
            return true;
        }

        // Not queued (the send queue is full, or the engine closed the channel meanwhile): not counted either.
        var error = RtcnErrors.LastError(status);
        Interlocked.Add(ref _bufferedAmount, -data.Length);
        if (status == RtcnStatus.ErrorOperation && !throwWhenFull)
        {
            return false;
        }

        throw error;
    }

    private unsafe (DataChannelProperties Properties, int Id, RtcnDataChannelState State) ReadInfo()
    {
        // The label and protocol pointers live as long as the handle: hold it while they are copied.
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            RtcnDataChannelInfo info;
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_data_channel_get_info(_handle, &info));
            var properties = new DataChannelProperties(
                Utf8.Decode(info.Label) ?? "",
                Utf8.Decode(info.Protocol) ?? "",
                info.Ordered != 0,
                info.MaxPacketLifeTime is >= 0 and <= ushort.MaxValue ? (ushort)info.MaxPacketLifeTime : null,
                info.MaxRetransmits is >= 0 and <= ushort.MaxValue ? (ushort)info.MaxRetransmits : null,
                info.Negotiated != 0);
            return (properties, info.Id, info.State);
        }
        catch (ObjectDisposedException)
        {
            ThrowIfDisposed();
            throw;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }
}
