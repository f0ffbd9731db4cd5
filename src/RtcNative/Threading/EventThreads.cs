namespace RtcNative.Threading;

/// <summary>A unit of event work: one connection's drain loop.</summary>
internal interface IEventWork
{
    void Run();
}

/// <summary>
/// The threads that raise every connection's events (unless a connection raises them on a captured
/// SynchronizationContext). Why not the thread pool: a pool worker that finishes an item spins for a while before it
/// parks, and event work arrives in short bursts (a batch of messages, a state change), so most of the CPU the pool
/// spent per message was that spinning (about twice the C client's CPU per message; bench/README.md). These threads
/// park at once on a condition wait, as a C embedder's would.
///
/// A handler that blocks keeps its thread: when work arrives and no thread is idle, a new one starts at once (so a
/// slow or blocked handler delays only its own connection, whatever else runs), up to <see cref="MaxThreads"/>;
/// a thread idle for <see cref="IdleLifetime"/> exits. No process-wide setting is touched.
/// </summary>
internal static class EventThreads
{
    public const int MaxThreads = 512;
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(10);

    private static readonly object Gate = new(); // a Monitor (Wait/Pulse), not a Lock
    private static readonly Queue<IEventWork> Ready = new();
    private static int s_threads;
    private static int s_idle;
    private static int s_waking; // idle threads already signaled for work they have not taken yet

    /// <summary>The threads' name (also what the operating system shows, at most 15 characters).</summary>
    public const string ThreadName = "RtcNativeEvents";

    /// <summary>Threads alive now (for tests and diagnostics).</summary>
    public static int ThreadCount
    {
        get
        {
            lock (Gate)
            {
                return s_threads;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on an event thread; never blocks.</summary>
    public static void Schedule(IEventWork work)
    {
        var start = false;
        lock (Gate)
        {
            Ready.Enqueue(work);
            if (s_idle > s_waking)
            {
                s_waking++;
                Monitor.Pulse(Gate);
            }
            else if (s_threads < MaxThreads)
            {
                s_threads++;
                start = true;
            }
        }

        if (start)
        {
            StartThread();
        }
    }

    // The work is queued already: a thread that cannot start (out of memory or threads) leaves it to the threads
    // alive, or, when there is none, to a pool thread that runs the loop once, so that no event is ever stranded.
    private static void StartThread()
    {
        try
        {
            var thread = new Thread(Work) { IsBackground = true, Name = ThreadName };
            thread.UnsafeStart();
        }
        catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
        {
            bool none;
            lock (Gate)
            {
                s_threads--;
                none = s_threads == 0;
                if (none)
                {
                    s_threads++;
                }
            }

            if (none)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static _ => Work(), null);
            }
        }
    }

    private static void Work()
    {
        while (true)
        {
            IEventWork work;
            lock (Gate)
            {
                while (Ready.Count == 0)
                {
                    s_idle++;
                    var signaled = Monitor.Wait(Gate, IdleLifetime);
                    s_idle--;
                    if (signaled && s_waking > 0)
                    {
                        s_waking--;
                    }

                    if (!signaled && Ready.Count == 0)
                    {
                        s_threads--;
                        return;
                    }
                }

                work = Ready.Dequeue();
            }

            work.Run();
        }
    }
}
