namespace RtcNative.Tests;

// Transceivers, senders, receivers and renegotiation, modelled on WPT webrtc/RTCPeerConnection-addTrack,
// -removeTrack, -addTransceiver, RTCRtpTransceiver.https.html and RTCRtpTransceiver-stop.html.
public sealed class TransceiverTests : LoopbackFixture
{
    [Test]
    public void AddTrackCreatesASendRecvTransceiverListedEverywhereAsTheSameObjects()
    {
        using var connection = Factory.CreatePeerConnection();
        using var generator = new VideoTrackGenerator(Factory);

        var sender = connection.AddTrack(generator.Track);

        var transceiver = connection.GetTransceivers().Single();
        Assert.That(transceiver.Sender, Is.SameAs(sender));
        Assert.That(connection.GetSenders().Single(), Is.SameAs(sender));
        Assert.That(connection.GetReceivers().Single(), Is.SameAs(transceiver.Receiver));
        Assert.That(sender.Track, Is.SameAs(generator.Track));
        Assert.That(transceiver.Kind, Is.EqualTo(MediaKind.Video));
        Assert.That(transceiver.Direction, Is.EqualTo(RTCRtpTransceiverDirection.SendRecv));
        Assert.That(transceiver.CurrentDirection, Is.Null);
        Assert.That(transceiver.Mid, Is.Null);
        Assert.That(transceiver.Receiver.Track.Kind, Is.EqualTo("video"));
        Assert.That(transceiver.Receiver.Track.Muted, Is.True, "a receiver's track starts muted");
    }

