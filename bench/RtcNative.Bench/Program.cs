// RtcNative runner of the benchmark: one scenario per process, both peers of every pair in this
// process (in-process signaling with trickle ICE), one PeerConnectionFactory shared by both peers
// (the README's usage), loopback only. Public API only. Prints exactly one line
// "RESULT {json}" on stdout; everything else goes to stderr. See bench/README.md for what each
// scenario measures; bench/driver.mjs passes the parameters so that every stack gets the same.
// Messages are received with MessageReceived (a span, no array per message); the streaming and
// round-trip scenarios also report the GC's allocations over the measured interval.
//
//   RtcNative.Bench <connect|throughput|rate|rtt|rss|many|video|audio> key=value...
//   keys: pairs, warmup, size, ms, cap, low, count, rate_size, bulk_size, burst, drain_ms,
//   width, height, fps, warmup_ms, queue, period_ms, tone_ms,
//   timeout_ms (numbers), layout (shared|split; without it RTCNATIVE_THREAD_LAYOUT, else shared)
// The media scenarios (video, audio) are in MediaBench.cs.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RtcNative;

var scenario = args.Length > 0 ? args[0] : "";
// layout= is the one key whose value is a word: the factory's thread layout.
var layoutArg = args.Skip(1).LastOrDefault(a => a.StartsWith("layout=", StringComparison.Ordinal))?["layout=".Length..];
var p = new Params(args.Skip(1).Where(a => !a.StartsWith("layout=", StringComparison.Ordinal)));
ThreadLayout? layout = layoutArg switch
{
    null => null,
    "shared" => ThreadLayout.Shared,
    "split" => ThreadLayout.Split,
    _ => throw new ArgumentException($"bad argument 'layout={layoutArg}' (layout=shared or layout=split)"),
};
string? layoutUsed = null;
var timeout = TimeSpan.FromMilliseconds(p.Get("timeout_ms", 30000));

// Every scenario is bounded: past the deadline the process reports the error and exits, whatever hangs.
var emitted = 0;
void Emit(JsonObject result)
{
    if (Interlocked.Exchange(ref emitted, 1) != 0)
    {
        return;
    }

    result["stack"] = "rtcnative";
    result["scenario"] = scenario;
    result["layout"] = layoutUsed;
    result["versions"] = new JsonObject
    {
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["rtcnative"] = typeof(RTCPeerConnection).Assembly.GetName().Version?.ToString(),
    };
    Console.Out.WriteLine("RESULT " + result.ToJsonString());
    Console.Out.Flush();
}

using var watchdog = new Timer(_ =>
{
    Emit(new JsonObject { ["ok"] = false, ["error"] = $"timed out after {timeout.TotalSeconds:0} s" });
    Environment.Exit(3);
}, null, timeout, Timeout.InfiniteTimeSpan);

int exitCode = 0;
var factoryPerPeer = Environment.GetEnvironmentVariable("BENCH_FACTORY_PER_PEER") == "1";
PeerConnectionFactory? factory = null, factory2 = null;
Bench? bench = null;
MediaBench? media = null;
try
{
    // ThreadLayout null: the library's default (RTCNATIVE_THREAD_LAYOUT, else shared).
    var options = new PeerConnectionFactoryOptions { IncludeLoopback = true, NetworkInterfaces = ["lo"], ThreadLayout = layout };
    // Media, as the C client: audio needs a device that pulls remote audio without hardware (headless); video gets
    // libwebrtc's dummy device, which does nothing.
    if (scenario == "audio")
    {
        options.AudioDevice = AudioDeviceKind.Headless;
    }
    else if (scenario == "video")
    {
        options.AudioDevice = AudioDeviceKind.Dummy;
    }

    factory = new PeerConnectionFactory(options);
    layoutUsed = factory.ThreadLayout.ToString().ToLowerInvariant();
    factory2 = factoryPerPeer ? new PeerConnectionFactory(options) : factory;
    bench = new Bench(factory, factory2, p);
    media = new MediaBench(factory, factory2, p);
    var result = scenario switch
    {
        "video" => await media.VideoAsync(),
        "audio" => await media.AudioAsync(),
        "connect" => await bench.ConnectAsync(),
        "throughput" or "rate" => await bench.StreamAsync(),
        "rtt" => await bench.RoundTripAsync(),
        "rss" => await bench.RssAsync(),
        "many" => await bench.ManyAsync(),
        _ => throw new ArgumentException($"unknown scenario '{scenario}' (connect, throughput, rate, rtt, rss, many, video, audio)"),
    };
    result["ok"] = true;
    result["factory_per_peer"] = factoryPerPeer;
    Emit(result);
}
catch (Exception ex)
{
    Emit(new JsonObject { ["ok"] = false, ["error"] = $"{ex.GetType().Name}: {ex.Message}" });
    Console.Error.WriteLine(ex);
    exitCode = 1;
}

