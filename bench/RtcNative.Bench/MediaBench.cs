// The media scenarios of the RtcNative runner (video, audio): the same work as rtcn_bench.c's, through the public
// API only. A sends a generator's track on a sendonly transceiver (codec preferences VP8, or Opus); B reads its
// remote track with a MediaStreamTrackProcessor (reads into one VideoFrame/AudioData kept for the whole run: the
// path without allocation per frame); a dedicated thread paces the writes (one frame submitted again and again). See bench/README.md, "Media scenarios".

using System.Diagnostics;
using System.Text.Json.Nodes;
using RtcNative;

/// <summary>The video and audio scenarios on one factory per peer side (the runner's factories).</summary>
internal sealed class MediaBench(PeerConnectionFactory factoryA, PeerConnectionFactory factoryB, Params p)
{
    // Longer than warm-up plus window (12 s): a step's deadline set while connecting must not come due inside the
    // measured window, where the runtime's timer starts a thread-pool thread (its allocations counted as the
    // library's). The process's 60 s watchdog still bounds every step.
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private const int AudioRate = 48000;
    private const int AudioChannels = 2;
    private const int AudioThreshold = 3277; // 0.1 of full scale
    private static readonly bool Debug = Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null;

    private RTCPeerConnection? _a, _b;
    private MediaStreamTrack? _remote;
    private MediaStreamTrackProcessor? _processor;
    private IDisposable? _generator;

    // Allocation accounting of the reading code: the reads resume on event threads (any of them), so each thread
    // keeps its own mark (GC.GetAllocatedBytesForCurrentThread at the end of its last loop body) and what it
    // allocated from there to the start of its next loop body (the read that made the frame object) is added with
    // the body's own allocations.
    [ThreadStatic] private static long t_mark;
    [ThreadStatic] private static bool t_marked;

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Closes the pair and the generator (after the result).</summary>
    public async Task CloseAsync()
    {
        _processor?.Dispose();
        var tasks = new List<Task>();
        if (_a is not null)
        {
            tasks.Add(_a.DisposeAsync().AsTask());
        }

        if (_b is not null)
        {
            tasks.Add(_b.DisposeAsync().AsTask());
        }

        await Task.WhenAll(tasks).WaitAsync(StepTimeout).ConfigureAwait(false);
        _remote?.Dispose();
        _generator?.Dispose();
    }

    /// <summary>Connects A (sending <paramref name="track"/> on a sendonly transceiver preferring
    /// <paramref name="codec"/>) and B; returns B's remote track once both connections are connected.</summary>
    private async Task<MediaStreamTrack> ConnectAsync(MediaStreamTrack track, RTCRtpCodecCapability codec)
    {
        var a = _a = factoryA.CreatePeerConnection();
        var b = _b = factoryB.CreatePeerConnection();
        var toB = new CandidateRelay(b);
        var toA = new CandidateRelay(a);
        a.IceCandidate += toB.OnCandidate;
        b.IceCandidate += toA.OnCandidate;
        var connectedA = Connected(a);
        var connectedB = Connected(b);
        var remote = new TaskCompletionSource<MediaStreamTrack>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Track += (_, e) => remote.TrySetResult(e.Track);

        var transceiver = a.AddTransceiver(track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        // Built by hand: RTCRtpSender.GetCapabilities is static and would create PeerConnectionFactory.Default (a third
        // set of libwebrtc threads and an audio device) inside the measured process. The C client filters its
        // factory's receiver capabilities by MIME type, which gives exactly this entry.
        transceiver.SetCodecPreferences([codec]);

        var offer = await a.CreateOfferAsync().ConfigureAwait(false);
        await a.SetLocalDescriptionAsync(offer).ConfigureAwait(false);
        await b.SetRemoteDescriptionAsync(offer).ConfigureAwait(false);
        toB.RemoteDescriptionSet();
        var answer = await b.CreateAnswerAsync().ConfigureAwait(false);
        await b.SetLocalDescriptionAsync(answer).ConfigureAwait(false);
        await a.SetRemoteDescriptionAsync(answer).ConfigureAwait(false);
        toA.RemoteDescriptionSet();
        await Task.WhenAll(connectedA, connectedB, remote.Task).WaitAsync(StepTimeout).ConfigureAwait(false);
        if (transceiver.Kind == MediaKind.Video)
        {
            // 720p stays 720p: without this libwebrtc starts below the size sent (its initial frame dropper scales down
            // at the start bitrate) and climbs back over many seconds. As the C client.
            var parameters = transceiver.Sender.GetParameters();
            parameters.DegradationPreference = RTCDegradationPreference.MaintainResolution;
            await transceiver.Sender.SetParametersAsync(parameters).WaitAsync(StepTimeout).ConfigureAwait(false);
        }

        return _remote = remote.Task.Result;
    }

    private static Task Connected(RTCPeerConnection pc)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.ConnectionStateChange += (_, state) =>
        {
            if (state == RTCPeerConnectionState.Connected)
            {
                tcs.TrySetResult();
            }
            else if (state is RTCPeerConnectionState.Failed or RTCPeerConnectionState.Closed)
            {
                tcs.TrySetException(new InvalidOperationException($"connection {state}"));
            }
        };
        return tcs.Task;
    }

