using RtcNative.Interop;

namespace RtcNative.Tests;

/// <summary>MediaStreamTrack over local generator tracks, and MediaStream.</summary>
public sealed class MediaTrackTests : MediaFixture
{
    [Test]
    public void AGeneratorTrackIsLiveEnabledAndUnmuted()
    {
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(video.Track.Kind, Is.EqualTo("video"));
            Assert.That(audio.Track.Kind, Is.EqualTo("audio"));
            Assert.That(Guid.TryParse(video.Track.Id, out _), Is.True, video.Track.Id);
            Assert.That(video.Track.Id, Is.Not.EqualTo(audio.Track.Id));
            Assert.That(video.Track.Label, Is.EqualTo(""));
            Assert.That(video.Track.Enabled, Is.True);
            Assert.That(video.Track.Muted, Is.False);
            Assert.That(video.Track.ReadyState, Is.EqualTo(MediaStreamTrackState.Live));
            Assert.That(video.Track.IsRemote, Is.False);
        }
    }

    [Test]
    public void CloneHasANewIdTheSameKindAndEnabled()
    {
        using var generator = new VideoTrackGenerator(Factory);
        generator.Track.Enabled = false;
        using var clone = generator.Track.Clone();
        Assert.That(clone, Is.Not.SameAs(generator.Track));
        Assert.That(clone.Id, Is.Not.EqualTo(generator.Track.Id));
        Assert.That(clone.Kind, Is.EqualTo("video"));
        Assert.That(clone.Enabled, Is.False);

        generator.Track.Stop();
        Assert.That(generator.Track.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
        Assert.That(clone.ReadyState, Is.EqualTo(MediaStreamTrackState.Live), "stop ends this track only");
        using var endedClone = generator.Track.Clone();
        Assert.That(endedClone.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
    }

    [Test]
    public async Task StopRaisesNoEventAndEndsTheProcessor()
    {
        using var generator = new AudioTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        var ended = 0;
        generator.Track.Ended += (_, _) => Interlocked.Increment(ref ended);
        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var data in processor.ReadAudioAsync())
            {
                data.Dispose();
                count++;
            }

            return count;
        });

        generator.Write(new short[480]);
        await Task.Delay(50);
        generator.Track.Stop();
        generator.Track.Stop(); // idempotent
        Assert.That(await reading.WithTimeout(), Is.GreaterThanOrEqualTo(0));
        Assert.That(generator.Track.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
        await Task.Delay(100);
        Assert.That(ended, Is.Zero);
    }

    [Test]
    public void RemoteEventsRaiseMuteUnmuteAndEndedOnce()
    {
        using var generator = new VideoTrackGenerator(Factory);
        var track = generator.Track;
        var events = new List<string>();
        track.Mute += (_, _) => events.Add("mute");
        track.Unmute += (_, _) => events.Add("unmute");
        track.Ended += (_, _) => events.Add("ended");
        track.RaiseRemoteEvent(RtcnReceiverTrackEvent.Unmute);
        track.RaiseRemoteEvent(RtcnReceiverTrackEvent.Mute);
        track.RaiseRemoteEvent(RtcnReceiverTrackEvent.Removed);
        track.RaiseRemoteEvent(RtcnReceiverTrackEvent.Ended);
        track.RaiseRemoteEvent(RtcnReceiverTrackEvent.Ended);
        Assert.That(events, Is.EqualTo(new[] { "unmute", "mute", "ended" }));
    }

    [Test]
    public unsafe void FromNativeReturnsTheOneWrapperOfATrack()
    {
        using var generator = new VideoTrackGenerator(Factory);
        var track = generator.Track;
        using var connection = Factory.CreatePeerConnection();
        // A second native reference to the same track, as the RTP code gets one (a sender's track).
        var handle = (RtcnPeerConnectionHandle)typeof(RTCPeerConnection)
            .GetField("_handle", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(connection)!;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_peer_connection_add_track(handle, track.Handle, null, 0, out var transceiver));
        using (transceiver)
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_get_track(transceiver, out var extra));
            Assert.That(MediaStreamTrack.FromNative(extra), Is.SameAs(track));
            Assert.That(extra.IsClosed, Is.True, "the extra reference was released");

            // Once the wrapper is disposed, the next lookup makes a new one for the same native track.
            track.Dispose();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_get_track(transceiver, out var again));
            using var fresh = MediaStreamTrack.FromNative(again);
            Assert.That(fresh, Is.Not.SameAs(track));
            Assert.That(fresh.Id, Is.EqualTo(track.Id));
            Assert.That(fresh.ReadyState, Is.EqualTo(MediaStreamTrackState.Live));
        }
    }

    [Test]
    public void ADisposedTrackThrowsObjectDisposedException()
    {
        using var generator = new VideoTrackGenerator(Factory);
        var clone = generator.Track.Clone();
        clone.Dispose();
        clone.Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ObjectDisposedException>(() => _ = clone.Enabled);
            Assert.Throws<ObjectDisposedException>(() => clone.Enabled = true);
            Assert.Throws<ObjectDisposedException>(() => _ = clone.Muted);
            Assert.Throws<ObjectDisposedException>(() => _ = clone.ReadyState);
            Assert.Throws<ObjectDisposedException>(() => clone.Stop());
            Assert.Throws<ObjectDisposedException>(() => clone.Clone());
            Assert.Throws<ObjectDisposedException>(() => clone.GetSettings());
            Assert.Throws<ObjectDisposedException>(() => _ = new MediaStreamTrackProcessor(clone));
            Assert.That(clone.Kind, Is.EqualTo("video"), "cached values stay readable");
        }
    }

    [Test]
    public void AudioSettingsReportTheFormat()
    {
        using var generator = new AudioTrackGenerator(Factory, 16000, 2);
        var settings = generator.Track.GetSettings();
        Assert.That((settings.SampleRate, settings.ChannelCount), Is.EqualTo(((int?)16000, (int?)2)));
        Assert.That(settings.Width, Is.Null);
    }

    [Test]
    public void AStreamHoldsTracksWithoutEventsForUserChanges()
    {
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        var stream = new MediaStream([video.Track]);
        var events = new List<string>();
        stream.TrackAdded += (_, e) => events.Add("added " + e.Track.Kind);
        stream.TrackRemoved += (_, e) => events.Add("removed " + e.Track.Kind);

        stream.AddTrack(audio.Track);
        stream.AddTrack(audio.Track);
        Assert.That(Guid.TryParse(stream.Id, out _), Is.True);
        Assert.That(stream.Id, Is.Not.EqualTo(new MediaStream().Id));
        Assert.That(stream.GetTracks(), Is.EqualTo(new[] { video.Track, audio.Track }));
        Assert.That(stream.GetAudioTracks(), Is.EqualTo(new[] { audio.Track }));
        Assert.That(stream.GetVideoTracks(), Is.EqualTo(new[] { video.Track }));
        Assert.That(stream.GetTrackById(audio.Track.Id), Is.SameAs(audio.Track));
        Assert.That(stream.GetTrackById("nope"), Is.Null);
        Assert.That(stream.Active, Is.True);
        stream.RemoveTrack(audio.Track);
        Assert.That(stream.GetTracks(), Is.EqualTo(new[] { video.Track }));
        Assert.That(events, Is.Empty);

        video.Track.Stop();
        Assert.That(stream.Active, Is.False);
    }

    [Test]
    public void EngineChangesToARemoteStreamRaiseEvents()
    {
        using var video = new VideoTrackGenerator(Factory);
        var stream = new MediaStream("remote-stream");
        var events = new List<string>();
        stream.TrackAdded += (_, e) => events.Add("added " + e.Track.Id);
        stream.TrackRemoved += (_, e) => events.Add("removed " + e.Track.Id);
        stream.AddTrackFromRemote(video.Track);
        stream.AddTrackFromRemote(video.Track);
        stream.RemoveTrackFromRemote(video.Track);
        stream.RemoveTrackFromRemote(video.Track);
        Assert.That(stream.Id, Is.EqualTo("remote-stream"));
        Assert.That(events, Is.EqualTo(new[] { "added " + video.Track.Id, "removed " + video.Track.Id }));
        Assert.That(stream.Active, Is.False, "no tracks");
    }

    [Test]
    public void CloningAStreamClonesItsTracks()
    {
        using var video = new VideoTrackGenerator(Factory);
        var stream = new MediaStream([video.Track]);
        var clone = stream.Clone();
        try
        {
            Assert.That(clone.Id, Is.Not.EqualTo(stream.Id));
            Assert.That(clone.GetTracks(), Has.Count.EqualTo(1));
            Assert.That(clone.GetTracks()[0].Id, Is.Not.EqualTo(video.Track.Id));
            Assert.That(clone.GetTracks()[0].Kind, Is.EqualTo("video"));
        }
        finally
        {
            DisposeAll(clone.GetTracks());
        }
    }
}