// Tear down after the result, inside the watchdog's deadline: the pairs still open, then the factories, each
// awaited until its native side is gone (DisposeAsync never blocks a thread) and bounded.
try
{
    if (bench is not null)
    {
        await bench.CloseAllAsync();
    }

    if (media is not null)
    {
        await media.CloseAsync();
    }

    if (!ReferenceEquals(factory2, factory) && factory2 is not null)
    {
        await factory2.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    if (factory is not null)
    {
        await factory.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
catch (Exception ex)
{
    Console.Error.WriteLine($"teardown: {ex}");
    exitCode = exitCode == 0 ? 4 : exitCode;
}

return exitCode;

/// <summary>key=value arguments.</summary>
internal sealed class Params
{
    private readonly Dictionary<string, long> _values = new();

    public Params(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=');
            if (eq <= 0)
            {
                throw new ArgumentException($"bad argument '{arg}' (key=value expected)");
            }

            _values[arg[..eq]] = long.Parse(arg[(eq + 1)..], CultureInfo.InvariantCulture);
        }
    }

    public long Get(string key, long fallback) => _values.TryGetValue(key, out var v) ? v : fallback;

    public long Get(string key) => _values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"missing {key}=");
}

/// <summary>Trickle ICE from one peer to the other, in-process: candidates wait until the receiver has its remote description.</summary>
internal sealed class CandidateRelay
{
    private readonly RTCPeerConnection _to;
    private readonly object _lock = new();
    private List<RTCIceCandidateInit>? _pending = new();
    public int Errors;

    public CandidateRelay(RTCPeerConnection to) => _to = to;

    public void OnCandidate(object? sender, RTCPeerConnectionIceEventArgs e)
    {
        if (e.Candidate is null)
        {
            return; // end of candidates: nothing to relay for a connection on one host
        }

        var init = e.Candidate.ToInit();
        lock (_lock)
        {
            if (_pending is not null)
            {
                _pending.Add(init);
                return;
            }
        }

        _ = AddAsync(init);
    }

    public void RemoteDescriptionSet()
    {
        List<RTCIceCandidateInit>? pending;
        lock (_lock)
        {
            pending = _pending;
            _pending = null;
        }

        foreach (var init in pending ?? [])
        {
            _ = AddAsync(init);
        }
    }

    private async Task AddAsync(RTCIceCandidateInit init)
    {
        try
        {
            await _to.AddIceCandidateAsync(init).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref Errors); // a connection closed meanwhile, say: the pair's own timeout tells
        }
    }
}

/// <summary>Two connected peers: A created the channel, B received it.</summary>
internal sealed class Pair : IAsyncDisposable
{
    public required RTCPeerConnection A { get; init; }
    public required RTCPeerConnection B { get; init; }
    public required RTCDataChannel ChannelA { get; init; }
    public required RTCDataChannel ChannelB { get; init; }
    public double ConnectMs { get; init; }

    /// <summary>Closes both channels and both connections and completes once libwebrtc released them all (no
    /// callback of them runs any more), 10 s at most.</summary>
    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(ChannelA.DisposeAsync().AsTask(), ChannelB.DisposeAsync().AsTask(), A.DisposeAsync().AsTask(), B.DisposeAsync().AsTask())
            .WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
}

/// <summary>What one receiving channel counted. Written by its connection's dispatcher (one handler at a time per
/// connection), read by the measuring thread.</summary>
internal sealed class Counter
{
    public long Messages;
    public long Bytes;
    public long Last;

    /// <summary>Counts every message of the channel, from MessageReceived: a span, no allocation per message.</summary>
    public Counter(RTCDataChannel channel) => channel.MessageReceived += (_, data, _) =>
    {
        Volatile.Write(ref Bytes, Bytes + data.Length);
        Volatile.Write(ref Last, Stopwatch.GetTimestamp());
        Volatile.Write(ref Messages, Messages + 1);
    };
}

