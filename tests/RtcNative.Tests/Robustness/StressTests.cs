using System.Diagnostics;

namespace RtcNative.Tests;

// Issue 3, Guarantees: "200 sequential and 20 concurrent create/connect/exchange/close cycles: live native
// objects back to 0, thread count and RSS back to their level after the first cycle (within a small margin)".
// Thread pool workers come and go with load (they retire after 20 s idle), so the strict thread check is on
// every other thread (libwebrtc's, ours, the runtime's); the pool is bounded separately.
public sealed class StressTests
{
    // RSS keeps what glibc's per-thread arenas and the GC reserved at their peak; the heap in use is the leak check.
    private const long RssMarginBytes = 32L * 1024 * 1024;

    [Test]
    public Task TwoHundredSequentialCyclesLeaveNothingBehind() =>
        RepeatLeavesNothingBehindAsync("200 sequential cycles", 200, CycleAsync);

    [Test]
    public Task TwentyConcurrentCyclesLeaveNothingBehind() =>
        RepeatLeavesNothingBehindAsync("4 rounds of 20 concurrent cycles (ms per round)", 4, RoundAsync);

    /// <summary>Runs <paramref name="step"/> <paramref name="count"/> times on one factory: after the first, live native
    /// objects, threads and RSS must stay where the first left them; the factory's disposal leaves nothing.</summary>
    private static async Task RepeatLeavesNothingBehindAsync(string what, int count, Func<PeerConnectionFactory, int, Task> step)
    {
        var before = await ProcessSnapshot.SettledAsync(expectedLiveObjects: null);
        using (var factory = TestFactory.CreateLoopback())
        {
            var times = new List<double>();
            var stopwatch = Stopwatch.StartNew();
            await step(factory, 0);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            var afterFirst = await ProcessSnapshot.SettledAsync(expectedLiveObjects: null);

            for (var i = 1; i < count; i++)
            {
                stopwatch.Restart();
                await step(factory, i);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            var afterAll = await ProcessSnapshot.SettledAsync(afterFirst.LiveObjects);
            Report(what, times, afterFirst, afterAll);
            afterAll.AssertNear(afterFirst, RssMarginBytes);
        }

        var afterFactory = await ProcessSnapshot.SettledAsync(before.LiveObjects);
        Assert.That(afterFactory.LiveObjects, Is.EqualTo(before.LiveObjects), "the factory left native objects behind");
    }

    [Test]
    public async Task FactoriesCreatedAndDisposedOneAfterAnotherReleaseTheirThreads()
    {
        // Each factory runs libwebrtc's threads; a leaked one would show as 7 more threads per cycle.
        var before = await ProcessSnapshot.SettledAsync(expectedLiveObjects: null);
        for (var i = 0; i < 2; i++)
        {
            using var warmUp = TestFactory.CreateLoopback();
            await CycleAsync(warmUp, i);
        }

        var afterFirst = await ProcessSnapshot.SettledAsync(before.LiveObjects);
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            using (var factory = TestFactory.CreateLoopback())
            {
                await CycleAsync(factory, i);
            }

            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var afterAll = await ProcessSnapshot.SettledAsync(before.LiveObjects);
        Report("20 factory create/connect/dispose cycles", times, afterFirst, afterAll);
        afterAll.AssertNear(afterFirst, RssMarginBytes);
        Assert.That(afterAll.LiveObjects, Is.EqualTo(before.LiveObjects));
    }

    private static async Task RoundAsync(PeerConnectionFactory factory, int round) =>
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => CycleAsync(factory, round * 100 + i)))).WithTimeout();

    /// <summary>Create two peers, connect them, exchange a message each way, close the channel, close both, dispose.</summary>
    private static async Task CycleAsync(PeerConnectionFactory factory, int number)
    {
        using var channels = await ConnectedChannels.OpenAsync(factory, $"cycle {number}");
        var echoed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Remote.Message += (_, m) => channels.Remote.Send($"echo {m.Text}");
        channels.Local.Message += (_, m) => echoed.TrySetResult(m.Text);
        channels.Local.Send($"ping {number}");
        Assert.That(await echoed.Task.WithTimeout(), Is.EqualTo($"echo ping {number}"));

        channels.Local.Close();
        await channels.Remote.WaitForClosedAsync().WithTimeout();
        channels.Peers.Caller.Close();
        channels.Peers.Callee.Close();
    }

    private static void Report(string what, List<double> times, ProcessSnapshot afterFirst, ProcessSnapshot afterAll)
    {
        var sorted = times.Order().ToArray();
        TestContext.Out.WriteLine(
            $"{what}: median {sorted[sorted.Length / 2]:F1} ms, p95 {sorted[(int)(sorted.Length * 0.95)]:F1} ms, max {sorted[^1]:F1} ms, total {times.Sum() / 1000:F1} s");
        TestContext.Out.WriteLine($"  after the first: {afterFirst}");
        TestContext.Out.WriteLine($"  after all:       {afterAll}");
    }
}

