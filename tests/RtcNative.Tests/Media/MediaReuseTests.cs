namespace RtcNative.Tests;

/// <summary>The reuse paths without allocation per frame: empty frames and chunks, reads into a destination the caller
/// keeps, a frame submitted again and again, and Dispose once.</summary>
public sealed class MediaReuseTests : MediaFixture
{
    [Test]
    public void AnEmptyFrameHoldsNoPicture()
    {
        using var frame = new VideoFrame();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((frame.IsEmpty, frame.Width, frame.Height, frame.PlaneCount, frame.IsWritable), Is.EqualTo((true, 0, 0, 0, false)));
            Assert.That(frame.Timestamp, Is.EqualTo(TimeSpan.Zero));
            Assert.That(frame.Format, Is.EqualTo(VideoPixelFormat.I420));
            Assert.That(() => frame.GetPlane(0), Throws.InvalidOperationException.With.Message.Contains("holds no picture"));
            Assert.That(() => frame.GetStride(0), Throws.InvalidOperationException);
            Assert.That(() => frame.GetCopySize(VideoPixelFormat.Rgba), Throws.InvalidOperationException);
            Assert.That(() => frame.CopyTo(new byte[64], VideoPixelFormat.I420), Throws.InvalidOperationException);
            Assert.That(TestPattern.TryRead(frame, out _, out _), Is.False);
            Assert.That(frame.ToString(), Does.Contain("empty"));
        }

