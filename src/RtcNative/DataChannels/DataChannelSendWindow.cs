namespace RtcNative;

/// <summary>
/// Send-side flow control of a data channel from <see cref="RTCDataChannel.BufferedAmount"/>: a writer waits
/// while the channel holds <c>highWaterMark</c> bytes or more, and resumes when
/// <see cref="RTCDataChannel.BufferedAmountLow"/> says the buffer fell to <c>lowWaterMark</c> (the window sets
/// the channel's <see cref="RTCDataChannel.BufferedAmountLowThreshold"/> to it). Waits end with the channel's events
/// (BufferedAmountLow, Closed) or its end without one (Dispose, its connection's close): no timer, no polling.
/// </summary>
internal sealed class DataChannelSendWindow : IDisposable
{
    private readonly RTCDataChannel _channel;
    private readonly ulong _highWaterMark;
    private readonly ulong _lowWaterMark;
    private readonly Lock _sync = new();
    private TaskCompletionSource? _waiter;
    private volatile bool _closed;
    private int _disposed;

    public DataChannelSendWindow(RTCDataChannel channel, ulong highWaterMark, ulong lowWaterMark)
    {
        _channel = channel;
        _highWaterMark = highWaterMark;
        _lowWaterMark = lowWaterMark;
        _channel.BufferedAmountLow += OnBufferedAmountLow;
        _channel.Closed += OnClosed;
        _channel.Ended += OnEnded;
        _channel.BufferedAmountLowThreshold = lowWaterMark;
    }

    /// <summary>Completes once the channel has room (below the high-water mark), or is closed or disposed
    /// (the following Send then reports why).</summary>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => WaitUntilAsync(HasRoom, cancellationToken);

    /// <summary>The blocking form of <see cref="WaitForRoomAsync"/>.</summary>
    public void WaitForRoom(CancellationToken cancellationToken) => WaitUntil(HasRoom, cancellationToken);

    /// <summary>Completes once the channel drained to the low-water mark (after its send queue refused a message),
    /// or is closed or disposed.</summary>
    public ValueTask WaitForDrainAsync(CancellationToken cancellationToken) => WaitUntilAsync(Drained, cancellationToken);

    /// <summary>The blocking form of <see cref="WaitForDrainAsync"/>.</summary>
    public void WaitForDrain(CancellationToken cancellationToken) => WaitUntil(Drained, cancellationToken);

    private async ValueTask WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Arm().Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void WaitUntil(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            Arm().Task.Wait(cancellationToken);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _channel.BufferedAmountLow -= OnBufferedAmountLow;
        _channel.Closed -= OnClosed;
        _channel.Ended -= OnEnded;
        Wake();
    }

    private TaskCompletionSource Arm()
    {
        TaskCompletionSource waiter;
        lock (_sync)
        {
            waiter = _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // BufferedAmountLow may have been raised between the caller's check and the arming: look again.
        if (Drained())
        {
            Wake();
        }

        return waiter;
    }

    private bool HasRoom() => Gone() || BufferedAmount() < _highWaterMark;

    private bool Drained() => Gone() || BufferedAmount() <= _lowWaterMark;

    private bool Gone()
    {
        if (_closed || Volatile.Read(ref _disposed) != 0 || _channel.IsDisposed)
        {
            return true;
        }

        try
        {
            return _channel.ReadyState > RTCDataChannelState.Open;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private ulong BufferedAmount()
    {
        try
        {
            return _channel.BufferedAmount;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    private void OnBufferedAmountLow(object? sender, EventArgs e) => Wake();

    private void OnClosed(object? sender, EventArgs e)
    {
        _closed = true;
        Wake();
    }

    private void OnEnded() => Wake();

    private void Wake()
    {
        TaskCompletionSource? waiter;
        lock (_sync)
        {
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }
}
