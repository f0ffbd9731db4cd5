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
/// watch for more work for a few microseconds only (<see cref="SpinTicks"/>), then park on a condition wait.
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
    private static int s_spinning; // threads watching Ready before they park, not yet claimed by an item
    private static volatile int s_ready; // Ready.Count, readable without the lock

    // How long a thread that ran out of work watches for more before it parks: about one SCTP packet's worth of
    // messages at full rate. Work that arrives meanwhile needs no wake-up, which would otherwise be a futex call on
    // libwebrtc's thread (the bottleneck of a busy connection) per batch. Measured on the rate scenario against the
    // C client (medians of five alternating rounds): no spin 0.67x its rate at 1.86x its CPU per message; 5 us
    // 0.81x at 1.59x; 10 us 0.75x at 1.77x. The thread pool's much longer spin was 1.8x to 2x its CPU.
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency * 5 / 1_000_000;

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
            s_ready = Ready.Count;
            if (TryClaimSpinner())
            {
                // A spinning thread takes it: it looks at Ready under Gate before it parks, so it cannot miss this
                // item. One item per spinner: a second one gets a thread of its own (a handler may block).
            }
            else if (s_idle > s_waking)
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

    private static bool TryClaimSpinner()
    {
        int spinning;
        while ((spinning = Volatile.Read(ref s_spinning)) > 0)
        {
            if (Interlocked.CompareExchange(ref s_spinning, spinning - 1, spinning) == spinning)
            {
                return true;
            }
        }

        return false;
    }

    private static void Work()
    {
        while (true)
        {
            IEventWork work;
            if (s_ready == 0)
            {
                Interlocked.Increment(ref s_spinning);
                var until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
                while (s_ready == 0 && System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(10);
                }

                TryClaimSpinner(); // withdraws this thread, unless Schedule claimed it meanwhile
            }

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
                s_ready = Ready.Count;
            }

            work.Run();
        }
    }
}
