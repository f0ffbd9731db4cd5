using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RtcNative.Threading;

/// <summary>
/// Raises the events of one connection (and its channels) one at a time, in the order native
/// callbacks enqueued them, on the thread pool: never on a libwebrtc thread, so a slow handler
/// delays only this connection. At most one drain loop runs at a time; it is scheduled on demand
/// and exits when the queue is empty.
/// </summary>
internal sealed class EventDispatcher : IThreadPoolWorkItem, IDisposable
{
    private readonly ConcurrentQueue<DispatchItem> _queue = new();
    private readonly ILogger _logger;
    private int _scheduled; // 1 while a drain loop is queued or running
    private int _pauses;
    private volatile bool _disposed;

    public EventDispatcher(ILogger logger) => _logger = logger;

    /// <summary>Queues an event; never blocks, so native callbacks may call it. Dropped after Dispose.</summary>
    public void Enqueue(in DispatchItem item)
    {
        if (_disposed)
        {
            return;
        }

        _queue.Enqueue(item);
        ScheduleIfIdle();
    }

    /// <summary>Holds back delivery (items still queue) until the matching <see cref="Resume"/>; used while a
    /// wrapper is being tied to a native object whose callbacks may already run.</summary>
    public void Pause() => Interlocked.Increment(ref _pauses);

    public void Resume()
    {
        if (Interlocked.Decrement(ref _pauses) == 0)
        {
            ScheduleIfIdle();
        }
    }

    /// <summary>Drops queued events and every later one; a handler already running finishes.</summary>
    public void Dispose()
    {
        _disposed = true;
        _queue.Clear();
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            while (!_disposed && Volatile.Read(ref _pauses) == 0 && _queue.TryDequeue(out var item))
            {
                Run(item);
            }

            if (_disposed)
            {
                _queue.Clear();
            }

            // A full fence before re-reading the queue: an Enqueue that saw _scheduled == 1 relies on
            // this loop seeing its item, else that item would wait for the next event (a lost wake-up).
            Interlocked.Exchange(ref _scheduled, 0);
            if (!CanRun() || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private bool CanRun() => !_disposed && Volatile.Read(ref _pauses) == 0 && !_queue.IsEmpty;

    private void ScheduleIfIdle()
    {
        if (CanRun() && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Run(in DispatchItem item)
    {
        try
        {
            item.Target.Dispatch(item);
        }
        catch (Exception exception)
        {
            // A throwing handler must not stop the events of the connection.
            Log.EventHandlerFailed(_logger, item.Target.GetType().Name, exception);
        }
    }
}