    [Test]
    public void AddTrackRefusesATrackAlreadySentAndAClosedConnection()
    {
        using var connection = Factory.CreatePeerConnection();
        using var generator = new AudioTrackGenerator(Factory);
        connection.AddTrack(generator.Track);

        var twice = Assert.Throws<RTCException>(() => connection.AddTrack(generator.Track));
        Assert.That(twice!.ErrorName, Is.EqualTo("InvalidAccessError"));
        connection.Close();
        var closed = Assert.Throws<RTCException>(() => connection.AddTrack(new AudioTrackGenerator(Factory).Track));
        Assert.That(closed!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public void ATrackOfAnotherFactoryIsRefused()
    {
        using var other = TestFactory.CreateLoopback();
        using var connection = Factory.CreatePeerConnection();
        using var generator = new VideoTrackGenerator(other);

        var error = Assert.Throws<RTCException>(() => connection.AddTrack(generator.Track));

        Assert.That(error!.ErrorName, Is.EqualTo("InvalidAccessError"));
    }

    [Test]
    public void AddTransceiverValidatesItsInit()
    {
        using var connection = Factory.CreatePeerConnection();

        Assert.Throws<ArgumentException>(() => connection.AddTransceiver(MediaKind.Video, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.Stopped }));
        Assert.Throws<ArgumentOutOfRangeException>(() => connection.AddTransceiver(MediaKind.Video, new RTCRtpTransceiverInit
        {
            SendEncodings = { new RTCRtpEncodingParameters { ScaleResolutionDownBy = 0.5 } },
        }));
        Assert.Throws<ArgumentException>(() => connection.AddTransceiver(MediaKind.Video, new RTCRtpTransceiverInit
        {
            SendEncodings = { new RTCRtpEncodingParameters { Rid = "a" }, new RTCRtpEncodingParameters { Rid = "a" } },
        }), "duplicate rids (a W3C TypeError)");
        Assert.Throws<ArgumentException>(() => connection.AddTransceiver(MediaKind.Video, new RTCRtpTransceiverInit
        {
            SendEncodings = { new RTCRtpEncodingParameters { Rid = "not valid!" } },
        }), "a rid that is not 1 to 16 letters or digits (a W3C TypeError)");
        Assert.Throws<ArgumentException>(() => connection.AddTransceiver((MediaKind)7));
        Assert.That(connection.GetTransceivers(), Is.Empty, "nothing was added by the refused calls");
    }

    [Test]
    public void CapabilitiesListEveryCodecOfTheEngine()
    {
        var video = RTCRtpSender.GetCapabilities("video")!.Codecs.Select(c => c.MimeType.ToLowerInvariant()).ToHashSet();
        var audio = RTCRtpReceiver.GetCapabilities("audio")!.Codecs.Select(c => c.MimeType.ToLowerInvariant()).ToHashSet();

        Assert.That(video, Is.SupersetOf(new[] { "video/vp8", "video/vp9", "video/h264", "video/rtx" }));
        Assert.That(audio, Is.SupersetOf(new[] { "audio/opus", "audio/pcmu", "audio/pcma", "audio/g722" }));
        Assert.That(RTCRtpSender.GetCapabilities("data"), Is.Null);
        Assert.That(RTCRtpSender.GetCapabilities("video")!.HeaderExtensions, Is.Not.Empty);
    }

    [Test]
    public async Task SetCodecPreferencesShapesTheOfferAndRefusesUnknownCodecs()
    {
        using var connection = Factory.CreatePeerConnection();
        var transceiver = connection.AddTransceiver(MediaKind.Video);

        transceiver.SetCodecPreferences(MediaCall.Codecs("video", "video/VP9"));
        var offer = await connection.CreateOfferAsync().WithTimeout();
        Assert.That(offer.Sdp, Does.Contain("VP9/90000"));
        Assert.That(offer.Sdp, Does.Not.Contain("VP8/90000"));

        var bogus = Assert.Throws<RTCException>(() => transceiver.SetCodecPreferences([new RTCRtpCodecCapability { MimeType = "video/NOPE", ClockRate = 90000 }]));
        Assert.That(bogus!.ErrorName, Is.EqualTo("InvalidModificationError"));
        var onlyRtx = Assert.Throws<RTCException>(() => transceiver.SetCodecPreferences(MediaCall.Codecs("video", "video/rtx")));
        Assert.That(onlyRtx!.ErrorName, Is.EqualTo("InvalidModificationError"));
        var audioInVideo = Assert.Throws<RTCException>(() => transceiver.SetCodecPreferences(MediaCall.Codecs("audio", "audio/opus")));
        Assert.That(audioInVideo!.ErrorName, Is.EqualTo("InvalidModificationError"));

        transceiver.SetCodecPreferences([]);
        var reset = await connection.CreateOfferAsync().WithTimeout();
        Assert.That(reset.Sdp, Does.Contain("VP8/90000").And.Contain("VP9/90000"));
    }

    [Test]
    public async Task TheTrackEventCarriesTheStreamsAndDirectionsFollowNegotiation()
    {
        using var call = new MediaCall(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        using var video = new VideoTrackGenerator(Factory);
        var stream = new MediaStream([audio.Track, video.Track]);
        call.Caller.AddTrack(audio.Track, stream);
        call.Caller.AddTrack(video.Track, stream);

        await call.ConnectAsync();

        var events = call.CalleeTracks;
        Assert.That(events, Has.Count.EqualTo(2));
        Assert.That(events.Select(e => e.Streams.Single().Id), Is.All.EqualTo(stream.Id));
        Assert.That(events[0].Streams[0], Is.SameAs(events[1].Streams[0]), "one MediaStream object per remote stream id");
        var remoteStream = events[0].Streams[0];
        Assert.That(remoteStream.GetTracks(), Is.EquivalentTo(events.Select(e => e.Track)));
        Assert.That(events.Select(e => e.Transceiver.Mid), Is.EqualTo(call.Caller.GetTransceivers().Select(t => t.Mid)));
        Assert.That(events.Select(e => e.Receiver), Is.EqualTo(events.Select(e => e.Transceiver.Receiver)));
        Assert.That(call.Caller.GetTransceivers().Select(t => t.CurrentDirection), Is.All.EqualTo(RTCRtpTransceiverDirection.SendOnly));
        Assert.That(call.Callee.GetTransceivers().Select(t => t.CurrentDirection), Is.All.EqualTo(RTCRtpTransceiverDirection.RecvOnly));
        Assert.That(call.Callee.GetTransceivers().Select(t => t.Direction), Is.All.EqualTo(RTCRtpTransceiverDirection.RecvOnly));
    }

    [Test]
    public async Task ARemoteTrackUnmutesWhenMediaArrives()
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        call.Caller.AddTrack(generator.Track);
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single().Track;
        Assert.That(remote.Muted, Is.True, "no media yet");
        var unmuted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.Unmute += (_, _) => unmuted.TrySetResult();

        generator.StartTestPattern(320, 240, 30);

        await unmuted.Task.WithTimeout();
        Assert.That(remote.Muted, Is.False);
    }

    [Test]
    public async Task SettingDirectionNeedsNegotiationAndStoppedIsNotADirection()
    {
        using var connection = Factory.CreatePeerConnection();
        var transceiver = connection.AddTransceiver(MediaKind.Audio);
        var offer = await connection.CreateOfferAsync().WithTimeout();
        await connection.SetLocalDescriptionAsync(offer).WithTimeout();
        var needed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.NegotiationNeeded += (_, _) => needed.TrySetResult();

        transceiver.Direction = RTCRtpTransceiverDirection.RecvOnly;
        await connection.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "")).WithTimeout();

