using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// A data channel as a <see cref="Stream"/> of bytes (not part of the W3C API).
/// <list type="bullet">
/// <item>Writing sends binary messages of at most <see cref="RTCDataChannelStreamOptions.MaxMessageSize"/> bytes
/// (a longer write is split), with backpressure: a write waits while <see cref="RTCDataChannel.BufferedAmount"/>
/// is at or above <see cref="RTCDataChannelStreamOptions.HighWaterMark"/> until
/// <see cref="RTCDataChannel.BufferedAmountLow"/>. A write on a channel that is still connecting waits until it
/// opens. Nothing is buffered by the stream: <see cref="Flush"/> does nothing.</item>
/// <item>Reading returns the bytes of received messages (binary and text, as sent) in order; message boundaries
/// are not kept. It returns 0 (end of stream) once the channel closed and every received byte was read, and
/// throws <see cref="IOException"/> when the channel closed with an error.</item>
/// <item>Messages are collected from the stream's creation on: create it before the remote side can send (right
/// after <see cref="RTCPeerConnection.CreateDataChannel"/>, or inside the <see cref="RTCPeerConnection.DataChannel"/>
/// handler), or earlier messages are not seen. A data channel has no receive-side flow control: received bytes
/// wait in memory until read.</item>
/// <item>One reader and one writer may work at the same time. The blocking <see cref="Read(Span{byte})"/> and
/// <see cref="Write(ReadOnlySpan{byte})"/> must not be called from inside an event handler of the channel's own
/// connection (they would wait for events that handler holds back); the async forms may.</item>
/// <item>Disposing the stream closes the channel unless <see cref="RTCDataChannelStreamOptions.LeaveOpen"/>. As
/// <see cref="RTCDataChannel.Close"/> says, this libwebrtc drops what its SCTP stack has not sent yet when the channel
/// closes: a writer that must deliver everything waits for the reader's acknowledgement (an application-level
/// reply) before disposing.</item>
/// </list>
/// </summary>
public sealed class RTCDataChannelStream : Stream
{
    private readonly RTCDataChannelStreamOptions _options;
    private readonly DataChannelSendWindow _window;
    private readonly Lock _sync = new();
    private readonly Queue<byte[]> _received = new();
    private int _headOffset; // bytes of the first received message already read
    private TaskCompletionSource? _readWaiter;
    private bool _ended;
    private Exception? _error;
    private int _disposed;

    /// <summary>Wraps <paramref name="channel"/>; see the class remarks for when to create it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The channel was disposed.</exception>
    public RTCDataChannelStream(RTCDataChannel channel, RTCDataChannelStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _options = (options ?? new RTCDataChannelStreamOptions()).Validated();
        Channel = channel;
        _ = channel.ReadyState; // throws ObjectDisposedException early
        _window = new DataChannelSendWindow(channel, _options.HighWaterMark, _options.LowWaterMark);
        channel.Message += OnMessage;
        channel.Error += OnError;
        channel.Closed += OnClosed;
        channel.Ended += OnEnded;
        CheckEnded(); // subscribed first: a close that happened before is seen now, one after by the event
    }

    /// <summary>The wrapped channel.</summary>
    public RTCDataChannel Channel { get; }

    /// <summary>Received bytes not read yet.</summary>
    public long BytesAvailable
    {
        get
        {
            lock (_sync)
            {
                long total = -_headOffset;
                foreach (var message in _received)
                {
                    total += message.Length;
                }

                return total;
            }
        }
    }

    /// <inheritdoc/>
    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    /// <inheritdoc/>
    public override bool CanWrite => Volatile.Read(ref _disposed) == 0;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException("A data channel stream has no length.");

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException("A data channel stream cannot seek.");
        set => throw new NotSupportedException("A data channel stream cannot seek.");
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A data channel stream cannot seek.");

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException("A data channel stream has no length.");

    /// <summary>Does nothing: writes hand their bytes to the channel before they return.</summary>
    public override void Flush()
    {
    }

