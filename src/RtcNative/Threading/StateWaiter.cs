namespace RtcNative.Threading;

/// <summary>How a state relates to the one a <see cref="StateWaiter{T}"/> waits for.</summary>
internal enum WaitOutcome
{
    /// <summary>Not there yet; it may come.</summary>
    Pending,

    /// <summary>The awaited state.</summary>
    Reached,

    /// <summary>A state from which the awaited one cannot come any more.</summary>
    Unreachable,
}

/// <summary>
/// The awaitable helpers' common shape: judge the current state, subscribe to the event that reports new
/// states and to the object's internal end notification (a local Close or a Dispose raises no event), judge
/// again (a change may have slipped in before the subscription), then wait: each event's argument is judged (so
/// a short-lived state is not missed), and an end re-reads the state. No timer, no polling. Unsubscribes when done.
/// </summary>
internal sealed class StateWaiter<T>
{
    private readonly Func<T> _read;
    private readonly Func<T, WaitOutcome> _judge;
    private readonly Func<T, Exception?> _unreachable;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="read">Reads the current state; may throw <see cref="ObjectDisposedException"/>.</param>
    /// <param name="judge">How a state relates to the awaited one.</param>
    /// <param name="unreachable">The exception for an unreachable state; null completes the wait normally.</param>
    public StateWaiter(Func<T> read, Func<T, WaitOutcome> judge, Func<T, Exception?> unreachable)
    {
        _read = read;
        _judge = judge;
        _unreachable = unreachable;
    }

    /// <summary>Judges the current state without subscribing; true with the finished task when no wait is needed.
    /// Throws <see cref="ObjectDisposedException"/> synchronously for a disposed object.</summary>
    public bool TryCompleteNow(out Task task)
    {
        Observe(_read());
        task = _done.Task;
        return _done.Task.IsCompleted;
    }

    /// <summary>Judges a state reported by an event (any thread).</summary>
    public void Observe(T state)
    {
        switch (_judge(state))
        {
            case WaitOutcome.Reached:
                _done.TrySetResult();
                break;
            case WaitOutcome.Unreachable:
                if (_unreachable(state) is { } error)
                {
                    _done.TrySetException(error);
                }
                else
                {
                    _done.TrySetResult();
                }

                break;
        }
    }

    /// <summary>Subscribes, re-judges, and waits.</summary>
    public async Task RunAsync(Action subscribe, Action unsubscribe, CancellationToken cancellationToken)
    {
        subscribe();
        try
        {
            Reread();
            await _done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            unsubscribe();
        }
    }

    /// <summary>Judges the current state again (the object ended without an event); any thread.</summary>
    public void Reread()
    {
        try
        {
            Observe(_read());
        }
        catch (ObjectDisposedException exception)
        {
            _done.TrySetException(exception);
        }
    }
}
