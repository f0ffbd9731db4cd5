namespace RtcNative.Tests;

/// <summary>MediaStreamTrackProcessor: the bounded queue, one reader, ending, cancellation and disposal.</summary>
public sealed class MediaProcessorTests : MediaFixture
{
    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(1025)]
    public void TheBufferSizeMustBeFrom1To1024(int size)
    {
        using var generator = new VideoTrackGenerator(Factory);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MediaStreamTrackProcessor(generator.Track, size));
        using var largest = new MediaStreamTrackProcessor(generator.Track, 1024);
        using var smallest = new MediaStreamTrackProcessor(generator.Track, 1);
    }

    [Test]
    public void ReadingTheOtherKindThrowsInvalidOperationException()
    {
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        using var videoProcessor = new MediaStreamTrackProcessor(video.Track);
        using var audioProcessor = new MediaStreamTrackProcessor(audio.Track);
        Assert.Throws<InvalidOperationException>(() => videoProcessor.ReadAudioAsync());
        Assert.Throws<InvalidOperationException>(() => audioProcessor.ReadVideoFramesAsync());
        Assert.Throws<InvalidOperationException>(() => videoProcessor.TryReadAudio(out _));
        Assert.Throws<InvalidOperationException>(() => audioProcessor.TryReadVideoFrame(out _));
    }

    [Test]
    public async Task ASecondConcurrentEnumerationThrowsInvalidOperationException()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        await using var first = processor.ReadVideoFramesAsync().GetAsyncEnumerator();
        var pending = first.MoveNextAsync(); // waits for a frame
        await using var second = processor.ReadVideoFramesAsync().GetAsyncEnumerator();
        Assert.That(async () => await second.MoveNextAsync(), Throws.InvalidOperationException);

        generator.Write(new byte[16 * 16 * 4], VideoPixelFormat.Rgba, 16, 16, TimeSpan.Zero);
        Assert.That(await pending.AsTask().WithTimeout(), Is.True);
        first.Current.Dispose();
    }

    [Test]
    public async Task ASlowReaderLosesTheOldestFramesAndTheQueueNeverExceedsItsSize()
    {
        const int size = 4, written = 20;
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, size);
        using var frame = VideoFrame.CreateI420(32, 32, TimeSpan.Zero);
        for (var i = 0; i < written; i++)
        {
            frame.Timestamp = TimeSpan.FromMilliseconds(i); // numbers the frames
            generator.Write(frame);
        }

        Assert.That(await Timeouts.PollAsync(() => processor.DroppedCount >= written - size), Is.True, $"dropped {processor.DroppedCount}");
        var counters = new List<int>();
        while (processor.TryReadVideoFrame(out var queued))
        {
            using (queued)
            {
                counters.Add((int)queued.Timestamp.TotalMilliseconds);
            }
        }

        Assert.That(counters, Has.Count.LessThanOrEqualTo(size));
        Assert.That(processor.DroppedCount + counters.Count, Is.EqualTo(written));
        Assert.That(counters, Is.EqualTo(Enumerable.Range(written - counters.Count, counters.Count)), "the newest kept, in order");
    }

    [Test]
    public async Task ASlowEnumerationCountsDropsWithTheTestPattern()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, 2);
        generator.StartTestPattern(64, 48, 60);
        var read = 0;
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        await foreach (var frame in processor.ReadVideoFramesAsync(timeout.Token))
        {
            frame.Dispose();
            await Task.Delay(100); // 6 frames arrive meanwhile, 2 are kept
            if (++read == 5)
            {
                break;
            }
        }

        Assert.That(processor.DroppedCount, Is.GreaterThan(5));
    }

    [Test]
    public async Task CancellationEndsTheEnumerationWithOperationCanceledException()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        using var cancellation = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var frame in processor.ReadVideoFramesAsync(cancellation.Token))
            {
                frame.Dispose();
            }
        });

        await Task.Delay(100);
        cancellation.Cancel();
        Assert.That(async () => await reading.WithTimeout(), Throws.InstanceOf<OperationCanceledException>());

        // The processor stays usable for a new enumeration.
        generator.Write(new byte[8 * 8 * 4], VideoPixelFormat.Rgba, 8, 8, TimeSpan.Zero);
        (await ReadOneAsync(processor.ReadVideoFramesAsync())).Dispose();

        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        Assert.That(async () => await ReadOneAsync(processor.ReadVideoFramesAsync(canceled.Token)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task DisposingAWaitingProcessorCompletesItsEnumeration()
    {
        using var generator = new VideoTrackGenerator(Factory);
        var processor = new MediaStreamTrackProcessor(generator.Track);
        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var frame in processor.ReadVideoFramesAsync())
            {
                frame.Dispose();
                count++;
            }

            return count;
        });

        await Task.Delay(100);
        processor.Dispose();
        processor.Dispose();
        Assert.That(await reading.WithTimeout(), Is.Zero);
        Assert.Throws<ObjectDisposedException>(() => processor.ReadVideoFramesAsync());
        Assert.Throws<ObjectDisposedException>(() => _ = processor.DroppedCount);
        Assert.Throws<ObjectDisposedException>(() => processor.TryReadVideoFrame(out _));
    }

    [Test]
    public async Task DisposingMidStreamFromAnotherThreadNeverCrashes()
    {
        for (var round = 0; round < 20; round++)
        {
            var generator = new VideoTrackGenerator(Factory);
            var processor = new MediaStreamTrackProcessor(generator.Track, 2);
            generator.StartTestPattern(160, 120, 120);
            var kept = new List<VideoFrame>();
            var frames = processor.ReadVideoFramesAsync();
            var reading = Task.Run(async () =>
            {
                await foreach (var frame in frames)
                {
                    if (kept.Count < 3)
                    {
                        kept.Add(frame);
                    }
                    else
                    {
                        frame.Dispose();
                    }
                }
            });
            var writing = Task.Run(() =>
            {
                try
                {
                    for (var i = 0; i < 200; i++)
                    {
                        generator.Write(new byte[64 * 48 * 4], VideoPixelFormat.Bgra, 64, 48, TimeSpan.Zero);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // the generator was disposed meanwhile
                }
            });

            await Task.Delay(round % 5 * 10);
            var disposer = new Thread(() =>
            {
                processor.Dispose();
                if (round % 2 == 0)
                {
                    generator.Dispose();
                }
            });
            disposer.Start();
            Assert.That(disposer.Join(Timeouts.Event), Is.True);
            await reading.WithTimeout();
            generator.Dispose();
            await writing.WithTimeout();

            // Frames already read stay valid after the processor is gone.
            foreach (var frame in kept)
            {
                Assert.That(frame.GetPlane(0).Length, Is.GreaterThan(0));
                frame.Dispose();
            }
        }
    }

    [Test]
    public async Task TheEnumerationEndsWhenTheGeneratorIsDisposedAfterTheQueuedFrames()
    {
        var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, 8);
        for (var i = 0; i < 3; i++)
        {
            generator.Write(new byte[4 * 4 * 4], VideoPixelFormat.Rgba, 4, 4, TimeSpan.FromMilliseconds(i));
        }

        await Task.Delay(50); // delivery may be asynchronous
        generator.Dispose();
        var count = 0;
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        await foreach (var frame in processor.ReadVideoFramesAsync(timeout.Token))
        {
            frame.Dispose();
            count++;
        }

        Assert.That(count, Is.EqualTo(3));
    }

    [Test]
    public async Task AStoppedTrackEndsAnEnumerationThatWaits()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        var reading = Task.Run(async () =>
        {
            await foreach (var frame in processor.ReadVideoFramesAsync())
            {
                frame.Dispose();
            }
        });
        await Task.Delay(100);
        generator.Track.Stop();
        await reading.WithTimeout();

        // A processor created on an ended track ends at once.
        using var late = new MediaStreamTrackProcessor(generator.Track);
        Assert.That(await ReadAsync(late.ReadVideoFramesAsync(), int.MaxValue).WithTimeout(), Is.Empty);
    }
}
