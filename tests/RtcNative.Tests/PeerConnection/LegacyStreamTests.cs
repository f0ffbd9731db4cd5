namespace RtcNative.Tests;

// The legacy stream API of MDN's older RTCPeerConnection page (addStream, onaddstream, removeStream, ...), built on
// the track API as adapter.js does, between two in-process peers.
#pragma warning disable CS0618 // the legacy members under test are obsolete on purpose
public sealed class LegacyStreamTests : LoopbackFixture
{
    [Test]
    public async Task AddStreamIsAnnouncedOnceWithTheSameIdAndTracks()
    {
        using var media = new LocalMedia(Factory);
        using var call = new MediaCall(Factory);
        var order = new List<string>();
        var added = new List<MediaStream>();
        call.Callee.Track += (_, e) =>
        {
            lock (order)
            {
                order.Add("track " + e.Track.Kind);
            }
        };
        call.Callee.StreamAdded += (_, e) =>
        {
            lock (order)
            {
                order.Add("stream");
                added.Add(e.Stream);
            }
        };

        call.Caller.AddStream(media.Stream);
        call.Caller.AddStream(media.Stream); // again: ignored, as in Chrome
        await call.ConnectAsync();

        Assert.That(call.Caller.GetSenders().Select(s => s.Track), Is.EqualTo(new[] { media.Audio.Track, media.Video.Track }),
            "audio first, then video");
        Assert.That(call.Caller.GetLocalStreams(), Is.EqualTo(new[] { media.Stream }));
        Assert.That(call.Caller.GetStreamById(media.Stream.Id), Is.SameAs(media.Stream));
        Assert.That(call.Caller.GetRemoteStreams(), Is.Empty);
        lock (order)
        {
            // Raised on the connection's dispatcher, after the Track event of the stream's first track.
            Assert.That(order, Is.EqualTo(new[] { "track audio", "stream", "track video" }));
            Assert.That(added, Has.Count.EqualTo(1));
        }

        var remote = added[0];
        Assert.That(remote.Id, Is.EqualTo(media.Stream.Id));
        Assert.That(remote.GetTracks().Select(t => t.Kind), Is.EquivalentTo(new[] { "audio", "video" }));
        Assert.That(remote.GetTracks(), Is.EquivalentTo(call.CalleeTracks.Select(t => t.Track)));
        Assert.That(call.Callee.GetRemoteStreams(), Is.EqualTo(new[] { remote }));
        Assert.That(call.Callee.GetStreamById(media.Stream.Id), Is.SameAs(remote));
        Assert.That(call.Callee.GetStreamById("no-such-stream"), Is.Null);
        Assert.That(call.Callee.GetLocalStreams(), Is.Empty);
    }

    [Test]
    public async Task RemoveStreamAndRenegotiationRaiseStreamRemoved()
    {
        using var media = new LocalMedia(Factory);
        using var call = new MediaCall(Factory);
        var removed = new TaskCompletionSource<MediaStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        var removedCount = 0;
        call.Callee.StreamRemoved += (_, e) =>
        {
            Interlocked.Increment(ref removedCount);
            removed.TrySetResult(e.Stream);
        };
        call.Caller.AddStream(media.Stream);
        await call.ConnectAsync();
        var remote = call.Callee.GetRemoteStreams().Single();

        call.Caller.RemoveStream(media.Stream);

        Assert.That(call.Caller.GetLocalStreams(), Is.Empty);
        Assert.That(call.Caller.GetStreamById(media.Stream.Id), Is.Null);
        Assert.That(call.Caller.GetSenders().Select(s => s.Track), Is.All.Null, "both senders stopped sending");
        Assert.That(removedCount, Is.Zero, "nothing changes remotely before renegotiation");
        await MediaCall.RenegotiateAsync(call.Caller, call.Callee);
        Assert.That(await removed.Task.WithTimeout(), Is.SameAs(remote));
        Assert.That(removedCount, Is.EqualTo(1), "once, when the last track left");
        Assert.That(remote.GetTracks(), Is.Empty);
        Assert.That(call.Callee.GetRemoteStreams(), Is.Empty);
        Assert.That(call.Callee.GetStreamById(media.Stream.Id), Is.Null);
    }

    [Test]
    public void RemovingAStreamNeverAddedChangesNothing()
    {
        using var media = new LocalMedia(Factory);
        using var connection = Factory.CreatePeerConnection();
        connection.AddTrack(media.Audio.Track);

        connection.RemoveStream(media.Stream);

        Assert.That(connection.GetSenders().Single().Track, Is.SameAs(media.Audio.Track));
    }

    [Test]
    public void AddTrackStreamsAreLocalStreamsToo()
    {
        using var media = new LocalMedia(Factory);
        using var connection = Factory.CreatePeerConnection();

        connection.AddTrack(media.Audio.Track, media.Stream);

        Assert.That(connection.GetLocalStreams(), Is.EqualTo(new[] { media.Stream }));
        Assert.That(connection.GetStreamById(media.Stream.Id), Is.SameAs(media.Stream));
    }

    [Test]
    public async Task CreateDtmfSenderGivesTheDtmfOfTheTracksSender()
    {
        using var media = new LocalMedia(Factory);
        using var call = new MediaCall(Factory);
        call.Caller.AddStream(media.Stream);
        await call.ConnectAsync();
        var sender = call.Caller.GetSenders().Single(s => ReferenceEquals(s.Track, media.Audio.Track));

        var dtmf = call.Caller.CreateDTMFSender(media.Audio.Track);

        Assert.That(dtmf, Is.SameAs(sender.Dtmf));
        Assert.That(dtmf.CanInsertDTMF, Is.True);
        Assert.That(Assert.Throws<RTCException>(() => call.Caller.CreateDTMFSender(media.Video.Track))!.ErrorName, Is.EqualTo("SyntaxError"),
            "not an audio track");
        using var other = new AudioTrackGenerator(Factory);
        Assert.That(Assert.Throws<RTCException>(() => call.Caller.CreateDTMFSender(other.Track))!.ErrorName, Is.EqualTo("SyntaxError"),
            "no sender carries it");
        call.Caller.Close();
        Assert.That(Assert.Throws<RTCException>(() => call.Caller.CreateDTMFSender(media.Audio.Track))!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    /// <summary>An audio and a video track from generators, in one local stream (what getUserMedia gave on MDN's page).</summary>
    private sealed class LocalMedia : IDisposable
    {
        public LocalMedia(PeerConnectionFactory factory)
        {
            Audio = new AudioTrackGenerator(factory);
            Video = new VideoTrackGenerator(factory);
            Stream = new MediaStream([Video.Track, Audio.Track]); // video first: AddStream still sends audio first
        }

        public AudioTrackGenerator Audio { get; }

        public VideoTrackGenerator Video { get; }

        public MediaStream Stream { get; }

        public void Dispose()
        {
            Audio.Dispose();
            Video.Dispose();
        }
    }
}
#pragma warning restore CS0618
