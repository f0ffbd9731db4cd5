using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// Routes libwebrtc's own log lines to the <see cref="ILogger"/>s of the live factories that asked for them.
/// <para>
/// libwebrtc's sink is process-wide and costs data channel throughput as soon as it is attached (every
/// line is then formatted, about 40% at any level), so it is attached only while at least one registered
/// logger is enabled at a level it maps to, at the lowest severity some logger wants, and detached when the
/// last such logger goes. Levels: libwebrtc VERBOSE -> <see cref="LogLevel.Trace"/>, INFO ->
/// <see cref="LogLevel.Debug"/> (INFO is chatty: several lines per connection step), WARNING ->
/// <see cref="LogLevel.Warning"/>, ERROR -> <see cref="LogLevel.Error"/>. A line is not tied to a factory
/// (the engine does not say which one logged it): each registered logger enabled at its level gets it.
/// </para>
/// <para>
/// The native callback runs on a libwebrtc thread, usually under libwebrtc's logging lock: it only copies
/// the line into a bounded queue (dropping it, counted, when the queue is full) and wakes a drain on the
/// thread pool, which calls the loggers. It takes no lock: <see cref="Reevaluate"/> calls
/// <c>rtcn_set_log_sink</c> under <see cref="Sync"/>, and that waits for libwebrtc's logging lock.
/// </para>
/// </summary>
internal static class LibWebRtcLogRouter
{
    /// <summary>The logger category of libwebrtc's lines.</summary>
    public const string Category = "RtcNative.LibWebRtc";

    /// <summary>Lines that may wait for the drain; more are dropped and counted.</summary>
    public const int Capacity = 8192;

    private const int DrainBatch = 1024;

    private static readonly Lock Sync = new();
    private static readonly List<ILogger> Registered = [];
    private static readonly ConcurrentQueue<Line> Queue = new();
    private static readonly Drain Drainer = new();
    private static volatile ILogger[] s_loggers = [];
    private static RtcnLogSeverity s_attached = RtcnLogSeverity.None;
    private static int s_queued;
    private static int s_scheduled;
    private static long s_droppedSinceReport;
    private static long s_droppedTotal;

    /// <summary>The severity the native sink is attached at; <see cref="RtcnLogSeverity.None"/> while detached.</summary>
    public static RtcnLogSeverity AttachedSeverity
    {
        get
        {
            lock (Sync)
            {
                return s_attached;
            }
        }
    }

    /// <summary>Lines dropped because the loggers did not keep up, since the process started.</summary>
    public static long DroppedLineCount => Interlocked.Read(ref s_droppedTotal);

    /// <summary>Adds a factory's libwebrtc logger and attaches the sink at the level it needs.</summary>
    public static void Register(ILogger logger)
    {
        lock (Sync)
        {
            Registered.Add(logger);
            Publish();
            Reevaluate();
        }
    }

    /// <summary>Removes a factory's logger; detaches the sink when no remaining logger needs it.</summary>
    public static void Unregister(ILogger logger)
    {
        lock (Sync)
        {
            if (!Registered.Remove(logger))
            {
                return;
            }

            Publish();
            Reevaluate();
        }
    }

    /// <summary>Re-reads the loggers' levels (they may have been reconfigured) and re-attaches the sink if needed.</summary>
    public static void Refresh()
    {
        lock (Sync)
        {
            Reevaluate();
        }
    }

    /// <summary>The libwebrtc severity a logger needs to see: the lowest one whose level it has enabled.</summary>
    public static RtcnLogSeverity SeverityFor(ILogger logger) =>
        logger.IsEnabled(LogLevel.Trace) ? RtcnLogSeverity.Verbose
        : logger.IsEnabled(LogLevel.Debug) ? RtcnLogSeverity.Info
        : logger.IsEnabled(LogLevel.Warning) ? RtcnLogSeverity.Warning
        : logger.IsEnabled(LogLevel.Error) ? RtcnLogSeverity.Error
        : RtcnLogSeverity.None;

    /// <summary>The <see cref="LogLevel"/> of a libwebrtc severity.</summary>
    public static LogLevel LevelOf(RtcnLogSeverity severity) => severity switch
    {
        RtcnLogSeverity.Verbose => LogLevel.Trace,
        RtcnLogSeverity.Info => LogLevel.Debug,
        RtcnLogSeverity.Warning => LogLevel.Warning,
        RtcnLogSeverity.Error => LogLevel.Error,
        _ => LogLevel.None,
    };

    /// <summary>Called by the native callback (a libwebrtc thread): copies the borrowed line and queues it.
    /// Never blocks and takes no lock.</summary>
    public static unsafe void Post(RtcnLogSeverity severity, byte* message)
    {
        if (!TryReserve())
        {
            return;
        }

        string text;
        try
        {
            text = Utf8.Decode(message) ?? "";
        }
        catch
        {
            Interlocked.Decrement(ref s_queued); // give the reserved slot back
            throw;
        }

        Enqueue(new Line(severity, text));
    }

