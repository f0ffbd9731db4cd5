namespace RtcNative.Tests;

// Video through the engine, verified by content: the test pattern encodes a frame counter in its pixels, the remote
// processor reads it back (modelled on WPT webrtc/RTCPeerConnection-videoDetectorTest.html, which reads a colour
// code back from a canvas).
public sealed class VideoTransportTests : LoopbackFixture
{
    private static readonly object[] CodecsAndSizes =
    [
        new object[] { "video/VP8", 320, 240 },
        new object[] { "video/VP9", 320, 240 },
        new object[] { "video/H264", 320, 240 },
        new object[] { "video/VP8", 1280, 720 },
        new object[] { "video/VP9", 1280, 720 },
        new object[] { "video/H264", 1280, 720 },
    ];

    [TestCaseSource(nameof(CodecsAndSizes))]
    public async Task TheRemoteProcessorReadsTheCountersInOrderWithFewGaps(string mimeType, int width, int height)
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        generator.StartTestPattern(width, height, 30);
        var transceiver = call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        transceiver.SetCodecPreferences(MediaCall.Codecs("video", mimeType));
        var parameters = transceiver.Sender.GetParameters();
        parameters.DegradationPreference = RTCDegradationPreference.MaintainResolution; // the size is part of the check
        await transceiver.Sender.SetParametersAsync(parameters).WithTimeout();

        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single();
        Assert.That(remote.Track.Kind, Is.EqualTo("video"));
        var frames = await MediaReading.ReadFramesAsync(remote.Track, 60, accept: f => f.Counter is not null);