        await needed.Task.WithTimeout();
        Assert.That(transceiver.Direction, Is.EqualTo(RTCRtpTransceiverDirection.RecvOnly));
        Assert.Throws<ArgumentException>(() => transceiver.Direction = RTCRtpTransceiverDirection.Stopped);
    }

    [Test]
    public async Task RemovingATrackOnALiveCallMutesTheRemoteTrackAndLeavesItsStream()
    {
        using var call = new MediaCall(Factory);
        using var generator = new VideoTrackGenerator(Factory);
        generator.StartTestPattern(320, 240, 30);
        var stream = new MediaStream();
        var sender = call.Caller.AddTrack(generator.Track, stream);
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single();
        await Timeouts.PollAsync(() => !remote.Track.Muted);
        var muted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.Track.Mute += (_, _) => muted.TrySetResult();
        var removed = new TaskCompletionSource<MediaStreamTrack>(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.Streams[0].TrackRemoved += (_, e) => removed.TrySetResult(e.Track);

        call.Caller.RemoveTrack(sender);
        Assert.That(sender.Track, Is.Null);
        await MediaCall.RenegotiateAsync(call.Caller, call.Callee);

        await muted.Task.WithTimeout();
        Assert.That(await removed.Task.WithTimeout(), Is.SameAs(remote.Track));
        Assert.That(remote.Streams[0].GetTracks(), Is.Empty);
        Assert.That(remote.Track.ReadyState, Is.EqualTo(MediaStreamTrackState.Live), "removal mutes; it does not end the track");
        Assert.That(call.Caller.GetTransceivers().Single().CurrentDirection, Is.EqualTo(RTCRtpTransceiverDirection.Inactive));
        Assert.That(call.Callee.GetTransceivers().Single().CurrentDirection, Is.EqualTo(RTCRtpTransceiverDirection.Inactive));

        // The transceiver was used to send: adding the track again makes a new one (webrtc-pc addTrack).
        call.Caller.AddTrack(generator.Track);
        Assert.That(call.Caller.GetTransceivers(), Has.Count.EqualTo(2));
    }

    [Test]
    public void RemoveTrackThenAddTrackBeforeNegotiatingReusesTheTransceiver()
    {
        using var connection = Factory.CreatePeerConnection();
        using var first = new AudioTrackGenerator(Factory);
        using var second = new AudioTrackGenerator(Factory);
        var sender = connection.AddTrack(first.Track);

        connection.RemoveTrack(sender);
        var again = connection.AddTrack(second.Track);

        Assert.That(again, Is.SameAs(sender), "never used to send: reused");
        Assert.That(connection.GetTransceivers(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TheAnswererAddsATrackAndOffersOnTheLiveCall()
    {
        using var call = new MediaCall(Factory);
        using var callerVideo = new VideoTrackGenerator(Factory);
        using var calleeVideo = new VideoTrackGenerator(Factory);
        call.Caller.AddTrack(callerVideo.Track);
        await call.ConnectAsync();
        calleeVideo.StartTestPattern(320, 240, 30);

        var sender = call.Callee.AddTrack(calleeVideo.Track);
        Assert.That(call.Callee.GetTransceivers(), Has.Count.EqualTo(1), "the recvonly transceiver from the offer is reused");
        await MediaCall.RenegotiateAsync(call.Callee, call.Caller);

        var track = call.CallerTracks.Single();
        Assert.That(track.Transceiver, Is.SameAs(call.Caller.GetTransceivers().Single()));
        Assert.That(sender.Transceiver.CurrentDirection, Is.EqualTo(RTCRtpTransceiverDirection.SendRecv));
        var frames = await MediaReading.ReadFramesAsync(track.Track, 5, accept: f => f.Counter is not null);
        Assert.That(frames, Has.Count.EqualTo(5), "the answerer's video reaches the offerer");
    }

    [Test]
    public async Task StoppingATransceiverEndsTheRemoteTrackAfterNegotiation()
    {
        using var call = new MediaCall(Factory);
        using var generator = new AudioTrackGenerator(Factory);
        generator.StartTone(440);
        var sender = call.Caller.AddTrack(generator.Track);
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single().Track;
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.Ended += (_, _) => ended.TrySetResult();
        var transceiver = call.Caller.GetTransceivers().Single();

        transceiver.Stop();
        Assert.That(transceiver.Direction, Is.EqualTo(RTCRtpTransceiverDirection.Stopped));
        Assert.That(transceiver.Receiver.Track.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
        await MediaCall.RenegotiateAsync(call.Caller, call.Callee);

        await ended.Task.WithTimeout();
        Assert.That(remote.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
        Assert.That(transceiver.CurrentDirection, Is.EqualTo(RTCRtpTransceiverDirection.Stopped));
        Assert.That(call.Caller.GetSenders(), Is.Empty);
        Assert.That(() => transceiver.Direction = RTCRtpTransceiverDirection.SendRecv,
            Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("InvalidStateError"));
        var replace = await Assert.ThrowsAsync<RTCException>(() => sender.ReplaceTrackAsync(null));
        Assert.That(replace!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public void ReplaceTrackWithAnotherKindIsATypeError()
    {
        using var connection = Factory.CreatePeerConnection();
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        var sender = connection.AddTrack(video.Track);

        Assert.Throws<ArgumentException>(() => sender.ReplaceTrackAsync(audio.Track));
    }

    [Test]
    public async Task ReplaceTrackWithNullStopsSendingWithoutRenegotiation()
    {
        using var connection = Factory.CreatePeerConnection();
        using var video = new VideoTrackGenerator(Factory);
        var sender = connection.AddTrack(video.Track);

        await sender.ReplaceTrackAsync(null).WithTimeout();

        Assert.That(sender.Track, Is.Null);
        Assert.That(connection.GetTransceivers().Single().Direction, Is.EqualTo(RTCRtpTransceiverDirection.SendRecv));
    }

    [Test]
    public async Task AStatsSelectorMustNameATrackOfTheConnection()
    {
        using var connection = Factory.CreatePeerConnection();
        using var generator = new VideoTrackGenerator(Factory);
        using var unrelated = new VideoTrackGenerator(Factory);
        connection.AddTrack(generator.Track);

        var report = await connection.GetStatsAsync(generator.Track).WithTimeout();
        Assert.That(report.Values.Select(s => s.Type), Does.Not.Contain("data-channel"));
        var error = await Assert.ThrowsAsync<RTCException>(() => connection.GetStatsAsync(unrelated.Track).WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidAccessError"));
    }
}
