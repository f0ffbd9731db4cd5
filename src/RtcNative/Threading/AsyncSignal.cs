using System.Threading.Tasks.Sources;

namespace RtcNative.Threading;

/// <summary>
/// An auto-reset signal for one awaiting reader, without allocation per wait or per signal. <see cref="Set"/> may
/// run on any thread, also a native one: it never blocks and never runs the reader's continuation inline. The
/// waiting reader resumes on RtcNative's event threads (<see cref="EventThreads"/>: a short spin, then park), not on
/// the thread pool, whose workers spin much longer after each item (at audio's 100 wake-ups per second that spinning
/// was most of the reader's CPU). A Set with no reader waiting is remembered until the next wait.
/// <see cref="Close"/> wakes the reader for good.
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource, IEventWork
{
    private const int Idle = 0;
    private const int Signaled = 1;
    private const int Waiting = 2;
    private const int Closed = 3;

    private static readonly Action<object?, CancellationToken> CancelCallback = static (state, token) => ((AsyncSignal)state!).Cancel(token);

    // Completed only by Run, on an event thread: the continuation runs there, inline.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private CancellationTokenRegistration _registration;
    private int _state;
    private int _outcome; // what Run completes the wait with: Signaled, Closed, or Waiting (= canceled)
    private CancellationToken _canceledBy;

    /// <summary>Wakes the waiting reader, or lets the next wait complete at once.</summary>
    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, Signaled, Idle) == Idle)
                    {
                        return;
                    }

                    break;
                case Waiting:
                    if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                    {
                        Complete(Signaled);
                        return;
                    }

                    break;
                default: // Signaled or Closed: nothing to add
                    return;
            }
        }
    }

    /// <summary>Wakes the waiting reader and every later wait: they complete at once.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _state, Closed) == Waiting)
        {
            Complete(Closed);
        }
    }

    /// <summary>Waits for a <see cref="Set"/> since the last wait (or <see cref="Close"/>). One reader at a time.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled first.</exception>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signaled) == Signaled || Volatile.Read(ref _state) == Closed)
        {
            return ValueTask.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            // Set or Close slipped in since the check above.
            Interlocked.CompareExchange(ref _state, Idle, Signaled);
            return ValueTask.CompletedTask;
        }

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(CancelCallback, this);
        }

        return new ValueTask(this, _core.Version);
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
        {
            _canceledBy = token;
            Complete(Waiting);
        }
    }

    // The one completion of a wait (its Waiting state was left by exactly one of Set, Close, Cancel): on an event
    // thread, so that neither the signaling native thread nor a caller of Dispose or Cancel runs the reader.
    private void Complete(int outcome)
    {
        _outcome = outcome;
        EventThreads.Schedule(this);
    }

    void IEventWork.Run()
    {
        switch (_outcome)
        {
            case Signaled:
                _core.SetResult(true);
                break;
            case Closed:
                _core.SetResult(false);
                break;
            default:
                var token = _canceledBy;
                _canceledBy = default;
                _core.SetException(new OperationCanceledException(token));
                break;
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        var registration = _registration;
        _registration = default;
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            // Never waits here for a running cancellation callback: it completed the wait, so it is past SetException.
            registration.Unregister();
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