    /// <summary>Queues a line as the native callback does (tests use it to flood the queue).</summary>
    internal static void Post(RtcnLogSeverity severity, string message)
    {
        if (TryReserve())
        {
            Enqueue(new Line(severity, message));
        }
    }

    /// <summary>The loggers the drain writes to, each once: factories sharing a LoggerFactory share its logger
    /// instance (it caches them by category), and a line must not be logged twice (call under <see cref="Sync"/>).</summary>
    private static void Publish() => s_loggers = [.. Registered.Distinct<ILogger>(ReferenceEqualityComparer.Instance)];

    private static bool TryReserve()
    {
        if (Interlocked.Increment(ref s_queued) <= Capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref s_queued);
        Interlocked.Increment(ref s_droppedSinceReport);
        Interlocked.Increment(ref s_droppedTotal);
        return false;
    }

    private static void Enqueue(in Line line)
    {
        Queue.Enqueue(line);
        if (Interlocked.CompareExchange(ref s_scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(Drainer, preferLocal: false);
        }
    }

    /// <summary>Attaches the native sink at the severity the registered loggers need (call under <see cref="Sync"/>).</summary>
    private static void Reevaluate()
    {
        var wanted = RtcnLogSeverity.None;
        foreach (var logger in Registered)
        {
            var needed = SafeSeverityFor(logger);
            if (needed < wanted)
            {
                wanted = needed;
            }
        }

        if (wanted == s_attached)
        {
            return;
        }

        NativeRuntime.EnsureInitialized();
        var status = RtcnNativeMethods.rtcn_set_log_sink(wanted, 0);
        if (status != RtcnStatus.Ok)
        {
            // Only an invalid severity fails, which cannot happen here; logging must never break the caller.
            Trace.TraceError($"RtcNative: attaching libwebrtc's log sink at {wanted} failed: {RtcnErrors.LastError(status).Message}");
            return;
        }

        var previous = s_attached;
        s_attached = wanted;
        foreach (var logger in s_loggers)
        {
            Log.LibWebRtcSinkChanged(logger, previous, wanted);
        }
    }

    private static RtcnLogSeverity SafeSeverityFor(ILogger logger)
    {
        try
        {
            return SeverityFor(logger);
        }
        catch (Exception exception)
        {
            Trace.TraceError($"RtcNative: a logger's IsEnabled threw: {exception}");
            return RtcnLogSeverity.None;
        }
    }

    private static void Deliver(ILogger[] loggers, LogLevel level, string text)
    {
        foreach (var logger in loggers)
        {
            try
            {
                if (logger.IsEnabled(level))
                {
                    Log.LibWebRtcLine(logger, level, text);
                }
            }
            catch (Exception exception)
            {
                // A throwing logger must not stop the others, nor end the drain (an escaping exception would end the process).
                Trace.TraceError($"RtcNative: a logger threw while logging a libwebrtc line: {exception}");
            }
        }
    }

    private static void ReportDrops(ILogger[] loggers)
    {
        var dropped = Interlocked.Exchange(ref s_droppedSinceReport, 0);
        if (dropped == 0)
        {
            return;
        }

        foreach (var logger in loggers)
        {
            try
            {
                Log.LibWebRtcLinesDropped(logger, dropped, Capacity);
            }
            catch (Exception exception)
            {
                Trace.TraceError($"RtcNative: a logger threw: {exception}");
            }
        }
    }

    private readonly record struct Line(RtcnLogSeverity Severity, string Text);

    /// <summary>The drain: at most one runs at a time, on the thread pool, in batches so that it never owns a pool thread for long.</summary>
    private sealed class Drain : IThreadPoolWorkItem
    {
        public void Execute()
        {
            while (true)
            {
                for (var i = 0; i < DrainBatch && Queue.TryDequeue(out var line); i++)
                {
                    Interlocked.Decrement(ref s_queued);
                    // Read per line: a line posted after a factory registered must reach its logger.
                    Deliver(s_loggers, LevelOf(line.Severity), line.Text);
                }

                ReportDrops(s_loggers);
                if (!Queue.IsEmpty)
                {
                    // More to do: yield the pool thread and come back (still scheduled, so posts do not queue another drain).
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }

                // A full fence before re-reading the queue: a Post that saw s_scheduled == 1 relies on this
                // drain seeing its line (as in EventDispatcher).
                Interlocked.Exchange(ref s_scheduled, 0);
                if (Queue.IsEmpty || Interlocked.CompareExchange(ref s_scheduled, 1, 0) != 0)
                {
                    return;
                }
            }
        }
    }
}
