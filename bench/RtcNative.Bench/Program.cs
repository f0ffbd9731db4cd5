// RtcNative runner of the benchmark: one scenario per process, both peers of every pair in this
// process (in-process signaling with trickle ICE), one PeerConnectionFactory shared by both peers
// (the README's usage), loopback only. Public API only. Prints exactly one line
// "RESULT {json}" on stdout; everything else goes to stderr. See bench/README.md for what each
// scenario measures; bench/driver.mjs passes the parameters so that every stack gets the same.
//
//   RtcNative.Bench <connect|throughput|rate|rtt|rss> key=value...
//   keys: pairs, warmup, size, ms, cap, low, count, timeout_ms

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RtcNative;

var scenario = args.Length > 0 ? args[0] : "";
var p = new Params(args.Skip(1));
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
try
{
    var options = new PeerConnectionFactoryOptions { IncludeLoopback = true, NetworkInterfaces = ["lo"] };
    factory = new PeerConnectionFactory(options);
    factory2 = factoryPerPeer ? new PeerConnectionFactory(options) : factory;
    var bench = new Bench(factory, factory2, p);
    var result = scenario switch
    {
        "connect" => await bench.ConnectAsync(),
        "throughput" or "rate" => await bench.StreamAsync(),
        "rtt" => await bench.RoundTripAsync(),
        "rss" => await bench.RssAsync(),
        _ => throw new ArgumentException($"unknown scenario '{scenario}' (connect, throughput, rate, rtt, rss)"),
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

// Tear down inside the watchdog's deadline; a hang here still ends the process.
if (!ReferenceEquals(factory2, factory))
{
    factory2?.Dispose();
}

factory?.Dispose();
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
internal sealed class Pair : IDisposable
{
    public required RTCPeerConnection A { get; init; }
    public required RTCPeerConnection B { get; init; }
    public required RTCDataChannel ChannelA { get; init; }
    public required RTCDataChannel ChannelB { get; init; }
    public double ConnectMs { get; init; }

    public void Dispose()
    {
        ChannelA.Dispose();
        ChannelB.Dispose();
        A.Dispose();
        B.Dispose();
    }
}

internal sealed class Bench(PeerConnectionFactory factoryA, PeerConnectionFactory factoryB, Params p)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static readonly bool Debug = Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null;

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>CPU time (user + system) of the whole process, every thread, in seconds.</summary>
    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
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
            a.Dispose();
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
        var held = new List<Pair>();
        try
        {
            for (var i = 0; i < warmup + pairs; i++)
            {
                var pair = await ConnectPairAsync().ConfigureAwait(false);
                if (i < warmup)
                {
                    warm.Add(pair.ConnectMs);
                    held.Add(pair);
                }
                else
                {
                    samples.Add(pair.ConnectMs);
                    pair.Dispose();
                }
            }
        }
        finally
        {
            held.ForEach(pair => pair.Dispose());
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
        using var pair = await ConnectPairAsync().ConfigureAwait(false);
        var sender = pair.ChannelA;
        var receiver = pair.ChannelB;

        long receivedMessages = 0, receivedBytes = 0, lastReceived = 0, expected = -1;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Message += (_, e) =>
        {
            receivedBytes += e.Data.Length; // one handler at a time per connection
            Volatile.Write(ref lastReceived, Stopwatch.GetTimestamp());
            var n = Interlocked.Increment(ref receivedMessages);
            if (n == Volatile.Read(ref expected))
            {
                done.TrySetResult();
            }
        };

        using var lowSignal = new SemaphoreSlim(0);
        sender.BufferedAmountLowThreshold = low;
        sender.BufferedAmountLow += (_, _) => lowSignal.Release();

        long sent = 0, lowWaits = 0, lowWaitTimeouts = 0;
        long start = 0;
        var payload = new byte[size];
        var cpuStart = CpuSeconds();
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
            ["low_waits"] = lowWaits,
            ["low_wait_timeouts"] = lowWaitTimeouts,
        };
    }

    /// <summary>`warmup` + `count` sequential ping-pongs of `size` bytes: A sends, B echoes from its Message
    /// handler, A's Message handler records the time and sends the next one.</summary>
    public async Task<JsonObject> RoundTripAsync()
    {
        var count = (int)p.Get("count");
        var warmup = (int)p.Get("warmup");
        var size = (int)p.Get("size");
        using var pair = await ConnectPairAsync().ConfigureAwait(false);
        var a = pair.ChannelA;
        var b = pair.ChannelB;
        var ping = new byte[size];
        var samples = new double[count];
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var i = 0;
        long sentAt = 0;
        var cpuStart = 0.0;
        b.Message += (_, e) => b.Send(e.Data);
        a.Message += (_, e) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (i + 1 == warmup)
            {
                cpuStart = CpuSeconds();
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
        sentAt = Stopwatch.GetTimestamp();
        a.Send(ping);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var cpu = CpuSeconds() - cpuStart;
        return new JsonObject { ["samples_ms"] = new JsonArray(samples.Select(s => (JsonNode)s).ToArray()), ["cpu_seconds"] = cpu };
    }

    /// <summary>RSS after one pair was connected and closed, then after `pairs` more pairs are connected
    /// (and kept open); a full GC and a 300 ms pause before each reading.</summary>
    public async Task<JsonObject> RssAsync()
    {
        var count = (int)p.Get("pairs");
        using (await ConnectPairAsync().ConfigureAwait(false))
        {
        }

        var baseline = await SettledRssAsync().ConfigureAwait(false);
        var pairs = new List<Pair>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                pairs.Add(await ConnectPairAsync().ConfigureAwait(false));
            }

            var after = await SettledRssAsync().ConfigureAwait(false);
            return new JsonObject { ["pairs"] = count, ["baseline_mb"] = baseline, ["after_mb"] = after, ["threads"] = Process.GetCurrentProcess().Threads.Count };
        }
        finally
        {
            foreach (var pair in pairs)
            {
                pair.Dispose();
            }
        }
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