    /// <inheritdoc cref="Flush"/>
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <summary>Reads received bytes, waiting for a message when none is buffered; 0 at the end of the stream.</summary>
    /// <exception cref="IOException">The channel closed with an error.</exception>
    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_sync)
            {
                if (TryTake(buffer, out var read))
                {
                    return read;
                }

                waiter = _readWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            waiter.Task.Wait(); // completed by a message or by the end of the channel
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Reads received bytes, waiting for a message when none is buffered; 0 at the end of the stream.
    /// With an empty buffer, completes (with 0) once bytes are available or the stream ended.</summary>
    /// <exception cref="IOException">The channel closed with an error.</exception>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TaskCompletionSource waiter;
            lock (_sync)
            {
                if (TryTake(buffer.Span, out var read))
                {
                    return read;
                }

                waiter = _readWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false); // a message or the end of the channel
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <summary>Sends <paramref name="buffer"/> as one or more binary messages, waiting for room in the channel's send buffer.</summary>
    /// <exception cref="IOException">The channel closed, failed, or a message was rejected.</exception>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (buffer.IsEmpty)
        {
            return;
        }

        WaitUntilOpen(CancellationToken.None).GetAwaiter().GetResult();
        do
        {
            _window.WaitForRoom(CancellationToken.None);
            var length = MessageLength(buffer.Length);
            if (!TrySend(buffer[..length]))
            {
                _window.WaitForDrain(CancellationToken.None); // the send queue was full: nothing was sent
                continue;
            }

            buffer = buffer[length..];
        }
        while (!buffer.IsEmpty);
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Sends <paramref name="buffer"/> as one or more binary messages, waiting for room in the channel's send buffer.</summary>
    /// <exception cref="IOException">The channel closed, failed, or a message was rejected.</exception>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (buffer.IsEmpty)
        {
            return;
        }

        await WaitUntilOpen(cancellationToken).ConfigureAwait(false);
        do
        {
            await _window.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
            var length = MessageLength(buffer.Length);
            if (!TrySend(buffer.Span[..length]))
            {
                await _window.WaitForDrainAsync(cancellationToken).ConfigureAwait(false); // queue full: nothing was sent
                continue;
            }

            buffer = buffer[length..];
        }
        while (!buffer.IsEmpty);
    }

    /// <summary>The next message's size: the options' limit, lowered to the connection's negotiated
    /// maximum message size when the remote peer accepts less.</summary>
    private int MessageLength(int remaining)
    {
        var negotiated = Channel.MaxSendableMessageSize;
        var limit = negotiated < _options.MaxMessageSize ? Math.Max(1, (int)negotiated) : _options.MaxMessageSize;
        return Math.Min(remaining, limit);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Shutdown();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        Shutdown();
        return base.DisposeAsync();
    }

    private void Shutdown()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Channel.Message -= OnMessage;
        Channel.Error -= OnError;
        Channel.Closed -= OnClosed;
        Channel.Ended -= OnEnded;
        _window.Dispose();
        End(null);
        if (!_options.LeaveOpen)
        {
            Channel.Close(); // does nothing once the channel is disposed
        }
    }

    private Task WaitUntilOpen(CancellationToken cancellationToken)
    {
        try
        {
            if (Channel.ReadyState == RTCDataChannelState.Open)
            {
                return Task.CompletedTask;
            }
        }
        catch (ObjectDisposedException exception)
        {
            throw new IOException("The data channel was disposed.", exception);
        }

        return WaitCore();

        async Task WaitCore()
        {
            try
            {
                await Channel.WaitForOpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RTCException or ObjectDisposedException)
            {
                throw new IOException($"The data channel did not open: {exception.Message}", exception);
            }
        }
    }

    /// <summary>Sends one message; false when the channel's send queue cannot take it now (another sender on the
    /// same channel filled it): the caller waits and sends it again, so no byte is lost.</summary>
    private bool TrySend(ReadOnlySpan<byte> message)
    {
        try
        {
            return Channel.TrySend(message);
        }
        catch (Exception exception) when (exception is RTCException or ObjectDisposedException or ArgumentException)
        {
            throw new IOException($"The data channel could not send: {exception.Message}", exception);
        }
    }

    /// <summary>Copies buffered bytes (call under <see cref="_sync"/>); false when the reader must wait.</summary>
    private bool TryTake(Span<byte> buffer, out int read)
    {
        read = 0;
        if (_received.Count > 0)
        {
            while (read < buffer.Length && _received.TryPeek(out var head))
            {
                var chunk = Math.Min(head.Length - _headOffset, buffer.Length - read);
                head.AsSpan(_headOffset, chunk).CopyTo(buffer[read..]);
                read += chunk;
                _headOffset += chunk;
                if (_headOffset == head.Length)
                {
                    _received.Dequeue();
                    _headOffset = 0;
                }
            }

            return true;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_ended)
        {
            return false;
        }

        if (_error is not null)
        {
            throw new IOException($"The data channel failed: {_error.Message}", _error);
        }

        return true;
    }

    private void OnMessage(object? sender, RTCMessageEventArgs e)
    {
        if (e.Data.Length == 0)
        {
            return;
        }

        TaskCompletionSource? waiter;
        lock (_sync)
        {
            if (_ended)
            {
                return;
            }

            _received.Enqueue(e.Data); // the event's own copy: kept, not copied again
            waiter = _readWaiter;
            _readWaiter = null;
        }

        waiter?.TrySetResult();
    }

    private void OnError(object? sender, RTCErrorEventArgs e)
    {
        lock (_sync)
        {
            _error ??= e.Error;
        }
    }

    private void OnClosed(object? sender, EventArgs e) => End(null);

    private void OnEnded() => CheckEnded();

    /// <summary>Ends the stream when the channel is closed or disposed without an event reaching us; true when ended.</summary>
    private bool CheckEnded()
    {
        try
        {
            if (Channel.ReadyState != RTCDataChannelState.Closed)
            {
                return Volatile.Read(ref _disposed) != 0;
            }
        }
        catch (ObjectDisposedException)
        {
        }

        End(null);
        return true;
    }

    private void End(Exception? error)
    {
        TaskCompletionSource? waiter;
        lock (_sync)
        {
            _ended = true;
            _error ??= error;
            waiter = _readWaiter;
            _readWaiter = null;
        }

        waiter?.TrySetResult();
    }
}