        Assert.That(frames, Has.Count.EqualTo(60), "frames with a readable code");
        var counters = frames.Select(f => f.Counter!.Value).ToList();
        Assert.That(MediaReading.InOrder(counters), Is.True, string.Join(",", counters));
        var span = counters[^1] - counters[0] + 1;
        Assert.That(counters.Count, Is.GreaterThanOrEqualTo(span * 0.8), $"few gaps: {counters.Count} of {span} counters");
        Assert.That(frames[^1].Width, Is.EqualTo(width));
        Assert.That(frames[^1].Height, Is.EqualTo(height));
        var stats = await call.Callee.GetStatsAsync(remote.Track).WithTimeout();
        var inbound = stats.Values.Single(s => s.Type == "inbound-rtp");
        var codec = stats[(string)inbound["codecId"]!];
        Assert.That(codec["mimeType"], Is.EqualTo(mimeType).IgnoreCase);
    }

    [Test]
    public async Task ReplaceTrackSwitchesToASecondGeneratorWithoutRenegotiation()
    {
        using var call = new MediaCall(Factory);
        using var first = new VideoTrackGenerator(Factory);
        using var second = new VideoTrackGenerator(Factory);
        first.StartTestPattern(320, 240, 30);
        var sender = call.Caller.AddTrack(first.Track);
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single().Track;
        var before = await MediaReading.ReadFramesAsync(remote, 10, accept: f => f.Counter is not null);
        Assert.That(before.Max(f => f.Counter!.Value), Is.LessThan(100_000));
        var negotiations = 0;
        call.Caller.NegotiationNeeded += (_, _) => Interlocked.Increment(ref negotiations);
        var signaling = call.Caller.SignalingState;

        using var writing = new CancellationTokenSource();
        var writer = WriteCountersAsync(second, 100_000, writing.Token); // a different counter base
        try
        {
            await sender.ReplaceTrackAsync(second.Track).WithTimeout();
            Assert.That(sender.Track, Is.SameAs(second.Track));
            var after = await MediaReading.ReadFramesAsync(remote, 10, accept: f => f.Counter >= 100_000);
            Assert.That(after, Has.Count.EqualTo(10), "frames of the second generator");
            Assert.That(MediaReading.InOrder(after.Select(f => f.Counter!.Value)), Is.True);
        }
        finally
        {
            writing.Cancel();
            await writer;
        }

        Assert.That(call.Caller.SignalingState, Is.EqualTo(signaling));
        Assert.That(Volatile.Read(ref negotiations), Is.Zero, "replaceTrack needs no negotiation");
    }

    [Test]
    public async Task ADisabledTrackSendsBlackFrames()
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        generator.StartTestPattern(320, 240, 30);
        call.Caller.AddTrack(generator.Track);
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single().Track;
        var lit = await MediaReading.ReadFramesAsync(remote, 5, accept: f => f.Counter is not null);
        Assert.That(lit, Has.Count.EqualTo(5));
        Assert.That(lit[^1].MeanLuma, Is.GreaterThan(40), "the pattern is not black");

        generator.Track.Enabled = false;

        var black = await MediaReading.ReadFramesAsync(remote, 5, accept: f => f.Counter is null && f.MeanLuma < 20);
        Assert.That(black, Has.Count.EqualTo(5), "black frames after Enabled = false");
        generator.Track.Enabled = true;
        var again = await MediaReading.ReadFramesAsync(remote, 5, accept: f => f.Counter is not null);
        Assert.That(again, Has.Count.EqualTo(5), "the pattern again after Enabled = true");
    }

    [Test]
    public async Task ScaleResolutionDownByTwoHalvesTheReceivedSize()
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        generator.StartTestPattern(640, 480, 30);
        var transceiver = call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit
        {
            Direction = RTCRtpTransceiverDirection.SendOnly,
            SendEncodings = { new RTCRtpEncodingParameters { ScaleResolutionDownBy = 2 } },
        });
        var parameters = transceiver.Sender.GetParameters();
        parameters.DegradationPreference = RTCDegradationPreference.MaintainResolution;
        await transceiver.Sender.SetParametersAsync(parameters).WithTimeout();
        await call.ConnectAsync();

        var frames = await MediaReading.ReadFramesAsync(call.CalleeTracks.Single().Track, 10, accept: f => f.Counter is not null);

        Assert.That(frames, Has.Count.EqualTo(10));
        Assert.That((frames[^1].Width, frames[^1].Height), Is.EqualTo((320, 240)));
    }

    [Test]
    public async Task MaxBitrateLimitsTheSendersTargetBitrate()
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        generator.StartTestPattern(640, 480, 30);
        var sender = call.Caller.AddTrack(generator.Track);
        await call.ConnectAsync();
        await MediaReading.ReadFramesAsync(call.CalleeTracks.Single().Track, 5, accept: f => f.Counter is not null);

        var parameters = sender.GetParameters();
        Assert.That(parameters.Encodings, Has.Count.EqualTo(1));
        parameters.Encodings[0].MaxBitrate = 50_000;
        await sender.SetParametersAsync(parameters).WithTimeout();

        Assert.That(sender.GetParameters().Encodings[0].MaxBitrate, Is.EqualTo(50_000UL));
        double target = double.MaxValue;
        var limited = await Timeouts.PollAsync(() =>
        {
            var stats = sender.GetStatsAsync().GetAwaiter().GetResult();
            target = Convert.ToDouble(stats.Values.Single(s => s.Type == "outbound-rtp")["targetBitrate"]);
            return target <= 50_000;
        }, TimeSpan.FromSeconds(10));
        Assert.That(limited, Is.True, $"outbound-rtp targetBitrate {target} with maxBitrate 50000");
    }

    [Test]
    public async Task ParametersWithAStaleTransactionIdAreRefused()
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        var sender = call.Caller.AddTrack(generator.Track);
        var stale = sender.GetParameters();
        sender.GetParameters();

        var error = await Assert.ThrowsAsync<RTCException>(() => sender.SetParametersAsync(stale).WithTimeout());

        Assert.That(error!.ErrorName, Is.EqualTo("InvalidModificationError"));
    }

    [Test]
    public async Task SimulcastSendsThreeLayersVisibleInOutboundRtpStats()
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        generator.StartTestPattern(1280, 720, 30);
        var transceiver = call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit
        {
            Direction = RTCRtpTransceiverDirection.SendOnly,
            SendEncodings =
            {
                new RTCRtpEncodingParameters { Rid = "q", ScaleResolutionDownBy = 4 },
                new RTCRtpEncodingParameters { Rid = "h", ScaleResolutionDownBy = 2 },
                new RTCRtpEncodingParameters { Rid = "f" },
            },
        });
        transceiver.SetCodecPreferences(MediaCall.Codecs("video", "video/VP8"));

        // libwebrtc does not receive simulcast on one m= section, so its answer drops the layers; as WPT's simulcast
        // tests do, the answer given to the sender is edited to accept them (the receiver decodes one).
        await call.Peers.NegotiateAsync(editAnswer: AcceptSimulcast);
        await call.Peers.ConnectedAsync();

        Assert.That(call.Caller.LocalDescription!.Sdp, Does.Contain("a=simulcast:send q;h;f"));
        Assert.That(transceiver.Sender.GetParameters().Encodings.Select(e => e.Rid).ToList(), Is.EqualTo(new List<string?> { "q", "h", "f" }));
        IReadOnlyList<RTCStats> layers = [];
        var sending = await Timeouts.PollAsync(() =>
        {
            var report = transceiver.Sender.GetStatsAsync().GetAwaiter().GetResult();
            layers = [.. report.Values.Where(s => s.Type == "outbound-rtp")];
            return layers.Count == 3 && layers.All(l => Convert.ToInt64(l["framesEncoded"] ?? 0L) > 0);
        });
        Assert.That(sending, Is.True, $"{layers.Count} outbound-rtp layers");
        Assert.That(layers.Select(l => (string?)l["rid"]).Order(), Is.EqualTo(new[] { "f", "h", "q" }));
    }

    private static string AcceptSimulcast(string answer)
    {
        var lines = answer.Split("\r\n").ToList();
        var video = lines.FindIndex(l => l.StartsWith("m=video", StringComparison.Ordinal));
        lines.RemoveAll(l => l.StartsWith("a=simulcast", StringComparison.Ordinal) || l.StartsWith("a=rid:", StringComparison.Ordinal));
        var end = lines.FindIndex(video + 1, l => l.StartsWith("m=", StringComparison.Ordinal) || l.Length == 0);
        lines.InsertRange(end, ["a=rid:q recv", "a=rid:h recv", "a=rid:f recv", "a=simulcast:recv q;h;f"]);
        return string.Join("\r\n", lines);
    }

    /// <summary>Writes pattern frames from C# (rent, draw, submit) at 30 fps until canceled.</summary>
    private static async Task WriteCountersAsync(VideoTrackGenerator generator, uint firstCounter, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(33));
        var counter = firstCounter;
        using var frame = VideoFrame.CreateI420(320, 240, TimeSpan.Zero); // submitted again and again
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                frame.Timestamp = TimeSpan.FromMilliseconds((counter - firstCounter) * 33.0);
                TestPattern.Draw(frame, counter++, TestPattern.NowMilliseconds);
                generator.Submit(frame);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