/// <summary>Threads (by OS name), RSS and live native objects of this process, after the garbage of earlier work settled.</summary>
internal sealed record ProcessSnapshot(long LiveObjects, int Threads, int PoolThreads, long RssBytes, long MallocInUseBytes, long ManagedBytes,
    IReadOnlyDictionary<string, int> ThreadsByName)
{
    /// <summary>Bytes glibc's malloc held from the system, free or not, before the snapshot trimmed it (diagnostic).</summary>
    public long MallocHeldBytes { get; init; }

    /// <summary>Memory the GC has committed (diagnostic).</summary>
    public long GcCommittedBytes { get; init; }

    /// <summary>Native heap (glibc malloc, where libwebrtc and the shim allocate) in use may differ this much from the
    /// baseline: it moves by a few MiB with what is in flight when the snapshot is taken.</summary>
    private const long MallocMarginBytes = 12L * 1024 * 1024;

    private const string PoolWorkerName = ".NET TP Worker";

    /// <summary>How many more pool workers than the baseline (or the guaranteed headroom) a later snapshot may show:
    /// one per concurrent cycle, plus slack.</summary>
    private const int PoolGrowthAllowance = 24;

    /// <summary>Threads other than thread pool workers and RtcNative's event threads: libwebrtc's, the runtime's, the test host's.</summary>
    public int OtherThreads => Threads - PoolThreads;

    /// <summary>Collects garbage (finalizers release dropped wrappers) and waits, bounded, for the live native object
    /// count to reach <paramref name="expectedLiveObjects"/> (or to stop changing) and for exiting threads to go.</summary>
    public static async Task<ProcessSnapshot> SettledAsync(long? expectedLiveObjects)
    {
        var deadline = Stopwatch.StartNew();
        ProcessSnapshot? previous = null;
        while (true)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var current = Take();
            var settled = expectedLiveObjects is { } expected
                ? current.LiveObjects == expected && previous?.OtherThreads == current.OtherThreads
                : previous is not null && previous.LiveObjects == current.LiveObjects && previous.OtherThreads == current.OtherThreads;
            if (settled || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return current;
            }

            previous = current;
            await Task.Delay(100);
        }
    }

    public static ProcessSnapshot Take()
    {
        var names = new Dictionary<string, int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (IOException)
            {
                continue; // the thread exited meanwhile
            }

            names[name] = names.GetValueOrDefault(name) + 1;
        }

        // After a burst (twenty connections set up at once) glibc keeps the freed memory in its per-thread arenas,
        // tens of MiB, and returns it only when trimmed. That cache is not what the process holds: trim it, so RSS
        // shows memory in use; native memory in use is checked on its own (MallocInUse), and a leak shows there.
        var held = MallocHeld();
        TrimMalloc();
        using var process = Process.GetCurrentProcess();
        return new ProcessSnapshot(
            PeerConnectionFactory.GetLiveNativeObjectCount(),
            process.Threads.Count,
            // RtcNative's event threads come and go with load as pool workers do (they exit after 10 s idle).
            names.Where(n => n.Key == PoolWorkerName || n.Key == "RtcNativeEvents").Sum(n => n.Value),
            ReadRss(),
            MallocInUse(),
            GC.GetTotalMemory(forceFullCollection: false),
            names)
        {
            MallocHeldBytes = held,
            GcCommittedBytes = GC.GetGCMemoryInfo().TotalCommittedBytes,
        };
    }

    /// <summary>Live native objects equal; threads other than pool workers within 2 (the runtime's own
    /// come and go); pool workers within the pool's guaranteed headroom; RSS within <paramref name="rssMargin"/>.</summary>
    public void AssertNear(ProcessSnapshot baseline, long rssMargin)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LiveObjects, Is.EqualTo(baseline.LiveObjects), "live native objects");
            Assert.That(OtherThreads, Is.LessThanOrEqualTo(baseline.OtherThreads + 2),
                $"threads other than pool workers grew: {Describe(baseline)}");
            // Pool workers blocked in synchronous native calls (each waits for the factory's signaling thread) make the
            // pool add workers under concurrency; they retire after 20 s idle. Bounded, not a leak.
            Assert.That(PoolThreads, Is.LessThanOrEqualTo(Math.Max(baseline.PoolThreads, 2 * Environment.ProcessorCount) + PoolGrowthAllowance),
                "thread pool workers");
            Assert.That(RssBytes, Is.LessThanOrEqualTo(baseline.RssBytes + rssMargin), "RSS");
            Assert.That(MallocInUseBytes, Is.LessThanOrEqualTo(baseline.MallocInUseBytes + MallocMarginBytes), "native heap in use (a leak)");
        }
    }

    public override string ToString() =>
        $"{LiveObjects} live native objects, {Threads} threads ({PoolThreads} pool workers), RSS {RssBytes / (1024.0 * 1024):F1} MiB, " +
        $"native heap in use {MallocInUseBytes / (1024.0 * 1024):F1} MiB (held before trimming {MallocHeldBytes / (1024.0 * 1024):F1}), " +
        $"managed heap {ManagedBytes / (1024.0 * 1024):F1} MiB (GC committed {GcCommittedBytes / (1024.0 * 1024):F1})";

    private string Describe(ProcessSnapshot baseline) => string.Join(", ",
        ThreadsByName.Keys.Union(baseline.ThreadsByName.Keys).Order()
            .Select(name => (name, before: baseline.ThreadsByName.GetValueOrDefault(name), after: ThreadsByName.GetValueOrDefault(name)))
            .Where(t => t.before != t.after)
            .Select(t => $"{t.name}: {t.before} -> {t.after}"));

    /// <summary>Bytes glibc's malloc has handed out and not yet got back, over all arenas (0 where unknown).</summary>
    private static long MallocInUse() => MallocInfo() is { } info ? (long)(info.Uordblks + info.Hblkhd) : 0;

    /// <summary>Bytes glibc's malloc got from the system over all arenas, free or in use (0 where unknown).</summary>
    private static long MallocHeld() => MallocInfo() is { } info ? (long)(info.Arena + info.Hblkhd) : 0;

    private static MallInfo2? MallocInfo()
    {
        try
        {
            return mallinfo2();
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Returns glibc's free arena memory to the system (nothing where there is no glibc).</summary>
    private static void TrimMalloc()
    {
        try
        {
            malloc_trim(0);
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", ExactSpelling = true)]
    private static extern MallInfo2 mallinfo2();

    [System.Runtime.InteropServices.DllImport("libc", ExactSpelling = true)]
    private static extern int malloc_trim(nuint pad);

    /// <summary>glibc's struct mallinfo2 (2.33+).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena;
        public nuint Ordblks;
        public nuint Smblks;
        public nuint Hblks;
        public nuint Hblkhd;
        public nuint Usmblks;
        public nuint Fsmblks;
        public nuint Uordblks;
        public nuint Fordblks;
        public nuint Keepcost;
    }

    private static long ReadRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
    }
}