    /// <summary>The first calls of Process.TotalProcessorTime and GC.GetTotalAllocatedBytes take tens of ms (JIT,
    /// /proc parsing set-up): made here, before the pacing thread starts, so that the window's first reading does
    /// not stall the writes (a stall of ~200 ms followed by a burst grew the receiver's jitter buffer for seconds).</summary>
    private static void WarmUpMeasurements()
    {
        for (var i = 0; i < 3; i++)
        {
            _ = CpuSeconds();
            _ = GC.GetTotalAllocatedBytes(precise: true);
            _ = GC.GetAllocatedBytesForCurrentThread();
            _ = TestPattern.NowMilliseconds;
        }
    }

    private static void SleepUntil(long timestamp)
    {
        var ms = (timestamp - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
        if (ms > 0)
        {
            Thread.Sleep((int)Math.Ceiling(ms));
        }
    }

    /// <summary>video: width x height I420 at fps (one VideoFrame.CreateI420, then TestPattern.Draw + Submit of it on a
    /// dedicated thread), VP8, read back by B's processor; warmup_ms, then the window of ms.</summary>
    public async Task<JsonObject> VideoAsync()
    {
        var width = (int)p.Get("width", 1280);
        var height = (int)p.Get("height", 720);
        var fps = (int)p.Get("fps", 30);
        var queue = (int)p.Get("queue", 8);
        var durationMs = p.Get("ms", 10000);
        var warmupMs = p.Get("warmup_ms", 2000);
        if (fps is < 1 or > 120)
        {
            throw new ArgumentException("fps must be 1 to 120");
        }

        var generator = new VideoTrackGenerator(factoryA);
        _generator = generator;
        var remote = await ConnectAsync(generator.Track, new RTCRtpCodecCapability { MimeType = "video/VP8", ClockRate = 90000 }).ConfigureAwait(false);
        var processor = _processor = new MediaStreamTrackProcessor(remote, queue);

        // Reader state: written by the reading code (one loop body at a time), read after it ended.
        var measuring = 0;
        long totalFrames = 0, frames = 0, unreadable = 0, smaller = 0, readerBytes = 0, firstFrame = 0;
        int lastWidth = 0, lastHeight = 0;
        var latency = new double[(int)(durationMs * fps / 1000) * 2 + 64];
        var n = 0;
        var threads = new ThreadSet();
        var reader = Task.Run(async () =>
        {
            using var frame = new VideoFrame(); // one destination, refilled by every read
            while (await processor.ReadVideoFrameAsync(frame).ConfigureAwait(false))
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                {
                    var found = TestPattern.TryRead(frame, out _, out var timeMs);
                    var now = TestPattern.NowMilliseconds;
                    if (Interlocked.Increment(ref totalFrames) == 1)
                    {
                        Volatile.Write(ref firstFrame, Stopwatch.GetTimestamp());
                    }

                    if (Volatile.Read(ref measuring) != 0)
                    {
                        frames++;
                        lastWidth = frame.Width;
                        lastHeight = frame.Height;
                        if (lastWidth < width || lastHeight < height)
                        {
                            smaller++;
                        }

                        if (!found)
                        {
                            unreadable++;
                        }
                        else if (n < latency.Length)
                        {
                            latency[n++] = unchecked(now - timeMs);
                        }

                        if (t_marked)
                        {
                            readerBytes += before - t_mark;
                        }

                        threads.Add(Environment.CurrentManagedThreadId);
                    }
                }

                var after = GC.GetAllocatedBytesForCurrentThread();
                if (Volatile.Read(ref measuring) != 0)
                {
                    readerBytes += after - before;
                }

                t_mark = after;
                t_marked = true;
            }
        });

        WarmUpMeasurements();
        long sentInWindow = 0;
        double cpu = 0;
        long gc = 0;
        string? error = null;
        var start = Stopwatch.GetTimestamp();
        var sender = new Thread(() =>
        {
            // One frame filled and submitted every time: Submit hands its buffer over and renews it from the pool.
            using var frame = VideoFrame.CreateI420(width, height, TimeSpan.Zero);
            var windowStart = start + warmupMs * Stopwatch.Frequency / 1000;
            var windowEnd = windowStart + durationMs * Stopwatch.Frequency / 1000;
            var cpuStart = 0.0;
            var gcStart = 0L;
            var inWindow = false;
            for (long i = 0; ; i++)
            {
                var due = start + i * Stopwatch.Frequency / fps;
                if (!inWindow && due >= windowStart)
                {
                    if (Interlocked.Read(ref totalFrames) == 0)
                    {
                        error = $"no video frame arrived in the {warmupMs} ms of warm-up";
                        return;
                    }

                    cpuStart = CpuSeconds();
                    gcStart = GC.GetTotalAllocatedBytes(precise: true);
                    Volatile.Write(ref measuring, 1);
                    inWindow = true;
                }

                if (due >= windowEnd)
                {
                    break;
                }

                SleepUntil(due);
                var nowMs = TestPattern.NowMilliseconds;
                frame.Timestamp = TimeSpan.FromMilliseconds(nowMs);
                TestPattern.Draw(frame, (uint)i, nowMs);
                generator.Submit(frame);
                if (inWindow)
                {
                    sentInWindow++;
                }
            }

            // The allocations are read before the CPU time here, so that CpuSeconds' own allocation (a Process object,
            // 264 B) falls outside the window, as the first call's does at its start; it was counted as the library's.
            gc = GC.GetTotalAllocatedBytes(precise: true) - gcStart;
            cpu = CpuSeconds() - cpuStart;
            Volatile.Write(ref measuring, 0);
        }) { IsBackground = true, Name = "bench video sender" };
        sender.Start();
        await Task.Run(() => sender.Join()).ConfigureAwait(false);
        var dropped = processor.DroppedCount;
        processor.Dispose(); // ends the enumeration
        await reader.WaitAsync(StepTimeout).ConfigureAwait(false);
        if (error is not null)
        {
            throw new TimeoutException(error);
        }

        if (frames == 0)
        {
            throw new InvalidOperationException($"no video frames arrived in the measured window ({sentInWindow} sent)");
        }

        if (n == 0)
        {
            throw new InvalidOperationException($"{frames} frames arrived but none carried a readable test pattern");
        }

        return new JsonObject
        {
            ["width"] = width,
            ["height"] = height,
            ["fps"] = fps,
            ["codec"] = "VP8",
            ["seconds"] = durationMs / 1000.0,
            ["warmup_seconds"] = warmupMs / 1000.0,
            ["sent_frames"] = sentInWindow,
            ["received_frames"] = frames,
            ["unreadable_frames"] = unreadable,
            ["dropped_frames"] = dropped,
            ["first_frame_ms"] = (Volatile.Read(ref firstFrame) - start) * 1000.0 / Stopwatch.Frequency,
            ["received_width"] = lastWidth,
            ["received_height"] = lastHeight,
            ["smaller_frames"] = smaller,
            ["cpu_seconds"] = cpu,
            ["gc_allocated_bytes"] = gc,
            ["reader_allocated_bytes"] = readerBytes,
            ["reader_threads"] = threads.Count,
            ["latency_ms"] = new JsonArray(latency.Take(n).Select(x => (JsonNode)x).ToArray()),
        };
    }

