using System.Text;
using System.Text.Json.Nodes;
using RtcNative.Janus;

namespace RtcNative.Tests.Janus;

/// <summary>Janus's EchoTest plugin sends back what it receives: RtcNative's test pattern and tone come back from
/// the SFU (frame counters and frequency checked at the receiving processor), and so do data channel messages.</summary>
[TestFixture]
public sealed class JanusEchoTestTests : JanusFixture
{
    private const string EchoTest = "janus.plugin.echotest";

    // janus_echotest.c bounces binary messages as they are and text with this prefix.
    private const string TextEchoPrefix = "Janus EchoTest here! You wrote: ";

    [Test]
    public async Task ThePatternAndTheToneComeBack()
    {
        var peer = await AttachAsync();
        var video = Keep(new VideoTrackGenerator(Factory));
        video.StartTestPattern(320, 240, 15);
        var tone = Keep(new AudioTrackGenerator(Factory, 48000, 1));
        tone.StartTone(440, 0.5);
        var stream = new MediaStream();
        peer.Pc.AddTrack(video.Track, stream);
        peer.Pc.AddTrack(tone.Track, stream);

        var reply = await peer.OfferAsync(new JsonObject { ["audio"] = true, ["video"] = true });
        Assert.That((string?)reply.PluginData?["result"], Is.EqualTo("ok"), reply.ToString());
        await peer.ConnectedAsync();
        Assert.That(await Timeouts.PollAsync(() => peer.Tracks.Count == 2), Is.True, "both echoed tracks arrived");
        var stats = await peer.Pc.GetStatsAsync().WithTimeout();
        var pair = stats[(string)stats.Values.Single(s => s.Type == "transport")["selectedCandidatePairId"]!];
        Assert.That(stats[(string)pair["remoteCandidateId"]!]["address"], Is.EqualTo(Server.Address), "media flows to Janus's own candidate");

        var echoedVideo = peer.Tracks.Single(t => t.Track.Kind == "video").Track;
        var frames = await MediaReading.ReadFramesAsync(echoedVideo, 45);
        var now = TestPattern.NowMilliseconds;
        var counters = frames.Where(f => f.Counter is not null).Select(f => f.Counter!.Value).ToList();
        Assert.That(frames, Has.Count.EqualTo(45), "frames echoed within the timeout");
        Assert.That(counters, Has.Count.GreaterThanOrEqualTo(36), "readable pattern codes in 80% of the frames");
        Assert.That(MediaReading.InOrder(counters), Is.True, "counters increase: " + string.Join(",", counters));
        var span = counters[^1] - counters[0] + 1;
        Assert.That(counters.Count, Is.GreaterThanOrEqualTo(span * 0.8), $"few gaps: {counters.Count} of counters {counters[0]}..{counters[^1]}");
        var lastTime = frames.Where(f => f.Counter is not null).Last().TimeMs;
        Assert.That(unchecked(now - lastTime), Is.LessThan(2000u), "the echo is live (drawn less than 2 s before it was read back)");

        var echoedAudio = peer.Tracks.Single(t => t.Track.Kind == "audio").Track;
        var (samples, rate) = await MediaReading.ReadAudioAsync(echoedAudio, TimeSpan.FromSeconds(1), skip: TimeSpan.FromSeconds(0.5));
        Assert.That(rate, Is.GreaterThan(0), "echoed audio reached the processor");
        Assert.That(ToneAnalysis.EstimateFrequency(samples, rate), Is.EqualTo(440).Within(5));
        Assert.That(ToneAnalysis.RelativePower(samples, rate, 440), Is.GreaterThan(0.5), "a clean tone");
    }

    [Test]
    public async Task DataChannelMessagesComeBack()
    {
        var peer = await AttachAsync();
        var channel = Keep(peer.Pc.CreateDataChannel("echo"));
        var received = new List<RTCMessageEventArgs>();
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Message += (_, e) =>
        {
            lock (received)
            {
                received.Add(e);
                if (received.Count == 2)
                {
                    two.TrySetResult();
                }
            }
        };

        var reply = await peer.OfferAsync(new JsonObject { ["audio"] = false, ["video"] = false });
        Assert.That(reply.Jsep!.Sdp, Does.Contain("m=application"), "Janus (built with usrsctp) accepted the data section");
        await peer.ConnectedAsync();
        await StateWait.ReachedAsync(() => channel.ReadyState, h => channel.Open += (s, _) => h(s, RTCDataChannelState.Open), RTCDataChannelState.Open);

        byte[] binary = [0, 1, 2, 250, 251, 252, 253, 254, 255];
        channel.Send(binary);
        channel.Send("hello Janus");
        await two.Task.WithTimeout();

        Assert.That(received[0].IsBinary, Is.True);
        Assert.That(received[0].Data, Is.EqualTo(binary), "binary bounced back unchanged");
        Assert.That(received[1].IsBinary, Is.False);
        Assert.That(received[1].Text, Is.EqualTo(TextEchoPrefix + "hello Janus"), "text bounced back with the plugin's prefix");
        Assert.That(Encoding.UTF8.GetString(received[1].Data), Is.EqualTo(received[1].Text));
    }

    /// <summary>Janus's hangup closes its DTLS session: the DTLS and SCTP transports close, and so does the channel
    /// (the PeerConnection stays "connected", as webrtc-pc counts a closed DTLS transport as connected).</summary>
    [Test]
    public async Task AHangupClosesTheTransportsAndTheChannel()
    {
        var peer = await AttachAsync();
        var channel = Keep(peer.Pc.CreateDataChannel("echo"));
        var dtlsClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await peer.OfferAsync(new JsonObject { ["audio"] = false, ["video"] = false });
        await peer.ConnectedAsync();
        await StateWait.ReachedAsync(() => channel.ReadyState, h => channel.Open += (s, _) => h(s, RTCDataChannelState.Open), RTCDataChannelState.Open);
        var dtls = peer.Pc.Sctp!.Transport;
        dtls.StateChange += (_, state) =>
        {
            if (state == RTCDtlsTransportState.Closed)
            {
                dtlsClosed.TrySetResult();
            }
        };

        await peer.Handle.HangupAsync();
        var hangup = await peer.Handle.WaitForEventAsync(e => e.Kind == "hangup", Timeouts.Event);
        Assert.That((string?)hangup.Message["reason"], Is.Not.Empty, hangup.ToString());
        await dtlsClosed.Task.WithTimeout();   // Janus closed its DTLS session (close_notify)
        await StateWait.ReachedAsync(() => channel.ReadyState, h => channel.Closed += (s, _) => h(s, RTCDataChannelState.Closed), RTCDataChannelState.Closed);
        Assert.That(peer.Pc.Sctp?.State, Is.EqualTo(RTCSctpTransportState.Closed));
    }

    private async Task<JanusPeer> AttachAsync()
    {
        var session = Keep(await JanusSession.CreateAsync(Server.ApiUri));
        var handle = await session.AttachAsync(EchoTest);
        return Keep(new JanusPeer(Factory, handle, "echo"));
    }
}