internal sealed class Bench(PeerConnectionFactory factoryA, PeerConnectionFactory factoryB, Params p)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static readonly bool Debug = Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null;

    /// <summary>Pairs the scenario left open for the teardown after the result.</summary>
    private readonly List<Pair> _open = new();

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>CPU time (user + system) of the whole process, every thread, in seconds.</summary>
    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Bytes the GC allocated so far, every thread.</summary>
    private static long GcBytes() => GC.GetTotalAllocatedBytes(precise: true);

    /// <summary>Closes the pairs left open, concurrently (after the result was printed).</summary>
    public async Task CloseAllAsync()
    {
        Pair[] pairs;
        lock (_open)
        {
            pairs = [.. _open];
            _open.Clear();
        }

        await Task.WhenAll(pairs.Select(pair => pair.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private Pair KeepOpen(Pair pair)
    {
        lock (_open)
        {
            _open.Add(pair);
        }

        return pair;
    }

    /// <summary>createOffer to both channels open: A's Open and B's DataChannel (open once announced, per webrtc-pc).</summary>
    public async Task<Pair> ConnectPairAsync()
    {
        var a = factoryA.CreatePeerConnection();
        var b = factoryB.CreatePeerConnection();
        try
        {
            var toB = new CandidateRelay(b);
            var toA = new CandidateRelay(a);
            a.IceCandidate += toB.OnCandidate;
            b.IceCandidate += toA.OnCandidate;
            var channelA = a.CreateDataChannel("bench");
            var openA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            channelA.Open += (_, _) => openA.TrySetResult();
            var openB = new TaskCompletionSource<RTCDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            b.DataChannel += (_, e) =>
            {
                var channel = e.Channel;
                if (channel.ReadyState == RTCDataChannelState.Open)
                {
                    openB.TrySetResult(channel);
                }
                else
                {
                    channel.Open += (_, _) => openB.TrySetResult(channel);
                }
            };

            var start = Stopwatch.GetTimestamp();
            if (Debug)
            {
                a.IceConnectionStateChange += (_, st) => Console.Error.WriteLine($"[{Ms(start, Stopwatch.GetTimestamp()),8:0.000} ms] a ice {st}");
                b.IceConnectionStateChange += (_, st) => Console.Error.WriteLine($"[{Ms(start, Stopwatch.GetTimestamp()),8:0.000} ms] b ice {st}");
                a.ConnectionStateChange += (_, st) => Console.Error.WriteLine($"[{Ms(start, Stopwatch.GetTimestamp()),8:0.000} ms] a connection {st}");
                b.ConnectionStateChange += (_, st) => Console.Error.WriteLine($"[{Ms(start, Stopwatch.GetTimestamp()),8:0.000} ms] b connection {st}");
                a.IceCandidate += (_, e) => Console.Error.WriteLine($"[{Ms(start, Stopwatch.GetTimestamp()),8:0.000} ms] a candidate {e.Candidate?.Candidate}");
                b.IceCandidate += (_, e) => Console.Error.WriteLine($"[{Ms(start, Stopwatch.GetTimestamp()),8:0.000} ms] b candidate {e.Candidate?.Candidate}");
            }

            var offer = await a.CreateOfferAsync().ConfigureAwait(false);
            await a.SetLocalDescriptionAsync(offer).ConfigureAwait(false);
            await b.SetRemoteDescriptionAsync(offer).ConfigureAwait(false);
            toB.RemoteDescriptionSet();
            var answer = await b.CreateAnswerAsync().ConfigureAwait(false);
            await b.SetLocalDescriptionAsync(answer).ConfigureAwait(false);
            await a.SetRemoteDescriptionAsync(answer).ConfigureAwait(false);
            toA.RemoteDescriptionSet();
            await Task.WhenAll(openA.Task, openB.Task).WaitAsync(StepTimeout).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            return new Pair { A = a, B = b, ChannelA = channelA, ChannelB = openB.Task.Result, ConnectMs = Ms(start, end) };
        }
        catch
        {
            a.Dispose(); // returns at once; the native side goes on its own
            b.Dispose();
            throw;
        }
    }

    /// <summary>`warmup` pairs are connected first (cold) and stay open while the `pairs` measured pairs
    /// are connected and closed one at a time: process-wide state that libwebrtc sets up with its first
    /// connection and tears down with its last (libsrtp's init, say) is not redone per sample.</summary>
    public async Task<JsonObject> ConnectAsync()
    {
        var pairs = (int)p.Get("pairs");
        var warmup = (int)p.Get("warmup");
        var warm = new JsonArray();
        var samples = new JsonArray();
        for (var i = 0; i < warmup + pairs; i++)
        {
            var pair = await ConnectPairAsync().ConfigureAwait(false);
            if (i < warmup)
            {
                warm.Add(pair.ConnectMs);
                KeepOpen(pair);
            }
            else
            {
                samples.Add(pair.ConnectMs);
                await pair.DisposeAsync().ConfigureAwait(false); // torn down before the next pair starts
            }
        }

        return new JsonObject { ["samples_ms"] = samples, ["warmup_ms"] = warm };
    }

    /// <summary>A sends `size`-byte binary messages for `ms`, keeping BufferedAmount + size under `cap` and
    /// waiting for BufferedAmountLow (threshold `low`) when full; B counts what arrives.</summary>
    public async Task<JsonObject> StreamAsync()
    {
        var size = (int)p.Get("size");
        var durationMs = p.Get("ms");
        var cap = (ulong)p.Get("cap");
        var low = (ulong)p.Get("low");
        var pair = KeepOpen(await ConnectPairAsync().ConfigureAwait(false));
        var sender = pair.ChannelA;
        var receiver = pair.ChannelB;

        long receivedMessages = 0, receivedBytes = 0, lastReceived = 0, expected = -1;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MessageReceived += (_, data, _) =>
        {
            receivedBytes += data.Length; // one handler at a time per connection
            Volatile.Write(ref lastReceived, Stopwatch.GetTimestamp());
            var n = Interlocked.Increment(ref receivedMessages);
            if (n == Volatile.Read(ref expected))
            {
                done.TrySetResult();
            }
        };

        var lowSignal = new SemaphoreSlim(0); // not disposed: the pair stays open until the teardown
        sender.BufferedAmountLowThreshold = low;
        sender.BufferedAmountLow += (_, _) => lowSignal.Release();

        long sent = 0, lowWaits = 0, lowWaitTimeouts = 0;
        long start = 0;
        var payload = new byte[size];
        var cpuStart = CpuSeconds();
        var gcStart = GcBytes();
        var senderThread = new Thread(() =>
        {
            start = Stopwatch.GetTimestamp();
            var deadline = start + durationMs * Stopwatch.Frequency / 1000;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                if (sender.BufferedAmount + (ulong)size > cap)
                {
                    // Wait for BufferedAmountLow, at most 1 s at a time (counted) and not past the deadline.
                    lowWaits++;
                    // SemaphoreSlim's timeout may end up to a tick early: a wait counts as "over 1 s" by the clock.
                    var waitStart = Stopwatch.GetTimestamp();
                    var leftMs = (int)Math.Min(1000, Ms(waitStart, deadline) + 1);
                    if (!lowSignal.Wait(Math.Max(1, leftMs)) && Ms(waitStart, Stopwatch.GetTimestamp()) >= 1000)
                    {
                        lowWaitTimeouts++;
                    }

                    continue;
                }

                sender.Send(payload);
                sent++;
            }
        }) { IsBackground = true, Name = "bench sender" };
        senderThread.Start();
        await Task.Run(() => senderThread.Join()).ConfigureAwait(false);

        Volatile.Write(ref expected, sent);
        if (Interlocked.Read(ref receivedMessages) >= sent)
        {
            done.TrySetResult();
        }

        await done.Task.WaitAsync(StepTimeout).ConfigureAwait(false);
        var cpu = CpuSeconds() - cpuStart;
        var gc = GcBytes() - gcStart;
        if (sent == 0)
        {
            throw new InvalidOperationException("not a single message could be sent in the time given");
        }

        var seconds = Ms(start, Volatile.Read(ref lastReceived)) / 1000.0;
        return new JsonObject
        {
            ["size"] = size,
            ["sent_messages"] = sent,
            ["received_messages"] = Interlocked.Read(ref receivedMessages),
            ["received_bytes"] = receivedBytes,
            ["seconds"] = seconds,
            ["cpu_seconds"] = cpu,
            ["gc_allocated_bytes"] = gc,
            ["low_waits"] = lowWaits,
            ["low_wait_timeouts"] = lowWaitTimeouts,
        };
    }

    /// <summary>`warmup` + `count` sequential ping-pongs of `size` bytes: A sends, B echoes from its MessageReceived
    /// handler, A's MessageReceived handler records the time and sends the next one.</summary>
    public async Task<JsonObject> RoundTripAsync()
    {
        var count = (int)p.Get("count");
        var warmup = (int)p.Get("warmup");
        var size = (int)p.Get("size");
        var pair = KeepOpen(await ConnectPairAsync().ConfigureAwait(false));
        var a = pair.ChannelA;
        var b = pair.ChannelB;
        var ping = new byte[size];
        var samples = new double[count];
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var i = 0;
        long sentAt = 0;
        var cpuStart = 0.0;
        var gcStart = 0L;
        b.MessageReceived += (channel, data, _) => channel.Send(data);
        a.MessageReceived += (_, _, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (i + 1 == warmup)
            {
                cpuStart = CpuSeconds();
                gcStart = GcBytes();
            }

            if (i >= warmup)
            {
                samples[i - warmup] = Ms(sentAt, now);
            }

            if (++i == warmup + count)
            {
                done.TrySetResult();
                return;
            }

            sentAt = Stopwatch.GetTimestamp();
            a.Send(ping);
        };
        cpuStart = CpuSeconds();
        gcStart = GcBytes();
        sentAt = Stopwatch.GetTimestamp();
        a.Send(ping);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var cpu = CpuSeconds() - cpuStart;
        var gc = GcBytes() - gcStart;
        return new JsonObject
        {
            ["samples_ms"] = new JsonArray(samples.Select(s => (JsonNode)s).ToArray()),
            ["cpu_seconds"] = cpu,
            ["gc_allocated_bytes"] = gc,
        };
    }

    /// <summary>RSS after one pair was connected and closed, then after `pairs` more pairs are connected
    /// (and kept open); a full GC and a 300 ms pause before each reading.</summary>
    public async Task<JsonObject> RssAsync()
    {
        var count = (int)p.Get("pairs");
        await (await ConnectPairAsync().ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        var baseline = await SettledRssAsync().ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            KeepOpen(await ConnectPairAsync().ConfigureAwait(false));
        }

        var after = await SettledRssAsync().ConfigureAwait(false);
        return new JsonObject { ["pairs"] = count, ["baseline_mb"] = baseline, ["after_mb"] = after, ["threads"] = Process.GetCurrentProcess().Threads.Count };
    }

    /// <summary>`pairs` pairs on this one factory, set up concurrently; then every pair's channel sends `rate_size`
    /// messages for `ms` (the rate part), then `bulk_size` messages for `ms` (the throughput part).</summary>
    public async Task<JsonObject> ManyAsync()
    {
        var n = (int)p.Get("pairs");
        var setupStart = Stopwatch.GetTimestamp();
        var connecting = Enumerable.Range(0, n).Select(_ => ConnectPairAsync()).ToArray();
        try
        {
            await Task.WhenAll(connecting).ConfigureAwait(false);
        }
        catch
        {
            foreach (var task in connecting.Where(t => t.IsCompletedSuccessfully))
            {
                KeepOpen(task.Result);
            }

            throw;
        }

        var setupMs = Ms(setupStart, Stopwatch.GetTimestamp());
        var pairs = connecting.Select(t => KeepOpen(t.Result)).ToArray();
        var counters = pairs.Select(pair => new Counter(pair.ChannelB)).ToArray();
        var anyLow = new SemaphoreSlim(0); // not disposed: the pairs stay open until the teardown
        foreach (var pair in pairs)
        {
            pair.ChannelA.BufferedAmountLowThreshold = (ulong)p.Get("low");
            pair.ChannelA.BufferedAmountLow += (_, _) => anyLow.Release();
        }

        var rate = await ManyPartAsync(pairs, counters, anyLow, (int)p.Get("rate_size")).ConfigureAwait(false);
        var throughput = await ManyPartAsync(pairs, counters, anyLow, (int)p.Get("bulk_size")).ConfigureAwait(false);
        return new JsonObject
        {
            ["pairs"] = n,
            ["setup_ms"] = setupMs,
            ["connect_ms"] = new JsonArray(pairs.Select(pair => (JsonNode)pair.ConnectMs).ToArray()),
            ["rate"] = rate,
            ["throughput"] = throughput,
        };
    }

    /// <summary>One part of the many scenario, from one sending thread, round-robin: on each pair's turn up to
    /// `burst` messages, each only while that channel's BufferedAmount + size &lt;= `cap`. When a whole round sent
    /// nothing (every channel full) it waits for any channel's BufferedAmountLow, at most 1 s at a time and not past
    /// the deadline. Then it waits (`drain_ms` at most) until every pair received all its messages.</summary>
    private async Task<JsonObject> ManyPartAsync(Pair[] pairs, Counter[] counters, SemaphoreSlim anyLow, int size)
    {
        var durationMs = p.Get("ms");
        var cap = (ulong)p.Get("cap");
        var burst = (int)p.Get("burst");
        var drainMs = p.Get("drain_ms");
        var n = pairs.Length;
        var payload = new byte[size];
        var sent = new long[n];
        var baseMessages = counters.Select(c => Volatile.Read(ref c.Messages)).ToArray();
        var baseBytes = counters.Select(c => Volatile.Read(ref c.Bytes)).ToArray();
        long lowWaits = 0, lowWaitTimeouts = 0, start = 0;
        string? error = null;
        var cpuStart = CpuSeconds();
        var gcStart = GcBytes();
        var senderThread = new Thread(() =>
        {
            start = Stopwatch.GetTimestamp();
            var deadline = start + durationMs * Stopwatch.Frequency / 1000;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var any = false;
                for (var i = 0; i < n; i++)
                {
                    var channel = pairs[i].ChannelA;
                    for (var k = 0; k < burst && channel.BufferedAmount + (ulong)size <= cap; k++)
                    {
                        channel.Send(payload);
                        sent[i]++;
                        any = true;
                    }
                }

                if (!any)
                {
                    lowWaits++;
                    var waitStart = Stopwatch.GetTimestamp();
                    var leftMs = (int)Math.Min(1000, Ms(waitStart, deadline) + 1);
                    if (!anyLow.Wait(Math.Max(1, leftMs)) && Ms(waitStart, Stopwatch.GetTimestamp()) >= 1000)
                    {
                        lowWaitTimeouts++;
                    }
                }
            }

            // Every pair's messages arrived, or drain_ms passed.
            var drainDeadline = Stopwatch.GetTimestamp() + drainMs * Stopwatch.Frequency / 1000;
            for (var i = 0; i < n && error is null; i++)
            {
                while (Volatile.Read(ref counters[i].Messages) - baseMessages[i] < sent[i])
                {
                    if (Stopwatch.GetTimestamp() > drainDeadline)
                    {
                        error = $"pair {i + 1} received {Volatile.Read(ref counters[i].Messages) - baseMessages[i]} of {sent[i]} messages";
                        break;
                    }

                    Thread.Sleep(1);
                }
            }
        }) { IsBackground = true, Name = "bench sender" };
        senderThread.Start();
        await Task.Run(() => senderThread.Join()).ConfigureAwait(false);
        var cpu = CpuSeconds() - cpuStart;
        var gc = GcBytes() - gcStart;
        if (error is not null)
        {
            throw new TimeoutException($"{size}-byte part: {error}");
        }

        if (sent.Sum() == 0)
        {
            throw new InvalidOperationException($"{size}-byte part: not a single message could be sent in the time given");
        }

        var perPair = Enumerable.Range(0, n).Select(i => Volatile.Read(ref counters[i].Messages) - baseMessages[i]).ToArray();
        var last = counters.Max(c => Volatile.Read(ref c.Last));
        return new JsonObject
        {
            ["size"] = size,
            ["sent_messages"] = sent.Sum(),
            ["received_messages"] = perPair.Sum(),
            ["received_bytes"] = Enumerable.Range(0, n).Sum(i => Volatile.Read(ref counters[i].Bytes) - baseBytes[i]),
            ["seconds"] = Ms(start, last) / 1000.0,
            ["cpu_seconds"] = cpu,
            ["gc_allocated_bytes"] = gc,
            ["low_waits"] = lowWaits,
            ["low_wait_timeouts"] = lowWaitTimeouts,
            ["per_pair_messages"] = new JsonArray(perPair.Select(m => (JsonNode)m).ToArray()),
        };
    }

    private static async Task<double> SettledRssAsync()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await Task.Delay(300).ConfigureAwait(false);
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}