        frame.Timestamp = TimeSpan.FromMilliseconds(5);
        Assert.That(frame.Timestamp, Is.EqualTo(TimeSpan.FromMilliseconds(5)));
        using var generator = new VideoTrackGenerator(Factory);
        Assert.That(() => generator.Submit(frame), Throws.InvalidOperationException);
        Assert.That(() => generator.Write(frame), Throws.InvalidOperationException);
    }

    [Test]
    public void AnEmptyChunkHoldsNoSamples()
    {
        using var data = new AudioData();
        Assert.That((data.IsEmpty, data.SampleRate, data.NumberOfChannels, data.NumberOfFrames, data.Samples.Length),
            Is.EqualTo((true, 0, 0, 0, 0)));
        Assert.That((data.Timestamp, data.Duration), Is.EqualTo((TimeSpan.Zero, TimeSpan.Zero)));
        data.CopyTo(Span<short>.Empty);
    }

    [Test]
    public void FramesAndChunksDisposedTwiceThrowObjectDisposedException()
    {
        var empty = new VideoFrame();
        empty.Dispose();
        Assert.Throws<ObjectDisposedException>(() => empty.Dispose());
        Assert.Throws<ObjectDisposedException>(() => _ = empty.IsEmpty);
        var frame = VideoFrame.CreateI420(16, 16, TimeSpan.Zero);
        frame.Dispose();
        Assert.Throws<ObjectDisposedException>(() => frame.Dispose());
        var data = new AudioData();
        data.Dispose();
        Assert.Throws<ObjectDisposedException>(() => data.Dispose());
        Assert.Throws<ObjectDisposedException>(() => _ = data.NumberOfFrames);
    }

    [Test]
    public async Task ReadsIntoOneFrameDeliverTheSameFramesInOrderAsTheEnumeration()
    {
        const int count = 12;
        using var generator = new VideoTrackGenerator(Factory);
        using var byEnumeration = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: count);
        using var byReuse = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: count);
        using (var frame = VideoFrame.CreateI420(320, 240, TimeSpan.Zero))
        {
            for (var i = 0u; i < count; i++)
            {
                frame.Timestamp = TimeSpan.FromMilliseconds(10 * i);
                TestPattern.Draw(frame, 1000 + i, 20 + i);
                generator.Submit(frame);
            }
        }

        var enumerated = await ReadAsync(byEnumeration.ReadVideoFramesAsync(), count);
        var expected = enumerated.Select(Code).ToList();
        DisposeAll(enumerated);
        using var destination = new VideoFrame();
        var reused = new List<(uint, uint, TimeSpan)>();
        for (var i = 0; i < count; i++)
        {
            // Alternating: the waiting read and the polling one.
            var read = i % 2 == 0 ? await byReuse.ReadVideoFrameAsync(destination).AsTask().WithTimeout() : byReuse.TryReadVideoFrame(destination);
            Assert.That(read, Is.True, $"read {i}");
            Assert.That((destination.Width, destination.Height, destination.IsWritable, destination.IsEmpty), Is.EqualTo((320, 240, false, false)));
            reused.Add(Code(destination));
        }

        Assert.That(expected, Is.EqualTo(Enumerable.Range(0, count).Select(i => (1000u + (uint)i, 20u + (uint)i, TimeSpan.FromMilliseconds(10 * i)))));
        Assert.That(reused, Is.EqualTo(expected));
        Assert.That(byReuse.TryReadVideoFrame(destination), Is.False, "the queue is drained");
        Assert.That(Code(destination), Is.EqualTo(expected[^1]), "an empty read leaves the destination as it was");
    }

    [Test]
    public async Task AWaitingReadIntoAFrameWakesForTheNextFrame()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        using var destination = new VideoFrame();
        var pending = processor.ReadVideoFrameAsync(destination).AsTask();
        await Task.Delay(50);
        Assert.That(pending.IsCompleted, Is.False, "nothing queued yet");
        using var frame = VideoFrame.CreateI420(64, 48, TimeSpan.Zero);
        TestPattern.Draw(frame, 77, 88);
        generator.Submit(frame);
        Assert.That(await pending.WithTimeout(), Is.True);
        Assert.That(TestPattern.TryRead(destination, out var counter, out var time), Is.True);
        Assert.That((counter, time), Is.EqualTo((77u, 88u)));
    }

    [Test]
    public void ReadsIntoAFrameAllocateNothing()
    {
        const int frames = 100;
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 4);
        using var frame = VideoFrame.CreateI420(64, 64, TimeSpan.Zero);
        using var destination = new VideoFrame();
        var mismatches = 0;

        // One loop on this thread: submit (local sinks queue on the writer's thread), read into the destination,
        // an empty read, the pattern read back. The first rounds warm up (JIT, first-call set-up).
        long allocated = 0;
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0u; i < frames; i++)
            {
                TestPattern.Draw(frame, i, i);
                generator.Submit(frame);
                if (!processor.TryReadVideoFrame(destination) || processor.TryReadVideoFrame(destination) ||
                    !TestPattern.TryRead(destination, out var counter, out _) || counter != i)
                {
                    mismatches++;
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(mismatches, Is.Zero, "every frame read back with its counter");
        Assert.That(allocated, Is.Zero, $"bytes allocated for {frames} submits and reads into one frame");
    }

    [Test]
    public void ReadsIntoAChunkAllocateNothing()
    {
        const int chunks = 100;
        using var generator = new AudioTrackGenerator(Factory, 48000, 2);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 4);
        var pcm = ToneAnalysis.Sine(440, 0.5, 48000, 2, 480);
        using var destination = new AudioData();
        var mismatches = 0;
        long allocated = 0;
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < chunks; i++)
            {
                generator.Write(pcm);
                if (!processor.TryReadAudio(destination) || processor.TryReadAudio(destination) ||
                    destination.NumberOfFrames != 480 || destination.NumberOfChannels != 2 || !destination.Samples.SequenceEqual(pcm))
                {
                    mismatches++;
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(mismatches, Is.Zero, "every chunk read back with its samples");
        Assert.That(allocated, Is.Zero, $"bytes allocated for {chunks} writes and reads into one chunk");
    }

    [Test]
    public async Task WaitingReadsIntoAFrameAllocateNothingInTheSteadyState()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 4);
        using var frame = VideoFrame.CreateI420(64, 64, TimeSpan.Zero);
        using var destination = new VideoFrame();
        await AssertWaitingReadsAllocateNothingAsync(() => generator.Submit(frame), () => processor.ReadVideoFrameAsync(destination), "frame");
    }

    [Test]
    public async Task WaitingReadsIntoAChunkAllocateNothingInTheSteadyState()
    {
        using var generator = new AudioTrackGenerator(Factory, 48000, 2);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 4);
        var pcm = ToneAnalysis.Sine(440, 0.5, 48000, 2, 480);
        using var destination = new AudioData();
        await AssertWaitingReadsAllocateNothingAsync(() => generator.Write(pcm), () => processor.ReadAudioAsync(destination), "chunk");
    }

    [Test]
    public async Task ReadsIntoAChunkDeliverTheToneInOrder()
    {
        using var generator = new AudioTrackGenerator(Factory, 48000, 1);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 100);
        var pcm = ToneAnalysis.Sine(440, 0.5, 48000, 1, 50 * 480);
        generator.Write(pcm);
        using var destination = new AudioData();
        var samples = new List<short>();
        var last = TimeSpan.MinValue;
        for (var i = 0; i < 50; i++)
        {
            Assert.That(await processor.ReadAudioAsync(destination).AsTask().WithTimeout(), Is.True);
            Assert.That((destination.SampleRate, destination.NumberOfChannels, destination.NumberOfFrames), Is.EqualTo((48000, 1, 480)));
            Assert.That(destination.Timestamp, Is.GreaterThanOrEqualTo(last));
            last = destination.Timestamp;
            samples.AddRange(destination.Samples.ToArray());
        }

        Assert.That(samples, Is.EqualTo(pcm), "the samples written, in order");
    }

    [Test]
    public async Task AnEndedTrackOrADisposedProcessorEndsReadsWithFalse()
    {
        var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        using var frame = VideoFrame.CreateI420(160, 120, TimeSpan.Zero); // the pattern needs some size
        TestPattern.Draw(frame, 5, 6);
        generator.Submit(frame);
        using var destination = new VideoFrame();
        generator.Dispose(); // ends the track after the queued frame
        Assert.That(await processor.ReadVideoFrameAsync(destination).AsTask().WithTimeout(), Is.True, "the queued frame first");
        Assert.That(TestPattern.TryRead(destination, out var counter, out _) && counter == 5, Is.True);
        Assert.That(await processor.ReadVideoFrameAsync(destination).AsTask().WithTimeout(), Is.False, "then the end");
        Assert.That(processor.TryReadVideoFrame(destination), Is.False);

        using var audio = new AudioTrackGenerator(Factory);
        var audioProcessor = new MediaStreamTrackProcessor(audio.Track);
        using var chunk = new AudioData();
        var pending = audioProcessor.ReadAudioAsync(chunk).AsTask();
        await Task.Delay(30);
        audioProcessor.Dispose(); // during the wait
        Assert.That(await pending.WithTimeout(), Is.False);
        Assert.That(await audioProcessor.ReadAudioAsync(chunk), Is.False, "after Dispose");
        Assert.That(audioProcessor.TryReadAudio(chunk), Is.False);
        Assert.That(chunk.IsEmpty, Is.True);
    }

    [Test]
    public async Task ACanceledReadIntoAFrameThrowsAndTheNextReadWorks()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        using var destination = new VideoFrame();
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            Assert.That(async () => await processor.ReadVideoFrameAsync(destination, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        }

        using var frame = VideoFrame.CreateI420(32, 32, TimeSpan.Zero);
        generator.Submit(frame);
        Assert.That(await processor.ReadVideoFrameAsync(destination).AsTask().WithTimeout(), Is.True);
    }

    [Test]
    public async Task BadDestinationsThrowClearExceptions()
    {
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        using var videoProcessor = new MediaStreamTrackProcessor(video.Track);
        using var audioProcessor = new MediaStreamTrackProcessor(audio.Track);
        using var frame = new VideoFrame();
        using var data = new AudioData();
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentNullException>(() => videoProcessor.ReadVideoFrameAsync(null!));
            Assert.Throws<ArgumentNullException>(() => videoProcessor.TryReadVideoFrame((VideoFrame)null!));
            Assert.Throws<ArgumentNullException>(() => audioProcessor.ReadAudioAsync((AudioData)null!));
            Assert.Throws<ArgumentNullException>(() => audioProcessor.TryReadAudio((AudioData)null!));
            Assert.Throws<InvalidOperationException>(() => videoProcessor.ReadAudioAsync(data));
            Assert.Throws<InvalidOperationException>(() => videoProcessor.TryReadAudio(data));
            Assert.Throws<InvalidOperationException>(() => audioProcessor.ReadVideoFrameAsync(frame));
            Assert.Throws<InvalidOperationException>(() => audioProcessor.TryReadVideoFrame(frame));
        }

        var disposed = new VideoFrame();
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => videoProcessor.TryReadVideoFrame(disposed));

        // One reader at a time: a second read (or an enumeration) while one waits.
        var pending = videoProcessor.ReadVideoFrameAsync(frame).AsTask();
        using var other = new VideoFrame();
        Assert.Throws<InvalidOperationException>(() => videoProcessor.ReadVideoFrameAsync(other));
        await using (var enumerator = videoProcessor.ReadVideoFramesAsync().GetAsyncEnumerator())
        {
            Assert.That(async () => await enumerator.MoveNextAsync(), Throws.InvalidOperationException);
        }

        using var written = VideoFrame.CreateI420(16, 16, TimeSpan.Zero);
        video.Submit(written);
        Assert.That(await pending.WithTimeout(), Is.True);
    }

    private const int WaitingReads = 200;

    // Per-thread marks of MeasureWaitingReadsAsync (a run number, so that marks of an earlier run are not used).
    [ThreadStatic] private static long t_mark;
    [ThreadStatic] private static int t_markRun;
    private static int s_run;

    /// <summary>Reads that wait (a writer thread writes only after the last item was read and the reader had time to
    /// wait again), as the media benchmark's reader: after a warm-up of as many reads, the bytes each thread allocated
    /// from the end of one loop body to the end of its next body on the same thread. That covers the read's call,
    /// the wait, the event thread's wake-up and its other work, and the resumption; reads resume on whichever event
    /// thread takes the signal.</summary>
    // Each read returned its frame or chunk (<paramref name="what"/>), most of them after waiting for it (the path
    // measured), and the reads allocated nothing after the warm-up.
    private static async Task AssertWaitingReadsAllocateNothingAsync(Action write, Func<ValueTask<bool>> read, string what)
    {
        var (allocated, falseReads, waited) = await MeasureWaitingReadsAsync(write, read);
        Assert.That(falseReads, Is.Zero, $"every read returned a {what}");
        Assert.That(waited, Is.GreaterThan(WaitingReads / 2), $"the reads waited for their {what} (the path measured)");
        Assert.That(allocated, Is.Zero, $"bytes allocated by {WaitingReads} waiting reads into one {what}");
    }

    private static async Task<(long Allocated, int FalseReads, int Waited)> MeasureWaitingReadsAsync(Action write, Func<ValueTask<bool>> read)
    {
        const int warmUp = WaitingReads;
        var run = Interlocked.Increment(ref s_run);
        var consumed = 0;
        var writerError = (Exception?)null;
        var writer = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < warmUp + WaitingReads; i++)
                {
                    if (!SpinWait.SpinUntil(() => Volatile.Read(ref consumed) >= i, Timeouts.Event))
                    {
                        return; // the reader is stuck: its own timeout reports it
                    }

                    Thread.Sleep(1);
                    write();
                }
            }
            catch (Exception e)
            {
                writerError = e;
            }
        }) { IsBackground = true, Name = "waiting reads writer" };
        writer.Start();

        long allocated = 0;
        int falseReads = 0, waited = 0;
        await Task.Run(async () =>
        {
            for (var i = 0; i < warmUp + WaitingReads; i++)
            {
                var pending = read();
                var waits = !pending.IsCompleted;
                var ok = await pending.ConfigureAwait(false);
                var now = GC.GetAllocatedBytesForCurrentThread();
                if (i >= warmUp)
                {
                    if (t_markRun == run)
                    {
                        allocated += now - t_mark;
                    }

                    falseReads += ok ? 0 : 1;
                    waited += waits ? 1 : 0;
                }

                Volatile.Write(ref consumed, i + 1);
                t_mark = GC.GetAllocatedBytesForCurrentThread();
                t_markRun = run;
            }
        }).WithTimeout();
        writer.Join();
        Assert.That(writerError, Is.Null, "the writer");
        return (allocated, falseReads, waited);
    }

    private static (uint Counter, uint Time, TimeSpan Timestamp) Code(VideoFrame frame)
    {
        Assert.That(TestPattern.TryRead(frame, out var counter, out var time), Is.True);
        return (counter, time, frame.Timestamp);
    }
}
