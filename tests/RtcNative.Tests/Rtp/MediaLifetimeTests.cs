namespace RtcNative.Tests;

// Lifetime of media objects: nothing native outlives its owners, and disposal from any thread mid-stream is safe.
public sealed class MediaLifetimeTests
{
    [Test]
    public async Task AHundredCyclesOfGeneratorAddNegotiateRemoveDisposeLeaveNothingAlive()
    {
        using (var factory = TestFactory.CreateLoopback())
        using (var caller = factory.CreatePeerConnection())
        using (var callee = factory.CreatePeerConnection())
        {
            for (var i = 0; i < 100; i++)
            {
                using var generator = new VideoTrackGenerator(factory);
                var sender = caller.AddTrack(generator.Track);
                await MediaCall.RenegotiateAsync(caller, callee);
                caller.RemoveTrack(sender);
                await MediaCall.RenegotiateAsync(caller, callee);
            }

            Assert.That(caller.GetTransceivers(), Has.Count.EqualTo(100));
        }

        Assert.That(await NativeObjects.ReachAsync(0), Is.True, NativeObjects.Describe());
    }

    [Test]
    public async Task DisposingProcessorsTracksAndConnectionsMidStreamFromOtherThreadsNeverCrashes()
    {
        using (var factory = TestFactory.CreateLoopback())
        {
            for (var round = 0; round < 3; round++)
            {
                using var call = new MediaCall(factory);
                using var video = new VideoTrackGenerator(factory);
                using var audio = new AudioTrackGenerator(factory);
                video.StartTestPattern(320, 240, 60);
                audio.StartTone(440);
                call.Caller.AddTrack(video.Track);
                call.Caller.AddTrack(audio.Track);
                await call.ConnectAsync();
                var remoteVideo = call.CalleeTracks.Single(t => t.Track.Kind == "video").Track;
                var remoteAudio = call.CalleeTracks.Single(t => t.Track.Kind == "audio").Track;
                var videoProcessor = new MediaStreamTrackProcessor(remoteVideo);
                var audioProcessor = new MediaStreamTrackProcessor(remoteAudio);
                var readers = new[]
                {
                    Task.Run(async () =>
                    {
                        await foreach (var frame in videoProcessor.ReadVideoFramesAsync())
                        {
                            frame.Dispose();
                        }
                    }),
                    Task.Run(async () =>
                    {
                        await foreach (var data in audioProcessor.ReadAudioAsync())
                        {
                            data.Dispose();
                        }
                    }),
                };
                await Task.Delay(300);

                // Each round tears down in another order, each part from another thread.
                Action[] parts = round switch
                {
                    0 => [videoProcessor.Dispose, audioProcessor.Dispose, video.Dispose, call.Dispose],
                    1 => [call.Dispose, videoProcessor.Dispose, audio.Dispose, audioProcessor.Dispose],
                    _ => [video.Track.Stop, audio.Dispose, call.Callee.Dispose, videoProcessor.Dispose, audioProcessor.Dispose],
                };
                await Task.WhenAll(parts.Select(part => Task.Run(part)));
                videoProcessor.Dispose();
                audioProcessor.Dispose();
                await Task.WhenAll(readers).WaitAsync(Timeouts.Event).ContinueWith(_ => { });
            }
        }

        Assert.That(await NativeObjects.ReachAsync(0), Is.True, NativeObjects.Describe());
    }
}
