namespace RtcNative.Tests;

/// <summary>Two peers on loopback for media tests: the callee's Track events are collected; negotiation either way.</summary>
internal sealed class MediaCall : IDisposable
{
    private readonly List<RTCTrackEventArgs> _calleeTracks = [];
    private readonly List<RTCTrackEventArgs> _callerTracks = [];

    public MediaCall(PeerConnectionFactory factory)
        : this(factory, factory)
    {
    }

    /// <summary>The caller on one factory, the callee on another.</summary>
    public MediaCall(PeerConnectionFactory callerFactory, PeerConnectionFactory calleeFactory)
    {
        Peers = new PeerPair(callerFactory, calleeFactory);
        Peers.Callee.Track += (_, e) =>
        {
            lock (_calleeTracks)
            {
                _calleeTracks.Add(e);
            }
        };
        Peers.Caller.Track += (_, e) =>
        {
            lock (_callerTracks)
            {
                _callerTracks.Add(e);
            }
        };
    }

    public PeerPair Peers { get; }

    public RTCPeerConnection Caller => Peers.Caller;

    public RTCPeerConnection Callee => Peers.Callee;

    public IReadOnlyList<RTCTrackEventArgs> CalleeTracks
    {
        get
        {
            lock (_calleeTracks)
            {
                return [.. _calleeTracks];
            }
        }
    }

    public IReadOnlyList<RTCTrackEventArgs> CallerTracks
    {
        get
        {
            lock (_callerTracks)
            {
                return [.. _callerTracks];
            }
        }
    }

    /// <summary>Caller offers, callee answers; waits until both are connected.</summary>
    public async Task ConnectAsync()
    {
        await Peers.NegotiateAsync();
        await Peers.ConnectedAsync();
    }

    /// <summary>A later offer/answer from either side on the live call (candidates already flow).</summary>
    public static async Task RenegotiateAsync(RTCPeerConnection offerer, RTCPeerConnection answerer)
    {
        var offer = await offerer.CreateOfferAsync().WithTimeout();
        await offerer.SetLocalDescriptionAsync(offer).WithTimeout();
        await answerer.SetRemoteDescriptionAsync(offer).WithTimeout();
        var answer = await answerer.CreateAnswerAsync().WithTimeout();
        await answerer.SetLocalDescriptionAsync(answer).WithTimeout();
        await offerer.SetRemoteDescriptionAsync(answer).WithTimeout();
    }

    /// <summary>The codec capabilities of <paramref name="kind"/> whose MIME type is <paramref name="mimeType"/>
    /// (a forced codec list for SetCodecPreferences, RTX kept so video retransmits).</summary>
    public static List<RTCRtpCodecCapability> Codecs(string kind, string mimeType) =>
        [.. RTCRtpReceiver.GetCapabilities(kind)!.Codecs.Where(c =>
            string.Equals(c.MimeType, mimeType, StringComparison.OrdinalIgnoreCase))];

    public void Dispose() => Peers.Dispose();
}

/// <summary>What a processor saw of a video track: each frame's pattern code (if readable), size and mean luma.</summary>
internal readonly record struct SeenFrame(uint? Counter, uint TimeMs, int Width, int Height, double MeanLuma);

internal static class MediaReading
{
    /// <summary>Reads frames from <paramref name="track"/> until <paramref name="count"/> were seen or the timeout passes.</summary>
    public static async Task<List<SeenFrame>> ReadFramesAsync(MediaStreamTrack track, int count, TimeSpan? timeout = null,
        Func<SeenFrame, bool>? accept = null)
    {
        var seen = new List<SeenFrame>();
        using var processor = new MediaStreamTrackProcessor(track, maxBufferSize: 8);
        using var cancellation = new CancellationTokenSource(timeout ?? Timeouts.Event);
        try
        {
            await foreach (var frame in processor.ReadVideoFramesAsync(cancellation.Token))
            {
                using (frame)
                {
                    var found = TestPattern.TryRead(frame, out var counter, out var timeMs);
                    var item = new SeenFrame(found ? counter : null, timeMs, frame.Width, frame.Height, MeanLuma(frame));
                    if (accept is null || accept(item))
                    {
                        seen.Add(item);
                    }
                }

                if (seen.Count >= count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // the caller asserts on what arrived
        }

        return seen;
    }

    /// <summary>Reads about <paramref name="duration"/> of PCM from <paramref name="track"/> (first channel), after
    /// skipping <paramref name="skip"/> of it (jitter buffer and codec start-up).</summary>
    /// <summary>Sends <paramref name="track"/> from <paramref name="sending"/> to a new headless peer and reads what
    /// arrives for <paramref name="duration"/> (after 500 ms), asserting that about that much came.</summary>
    public static async Task<(short[] Samples, int Rate)> ReceiveAudioAsync(PeerConnectionFactory sending, MediaStreamTrack track, TimeSpan duration)
    {
        using var receiving = TestFactory.CreateLoopback();
        using var call = new MediaCall(sending, receiving);
        call.Caller.AddTransceiver(track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        await call.ConnectAsync();
        var (samples, rate) = await ReadAudioAsync(call.CalleeTracks.Single().Track, duration, TimeSpan.FromMilliseconds(500));
        Assert.That(samples.Length, Is.GreaterThanOrEqualTo((int)(rate * duration.TotalSeconds * 0.9)), "audio arrived");
        return (samples, rate);
    }

    public static async Task<(short[] Samples, int SampleRate)> ReadAudioAsync(MediaStreamTrack track, TimeSpan duration, TimeSpan skip)
    {
        var samples = new List<short>();
        var rate = 0;
        var skipped = TimeSpan.Zero;
        using var processor = new MediaStreamTrackProcessor(track, maxBufferSize: 64);
        using var cancellation = new CancellationTokenSource(Timeouts.Event);
        try
        {
            await foreach (var data in processor.ReadAudioAsync(cancellation.Token))
            {
                using (data)
                {
                    var length = TimeSpan.FromSeconds((double)data.NumberOfFrames / data.SampleRate);
                    if (skipped < skip)
                    {
                        skipped += length;
                        continue;
                    }

                    rate = data.SampleRate;
                    var all = data.Samples;
                    for (var i = 0; i < data.NumberOfFrames; i++)
                    {
                        samples.Add(all[i * data.NumberOfChannels]);
                    }

                    if (samples.Count >= duration.TotalSeconds * rate)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }

        return ([.. samples], rate);
    }

    public static double MeanLuma(VideoFrame frame)
    {
        var plane = frame.GetPlane(0);
        var stride = frame.GetStride(0);
        long sum = 0;
        var count = 0;
        for (var y = frame.Height / 2; y < frame.Height; y += 4) // below the code rows
        {
            for (var x = 0; x < frame.Width; x += 4)
            {
                sum += plane[(y * stride) + x];
                count++;
            }
        }

        return count == 0 ? 0 : (double)sum / count;
    }

    /// <summary>Whether the counters strictly increase.</summary>
    public static bool InOrder(IEnumerable<uint> counters)
    {
        uint? previous = null;
        foreach (var counter in counters)
        {
            if (previous is { } p && counter <= p)
            {
                return false;
            }

            previous = counter;
        }

        return true;
    }
}