    /// <summary>audio: a tone burst every period_ms (tone_ms of a 1 kHz sine at half scale, then silence), 48 kHz
    /// stereo written in 10 ms chunks by a dedicated thread, Opus, read back by B's processor. Latency: from writing
    /// the chunk that starts a burst to the reader seeing the first sample above a tenth of full scale after at least
    /// one silent 10 ms chunk.</summary>
    public async Task<JsonObject> AudioAsync()
    {
        var durationMs = p.Get("ms", 10000);
        var warmupMs = p.Get("warmup_ms", 2000);
        var periodMs = (int)p.Get("period_ms", 500);
        var toneMs = (int)p.Get("tone_ms", 200);
        var queue = (int)p.Get("queue", 50);
        if (periodMs < 50 || periodMs % 10 != 0 || toneMs < 10 || toneMs % 10 != 0 || toneMs >= periodMs)
        {
            throw new ArgumentException("period_ms and tone_ms must be multiples of 10 with 10 <= tone_ms < period_ms, period_ms >= 50");
        }

        var generator = new AudioTrackGenerator(factoryA, AudioRate, AudioChannels);
        _generator = generator;
        const int chunkFrames = AudioRate / 100;
        var periodFrames = AudioRate / 1000 * periodMs;
        var toneFrames = AudioRate / 1000 * toneMs;
        var period = new short[periodFrames * AudioChannels];
        for (var i = 0; i < toneFrames; i++)
        {
            var v = (short)Math.Round(0.5 * 32767.0 * Math.Sin(2.0 * Math.PI * 1000.0 * i / AudioRate));
            for (var c = 0; c < AudioChannels; c++)
            {
                period[i * AudioChannels + c] = v;
            }
        }

        var remote = await ConnectAsync(generator.Track, new RTCRtpCodecCapability { MimeType = "audio/opus", ClockRate = 48000, Channels = 2, SdpFmtpLine = "minptime=10;useinbandfec=1" })
            .ConfigureAwait(false);
        var processor = _processor = new MediaStreamTrackProcessor(remote, queue);

        var maxOnsets = (int)((warmupMs + durationMs) / periodMs) + 4;
        var onsetTicks = new long[maxOnsets];
        var onsets = 0;
        var matched = new bool[maxOnsets];
        var latency = new double[maxOnsets];
        var n = 0;
        var measuring = 0;
        long totalChunks = 0, chunks = 0, spurious = 0, readerBytes = 0;
        var threads = new ThreadSet();
        var reader = Task.Run(async () =>
        {
            var armed = false;
            using var data = new AudioData(); // one destination, refilled by every read
            while (await processor.ReadAudioAsync(data).ConfigureAwait(false))
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                int loud;
                {
                    if (Debug)
                    {
                        Console.Error.WriteLine($"chunk ts {data.Timestamp.TotalMilliseconds:0.0} now {TestPattern.NowMilliseconds} thread {Environment.CurrentManagedThreadId}");
                    }

                    loud = -1;
                    var samples = data.Samples;
                    for (var i = 0; i < samples.Length; i++)
                    {
                        int v = samples[i];
                        if (v is > AudioThreshold or < -AudioThreshold)
                        {
                            loud = i;
                            break;
                        }
                    }
                }

                var now = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref totalChunks);
                var inWindow = Volatile.Read(ref measuring) != 0;
                if (inWindow)
                {
                    chunks++;
                    if (t_marked)
                    {
                        readerBytes += before - t_mark;
                    }

                    threads.Add(Environment.CurrentManagedThreadId);
                }

                if (loud < 0)
                {
                    armed = true;
                }
                else if (armed)
                {
                    armed = false;
                    var k = Volatile.Read(ref onsets) - 1;
                    while (k >= 0 && Volatile.Read(ref onsetTicks[k]) > now)
                    {
                        k--;
                    }

                    if (k < 0 || matched[k])
                    {
                        if (inWindow)
                        {
                            spurious++;
                        }
                    }
                    else
                    {
                        matched[k] = true;
                        if (inWindow)
                        {
                            latency[n++] = (now - Volatile.Read(ref onsetTicks[k])) * 1000.0 / Stopwatch.Frequency;
                        }
                    }
                }

                var after = GC.GetAllocatedBytesForCurrentThread();
                if (inWindow)
                {
                    readerBytes += after - before;
                }

                t_mark = after;
                t_marked = true;
            }
        });

        WarmUpMeasurements();
        long onsetsInWindow = 0;
        double cpu = 0;
        long gc = 0;
        string? error = null;
        var tailMs = Math.Min(300, periodMs);
        var start = Stopwatch.GetTimestamp();
        var writer = new Thread(() =>
        {
            var windowStart = start + warmupMs * Stopwatch.Frequency / 1000;
            var windowEnd = windowStart + durationMs * Stopwatch.Frequency / 1000;
            var cpuStart = 0.0;
            var gcStart = 0L;
            var inWindow = false;
            for (long i = 0; ; i++)
            {
                var due = start + i * Stopwatch.Frequency / 100;
                if (!inWindow && due >= windowStart)
                {
                    if (Interlocked.Read(ref totalChunks) == 0)
                    {
                        error = $"no audio arrived in the {warmupMs} ms of warm-up";
                        return;
                    }

                    cpuStart = CpuSeconds();
                    gcStart = GC.GetTotalAllocatedBytes(precise: true);
                    Volatile.Write(ref measuring, 1);
                    inWindow = true;
                }

                if (due >= windowEnd)
                {
                    break;
                }

                SleepUntil(due);
                if (Debug)
                {
                    var late = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
                    if (late > 3)
                    {
                        Console.Error.WriteLine($"write {i} late by {late:0.0} ms");
                    }
                }

                var offset = (int)(i * chunkFrames % periodFrames);
                if (offset == 0)
                {
                    var k = Volatile.Read(ref onsets);
                    if (k < maxOnsets)
                    {
                        Volatile.Write(ref onsetTicks[k], Stopwatch.GetTimestamp());
                        Volatile.Write(ref onsets, k + 1);
                        if (inWindow)
                        {
                            onsetsInWindow++;
                        }
                    }
                }

                generator.Write(period.AsSpan(offset * AudioChannels, chunkFrames * AudioChannels));
            }

            // The last burst of the window arrives (its latency counts), then the measuring stops.
            Thread.Sleep(tailMs);
            // The allocations are read before the CPU time here, so that CpuSeconds' own allocation (a Process object,
            // 264 B) falls outside the window, as the first call's does at its start; it was counted as the library's.
            gc = GC.GetTotalAllocatedBytes(precise: true) - gcStart;
            cpu = CpuSeconds() - cpuStart;
            Volatile.Write(ref measuring, 0);
        }) { IsBackground = true, Name = "bench audio writer" };
        writer.Start();
        await Task.Run(() => writer.Join()).ConfigureAwait(false);
        var dropped = processor.DroppedCount;
        processor.Dispose();
        await reader.WaitAsync(StepTimeout).ConfigureAwait(false);
        if (error is not null)
        {
            throw new TimeoutException(error);
        }

        if (chunks == 0)
        {
            throw new InvalidOperationException("no audio arrived in the measured window");
        }

        if (n == 0)
        {
            throw new InvalidOperationException($"audio arrived ({chunks} chunks) but no tone onset was detected");
        }

        return new JsonObject
        {
            ["sample_rate"] = AudioRate,
            ["channels"] = AudioChannels,
            ["codec"] = "opus",
            ["chunk_ms"] = 10,
            ["period_ms"] = periodMs,
            ["tone_ms"] = toneMs,
            ["seconds"] = durationMs / 1000.0 + tailMs / 1000.0,
            ["warmup_seconds"] = warmupMs / 1000.0,
            ["received_chunks"] = chunks,
            ["audio_seconds"] = chunks / 100.0,
            ["onsets_sent"] = onsetsInWindow,
            ["onsets_detected"] = n,
            ["spurious_onsets"] = spurious,
            ["dropped_chunks"] = dropped,
            ["cpu_seconds"] = cpu,
            ["gc_allocated_bytes"] = gc,
            ["reader_allocated_bytes"] = readerBytes,
            ["reader_threads"] = threads.Count,
            ["latency_ms"] = new JsonArray(latency.Take(n).Select(x => (JsonNode)x).ToArray()),
        };
    }
}

/// <summary>The distinct threads the reading code ran on (at most 64), kept in an array made before the measured window:
/// the HashSet used before allocated its buckets at its first Add, inside the window, which was counted as the reading
/// code's allocation (about 190 B a run).</summary>
internal sealed class ThreadSet
{
    private readonly int[] _ids = new int[64];

    public int Count { get; private set; }

    public void Add(int id)
    {
        if (Count < _ids.Length && Array.IndexOf(_ids, id, 0, Count) < 0)
        {
            _ids[Count++] = id;
        }
    }
}
