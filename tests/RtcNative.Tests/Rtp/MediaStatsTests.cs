namespace RtcNative.Tests;

// RTP statistics (webrtc-stats), modelled on WPT webrtc/RTCPeerConnection-mandatory-getStats.https.html.
public sealed class MediaStatsTests : LoopbackFixture
{
    [Test]
    public async Task RtpStreamStatsAreReportedAndBytesAgreeAcrossTheCall()
    {
        using var call = new MediaCall(Factory);
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        video.StartTestPattern(320, 240, 30);
        audio.StartTone(440);
        call.Caller.AddTrack(video.Track);
        call.Caller.AddTrack(audio.Track);
        await call.ConnectAsync();
        var remoteVideo = call.CalleeTracks.Single(t => t.Track.Kind == "video").Track;
        await MediaReading.ReadFramesAsync(remoteVideo, 30, accept: f => f.Counter is not null);

        RTCStatsReport report = null!;
        var complete = await Timeouts.PollAsync(() =>
        {
            report = call.Caller.GetStatsAsync().GetAwaiter().GetResult();
            return report.Values.Count(s => s.Type == "remote-inbound-rtp") == 2;
        });
        Assert.That(complete, Is.True, "remote-inbound-rtp (from RTCP receiver reports) for both streams");
        var types = report.Values.Select(s => s.Type).ToHashSet();
        Assert.That(types, Is.SupersetOf(new[] { "outbound-rtp", "remote-inbound-rtp", "codec", "media-source", "transport", "candidate-pair" }));
        var remoteInbound = report.Values.First(s => s.Type == "remote-inbound-rtp");
        Assert.That(remoteInbound.Members, Does.ContainKey("roundTripTime"));
        var source = report.Values.Single(s => s.Type == "media-source" && (string?)s["kind"] == "video");
        Assert.That(source["width"], Is.EqualTo(320L));

        var inboundReport = await call.Callee.GetStatsAsync().WithTimeout();
        var inboundVideo = inboundReport.Values.Single(s => s.Type == "inbound-rtp" && (string?)s["kind"] == "video");
        Assert.That(Convert.ToInt64(inboundVideo["framesDecoded"]), Is.GreaterThan(0));
        Assert.That(inboundVideo.Members, Does.ContainKey("jitter"));
        var inboundAudio = inboundReport.Values.Single(s => s.Type == "inbound-rtp" && (string?)s["kind"] == "audio");
        Assert.That(Convert.ToInt64(inboundAudio["bytesReceived"]), Is.GreaterThan(0));

        // Stop the sources, let the last packets land, then compare what one side sent with what the other received
        // (audio: video's bytesSent also counts FEC and RTX probing, which the receiver counts apart).
        video.StopTestPattern();
        audio.StopTone();
        await Task.Delay(1500);
        var remoteAudio = call.CalleeTracks.Single(t => t.Track.Kind == "audio").Track;
        var sent = await call.Caller.GetStatsAsync(audio.Track).WithTimeout();
        var received = await call.Callee.GetStatsAsync(remoteAudio).WithTimeout();
        var bytesSent = Convert.ToDouble(sent.Values.Single(s => s.Type == "outbound-rtp")["bytesSent"]);
        var bytesReceived = Convert.ToDouble(received.Values.Single(s => s.Type == "inbound-rtp")["bytesReceived"]);
        Assert.That(bytesSent, Is.GreaterThan(1000));
        Assert.That(bytesReceived, Is.EqualTo(bytesSent).Within(3).Percent, $"sent {bytesSent}, received {bytesReceived}");
    }

    [Test]
    public async Task ReceiverStatsHoldItsInboundStreamOnly()
    {
        using var call = new MediaCall(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        audio.StartTone(440);
        call.Caller.AddTrack(audio.Track);
        await call.ConnectAsync();
        var receiver = call.CalleeTracks.Single().Receiver;

        var received = await Timeouts.PollAsync(() =>
        {
            var report = receiver.GetStatsAsync().GetAwaiter().GetResult();
            return report.Values.Any(s => s.Type == "inbound-rtp" && Convert.ToInt64(s["packetsReceived"]) > 10);
        });

        Assert.That(received, Is.True);
        var final = await receiver.GetStatsAsync().WithTimeout();
        Assert.That(final.Values.Select(s => s.Type), Does.Not.Contain("outbound-rtp"));
        Assert.That(receiver.GetSynchronizationSources(), Is.Not.Empty, "the sender's SSRC was seen");
        Assert.That(receiver.GetParameters().Codecs.Select(c => c.MimeType.ToLowerInvariant()), Does.Contain("audio/opus"));
        receiver.JitterBufferTarget = 200;
        Assert.That(receiver.JitterBufferTarget, Is.EqualTo(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => receiver.JitterBufferTarget = 5000);
        Assert.That(receiver.JitterBufferTarget, Is.EqualTo(200));
    }
}
