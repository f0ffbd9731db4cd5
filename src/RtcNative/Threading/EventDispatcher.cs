using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RtcNative.Interop;

namespace RtcNative.Threading;

/// <summary>
/// Raises the events of one connection (and its channels) and completes its operations one at a time, in the order
/// native callbacks enqueued them, on RtcNative's event threads (or through a captured <see cref="SynchronizationContext"/>):
/// never on a libwebrtc thread, so a slow handler delays only this connection. At most one drain loop runs at a
/// time; it is scheduled on demand and exits when the queue is empty. After <see cref="Dispose"/> events are
/// dropped, but operation completions still run: every task the connection handed out ends.
/// </summary>
internal sealed class EventDispatcher : IEventWork, IDisposable
{
    private readonly ConcurrentQueue<DispatchItem> _queue = new();
    private readonly ILogger _logger;
    private SynchronizationContext? _context; // null once it refused a post
    private int _scheduled; // 1 while a drain loop is queued or running
    private int _pauses;
    private volatile bool _disposed;

    public EventDispatcher(ILogger logger, SynchronizationContext? context = null)
    {
        _logger = logger;
        _context = context;
    }

    /// <summary>Queues an item; never blocks, so native callbacks may call it. Events are dropped after Dispose.</summary>
    public void Enqueue(in DispatchItem item)
    {
        if (_disposed && !IsCompletion(item))
        {
            return;
        }

        _queue.Enqueue(item);
        ScheduleIfIdle();
    }

    /// <summary>How many items wait (for tests that pause the dispatcher and watch the engine move on).</summary>
    public int QueuedCount => _queue.Count;

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

    /// <summary>Drops queued events and every later one; completions still run; a handler already running finishes.</summary>
    public void Dispose()
    {
        _disposed = true;
        ScheduleIfIdle();
    }

    void IEventWork.Run() => Drain();

    private static bool IsCompletion(in DispatchItem item) => item.Target is PendingOperation;

    private void Drain()
    {
        while (true)
        {
            while (Volatile.Read(ref _pauses) == 0 && _queue.TryDequeue(out var item))
            {
                if (!_disposed || IsCompletion(item))
                {
                    Run(item);
                }
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

    private bool CanRun() => Volatile.Read(ref _pauses) == 0 && !_queue.IsEmpty;

    private void ScheduleIfIdle()
    {
        if (CanRun() && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            if (_context is { } context && TryPost(context))
            {
                return;
            }

            EventThreads.Schedule(this);
        }
    }

    /// <summary>A closed UI context throws from Post (WinForms, Avalonia, a disposed test context). Its events and
    /// completions must still arrive, and an exception must not escape into a native callback: from then on they run
    /// on the event threads, and the switch is logged once.</summary>
    private bool TryPost(SynchronizationContext context)
    {
        try
        {
            context.Post(static state => ((EventDispatcher)state!).Drain(), this);
            return true;
        }
        catch (Exception exception)
        {
            if (Interlocked.CompareExchange(ref _context, null, context) == context)
            {
                Log.ContextPostFailed(_logger, exception);
            }

            return false;
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
