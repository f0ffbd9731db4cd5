using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RtcNative.Tests;

/// <summary>VideoTrackGenerator, VideoFrame and the test pattern, read back through a processor on the same track
/// (no connection).</summary>
public sealed class MediaVideoTests : MediaFixture
{
    private static readonly (byte R, byte G, byte B) Color = (200, 100, 50);

    [Test]
    public async Task TestPatternCountersAreReadBackInOrder()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 16);
        generator.StartTestPattern(320, 240, 30);
        var frames = await ReadAsync(processor.ReadVideoFramesAsync(), 10);
        var now = TestPattern.NowMilliseconds;
        generator.StopTestPattern();
        try
        {
            var counters = new List<uint>();
            foreach (var frame in frames)
            {
                Assert.That(frame.Width, Is.EqualTo(320));
                Assert.That(frame.Height, Is.EqualTo(240));
                Assert.That(TestPattern.TryRead(frame, out var counter, out var timeMs), Is.True, "the pattern's code");
                Assert.That(unchecked(now - timeMs), Is.LessThan(5000u), "capture time on the engine's clock");
                counters.Add(counter);
            }

            Assert.That(counters, Is.Ordered.Ascending);
            Assert.That(counters.Distinct().Count(), Is.EqualTo(counters.Count));
        }
        finally
        {
            DisposeAll(frames);
        }
    }

    [Test]
    public async Task TestPatternReadsFromAManagedLumaCopy()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        generator.StartTestPattern(160, 120, 30);
        using var frame = await ReadOneAsync(processor.ReadVideoFramesAsync());
        generator.StopTestPattern();
        var copy = new byte[frame.GetCopySize(VideoPixelFormat.I420)];
        frame.CopyTo(copy, VideoPixelFormat.I420);
        Assert.That(TestPattern.TryRead(frame, out var counter, out var time), Is.True);
        Assert.That(TestPattern.TryRead(copy.AsSpan(0, 160 * 120), 160, 120, 160, out var copiedCounter, out var copiedTime), Is.True);
        Assert.That((copiedCounter, copiedTime), Is.EqualTo((counter, time)));
        Assert.That(TestPattern.TryRead(new byte[160 * 120], 160, 120, 160, out _, out _), Is.False, "a black plane carries no code");
    }

    [TestCase(VideoPixelFormat.Rgba, 64, 48)]
    [TestCase(VideoPixelFormat.Bgra, 64, 48)]
    [TestCase(VideoPixelFormat.Argb, 64, 48)]
    [TestCase(VideoPixelFormat.Rgba, 33, 17)]
    [TestCase(VideoPixelFormat.Bgra, 1, 1)]
    public async Task PackedPixelsReachTheProcessorWithTheirSizeAndColor(VideoPixelFormat format, int width, int height)
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        var pixels = SolidPacked(format, width, height, stride: width * 4);
        generator.Write(pixels, format, width, height, TimeSpan.FromMilliseconds(5));

        using var frame = await ReadOneAsync(processor.ReadVideoFramesAsync());
        Assert.That((frame.Width, frame.Height), Is.EqualTo((width, height)));
        AssertRgbaColor(frame, Color);
    }

    [Test]
    public async Task PackedPixelsWithAStrideAreRead()
    {
        const int width = 21, height = 9, stride = 100;
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        generator.Write(SolidPacked(VideoPixelFormat.Rgba, width, height, stride), VideoPixelFormat.Rgba, width, height, TimeSpan.Zero, stride);
        using var frame = await ReadOneAsync(processor.ReadVideoFramesAsync());
        Assert.That((frame.Width, frame.Height), Is.EqualTo((width, height)));
        AssertRgbaColor(frame, Color);
    }

    [TestCase(VideoPixelFormat.I420, 64, 48)]
    [TestCase(VideoPixelFormat.NV12, 64, 48)]
    [TestCase(VideoPixelFormat.I420, 33, 17)]
    [TestCase(VideoPixelFormat.NV12, 33, 17)]
    public async Task PlanarPixelsReachTheProcessorUnchanged(VideoPixelFormat format, int width, int height)
    {
        const byte y = 120, u = 90, v = 170;
        int cw = (width + 1) / 2, ch = (height + 1) / 2;
        var pixels = new byte[width * height + 2 * cw * ch];
        pixels.AsSpan(0, width * height).Fill(y);
        if (format == VideoPixelFormat.I420)
        {
            pixels.AsSpan(width * height, cw * ch).Fill(u);
            pixels.AsSpan(width * height + cw * ch).Fill(v);
        }
        else
        {
            for (var i = width * height; i < pixels.Length; i += 2)
            {
                pixels[i] = u;
                pixels[i + 1] = v;
            }
        }

        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        generator.Write(pixels, format, width, height, TimeSpan.FromSeconds(1));
        using var frame = await ReadOneAsync(processor.ReadVideoFramesAsync());

        Assert.That((frame.Width, frame.Height), Is.EqualTo((width, height)));
        Assert.That(frame.Timestamp, Is.EqualTo(TimeSpan.FromSeconds(1)).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(frame.GetCopySize(VideoPixelFormat.I420), Is.EqualTo(width * height + 2 * cw * ch));
        Assert.That(frame.GetCopySize(VideoPixelFormat.NV12), Is.EqualTo(width * height + 2 * cw * ch));
        Assert.That(frame.GetCopySize(VideoPixelFormat.Rgba), Is.EqualTo(width * height * 4));

        var i420 = new byte[frame.GetCopySize(VideoPixelFormat.I420)];
        frame.CopyTo(i420, VideoPixelFormat.I420);
        Assert.That(i420.AsSpan(0, width * height).ToArray(), Is.All.InRange(y - 1, y + 1));
        Assert.That(i420.AsSpan(width * height, cw * ch).ToArray(), Is.All.InRange(u - 1, u + 1));
        Assert.That(i420.AsSpan(width * height + cw * ch).ToArray(), Is.All.InRange(v - 1, v + 1));

        var nv12 = new byte[frame.GetCopySize(VideoPixelFormat.NV12)];
        frame.CopyTo(nv12, VideoPixelFormat.NV12);
        Assert.That(nv12[width * height], Is.InRange(u - 1, u + 1));
        Assert.That(nv12[width * height + 1], Is.InRange(v - 1, v + 1));

        // The frame's own planes.
        var planeY = frame.GetPlane(0);
        Assert.That(PlaneAverage(planeY, frame.GetStride(0), width, height), Is.EqualTo(y).Within(1));
        Assert.That(frame.GetStride(0), Is.GreaterThanOrEqualTo(width));
        Assert.That(frame.GetPlane(0).Length, Is.GreaterThanOrEqualTo(frame.GetStride(0) * (height - 1) + width));
    }

    [Test]
    public async Task WriteI420WithPaddedStridesIsRead()
    {
        const int width = 31, height = 7, strideY = 40, strideC = 24;
        int cw = (width + 1) / 2, ch = (height + 1) / 2;
        var y = Enumerable.Repeat((byte)60, strideY * height).ToArray();
        var u = Enumerable.Repeat((byte)100, strideC * ch).ToArray();
        var v = Enumerable.Repeat((byte)150, strideC * (ch - 1) + cw).ToArray(); // the last row just its width
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        generator.WriteI420(y, strideY, u, strideC, v, strideC, width, height, TimeSpan.Zero);
        using var frame = await ReadOneAsync(processor.ReadVideoFramesAsync());
        Assert.That((frame.Width, frame.Height, frame.Format), Is.EqualTo((width, height, VideoPixelFormat.I420)));
        Assert.That(PlaneAverage(frame.GetPlane(0), frame.GetStride(0), width, height), Is.EqualTo(60).Within(1));
        Assert.That(PlaneAverage(frame.GetPlane(1), frame.GetStride(1), cw, ch), Is.EqualTo(100).Within(1));
        Assert.That(PlaneAverage(frame.GetPlane(2), frame.GetStride(2), cw, ch), Is.EqualTo(150).Within(1));
    }

    [Test]
    public async Task SubmitHandsTheBufferOverWithoutACopy()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        using var frame = VideoFrame.CreateI420(320, 240, TimeSpan.FromMilliseconds(40));
        Assert.That(frame.IsWritable, Is.True);
        TestPattern.Draw(frame, 42, 1234);
        var address = PlaneAddress(frame, 0);

        generator.Submit(frame);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((frame.Width, frame.Height, frame.IsWritable, frame.Format), Is.EqualTo((320, 240, true, VideoPixelFormat.I420)),
                "the frame stays the caller's, writable, the same size");
            Assert.That(frame.Timestamp, Is.EqualTo(TimeSpan.FromMilliseconds(40)));
            Assert.That(PlaneAddress(frame, 0), Is.Not.EqualTo(address), "the frame got another buffer");
        }

        using var received = await ReadOneAsync(processor.ReadVideoFramesAsync());
        Assert.That(TestPattern.TryRead(received, out var counter, out var time), Is.True);
        Assert.That((counter, time), Is.EqualTo((42u, 1234u)));
        Assert.That(PlaneAddress(received, 0), Is.EqualTo(address), "the same native buffer");
        Assert.That(received.Timestamp, Is.EqualTo(TimeSpan.FromMilliseconds(40)));
    }

    [Test]
    public async Task OneFrameSubmittedAgainAndAgainDeliversEachPicture()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 16);
        using var frame = VideoFrame.CreateI420(160, 120, TimeSpan.Zero);
        for (var i = 0u; i < 10; i++)
        {
            frame.Timestamp = TimeSpan.FromMilliseconds(33 * i);
            TestPattern.Draw(frame, 500 + i, 7 + i);
            generator.Submit(frame);
        }

        using var destination = new VideoFrame();
        for (var i = 0u; i < 10; i++)
        {
            Assert.That(await processor.ReadVideoFrameAsync(destination), Is.True);
            Assert.That(TestPattern.TryRead(destination, out var counter, out var time), Is.True, $"frame {i}");
            Assert.That((counter, time, destination.Timestamp), Is.EqualTo((500 + i, 7 + i, TimeSpan.FromMilliseconds(33 * i))));
        }

        Assert.That(processor.TryReadVideoFrame(destination), Is.False, "ten submitted, ten read");
    }

    [Test]
    public async Task WriteCopiesAndLeavesTheFrameToTheCaller()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 4);
        using var frame = VideoFrame.CreateI420(64, 64, TimeSpan.Zero);
        TestPattern.Draw(frame, 1, 10);
        generator.Write(frame);
        TestPattern.Draw(frame, 2, 20); // still the caller's and writable
        frame.Timestamp = TimeSpan.FromMilliseconds(33);
        generator.Write(frame);

        var received = await ReadAsync(processor.ReadVideoFramesAsync(), 2);
        try
        {
            Assert.That(TestPattern.TryRead(received[0], out var first, out _), Is.True);
            Assert.That(TestPattern.TryRead(received[1], out var second, out _), Is.True);
            Assert.That((first, second), Is.EqualTo((1u, 2u)));
            Assert.That(PlaneAddress(received[0], 0), Is.Not.EqualTo(PlaneAddress(frame, 0)));
            Assert.That(received[1].Timestamp, Is.EqualTo(TimeSpan.FromMilliseconds(33)));
        }
        finally
        {
            DisposeAll(received);
        }
    }

    [Test]
    public void CreateI420HasBlackPlanesOfTheRightSize()
    {
        using var frame = VideoFrame.CreateI420(33, 17, TimeSpan.Zero);
        Assert.That((frame.Width, frame.Height, frame.Format, frame.PlaneCount), Is.EqualTo((33, 17, VideoPixelFormat.I420, 3)));
        Assert.That(frame.GetStride(0), Is.GreaterThanOrEqualTo(33));
        Assert.That(frame.GetStride(1), Is.GreaterThanOrEqualTo(17));
        Assert.That(frame.GetPlane(1).Length, Is.GreaterThanOrEqualTo(frame.GetStride(1) * 8 + 17));
        Assert.That(frame.GetPlane(0)[0], Is.EqualTo(0).Or.EqualTo(16), "black luma");
        Assert.That(frame.GetPlane(1)[0], Is.EqualTo(128), "neutral chroma");
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.GetPlane(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.GetStride(-1));
        Assert.Throws<ArgumentException>(() => frame.CopyTo(new byte[10], VideoPixelFormat.Rgba));
    }

    [TestCase(0, 10)]
    [TestCase(10, 0)]
    [TestCase(-1, 10)]
    [TestCase(8193, 10)]
    [TestCase(10, 8193)]
    public void CreateI420RefusesBadSizes(int width, int height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VideoFrame.CreateI420(width, height, TimeSpan.Zero));

    [Test]
    public void CreateI420RefusesNegativeTimestamps() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VideoFrame.CreateI420(2, 2, TimeSpan.FromTicks(-10)));

    [Test]
    public async Task BadInputThrowsArgumentExceptionsAndTheGeneratorKeepsWorking()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 8);
        var rgba = SolidPacked(VideoPixelFormat.Rgba, 16, 16, 64);
        var i420 = new byte[16 * 16 * 3 / 2];

        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentException>(() => generator.Write(rgba.AsSpan(0, rgba.Length - 1), VideoPixelFormat.Rgba, 16, 16, TimeSpan.Zero), "pixels too short");
            Assert.Throws<ArgumentException>(() => generator.Write(rgba, VideoPixelFormat.Rgba, 16, 16, TimeSpan.Zero, stride: 60), "stride below a row");
            Assert.Throws<ArgumentException>(() => generator.Write(i420.AsSpan(0, i420.Length - 1), VideoPixelFormat.I420, 16, 16, TimeSpan.Zero));
            Assert.Throws<ArgumentException>(() => generator.Write(i420, VideoPixelFormat.NV12, 16, 17, TimeSpan.Zero));
            Assert.Throws<ArgumentException>(() => generator.Write([], VideoPixelFormat.Rgba, 16, 16, TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.Write(rgba, VideoPixelFormat.Rgba, 0, 16, TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.Write(rgba, VideoPixelFormat.Rgba, 16, 9000, TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.Write(rgba, VideoPixelFormat.Rgba, 16, 16, TimeSpan.FromMilliseconds(-1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.Write(rgba, (VideoPixelFormat)77, 16, 16, TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.Write(i420, VideoPixelFormat.I420, 16, 16, TimeSpan.Zero, stride: 32));
            // Wrong plane sizes: checked by the native side (RTCN_ERROR_INVALID_ARGUMENT -> ArgumentException).
            Assert.Throws<ArgumentException>(() => generator.WriteI420(new byte[16 * 15], 16, new byte[64], 8, new byte[64], 8, 16, 16, TimeSpan.Zero), "Y too short");
            Assert.Throws<ArgumentException>(() => generator.WriteI420(new byte[256], 16, new byte[63], 8, new byte[64], 8, 16, 16, TimeSpan.Zero), "U too short");
            Assert.Throws<ArgumentException>(() => generator.WriteI420(new byte[256], 16, new byte[64], 8, new byte[0], 8, 16, 16, TimeSpan.Zero), "V empty");
            Assert.Throws<ArgumentException>(() => generator.WriteI420(new byte[256], 15, new byte[64], 8, new byte[64], 8, 16, 16, TimeSpan.Zero), "stride below the width");
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.WriteI420(new byte[256], 16, new byte[64], 8, new byte[64], 8, 16, 16, TimeSpan.FromTicks(-1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTestPattern(0, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTestPattern(10, 10, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTestPattern(10, 10, 121));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTestPattern(10, 10, double.NaN));
        }

        Assert.That(processor.TryReadVideoFrame(out _), Is.False, "nothing was delivered");
        generator.Write(rgba, VideoPixelFormat.Rgba, 16, 16, TimeSpan.Zero);
        using var frame = await ReadOneAsync(processor.ReadVideoFramesAsync());
        AssertRgbaColor(frame, Color);
    }

    [TestCase(1, 1)]
    [TestCase(3, 5)]
    [TestCase(641, 481)]
    [TestCase(8192, 2)]
    public async Task OddAndExtremeSizesWork(int width, int height)
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        using var frame = VideoFrame.CreateI420(width, height, TimeSpan.Zero);
        frame.GetPlane(0).Fill(200);
        generator.Submit(frame);
        generator.Write(SolidPacked(VideoPixelFormat.Bgra, width, height, width * 4), VideoPixelFormat.Bgra, width, height, TimeSpan.Zero);

        var received = await ReadAsync(processor.ReadVideoFramesAsync(), 2);
        try
        {
            Assert.That(received.Select(f => (f.Width, f.Height)), Is.All.EqualTo((width, height)));
            Assert.That(received[0].GetPlane(0)[0], Is.EqualTo(200));
            AssertRgbaColor(received[1], Color);
        }
        finally
        {
            DisposeAll(received);
        }
    }

    [Test]
    public void AFrameUsedAfterDisposeThrowsObjectDisposedException()
    {
        using var generator = new VideoTrackGenerator(Factory);
        var frame = VideoFrame.CreateI420(8, 8, TimeSpan.Zero);
        frame.Dispose();

        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ObjectDisposedException>(() => frame.Dispose(), "a second Dispose throws");
            Assert.Throws<ObjectDisposedException>(() => _ = frame.Width);
            Assert.Throws<ObjectDisposedException>(() => _ = frame.IsEmpty);
            Assert.Throws<ObjectDisposedException>(() => _ = frame.Timestamp);
            Assert.Throws<ObjectDisposedException>(() => frame.Timestamp = TimeSpan.Zero);
            Assert.Throws<ObjectDisposedException>(() => frame.GetPlane(0));
            Assert.Throws<ObjectDisposedException>(() => frame.GetStride(0));
            Assert.Throws<ObjectDisposedException>(() => frame.CopyTo(new byte[256], VideoPixelFormat.Rgba));
            Assert.Throws<ObjectDisposedException>(() => frame.GetCopySize(VideoPixelFormat.Rgba));
            Assert.Throws<ObjectDisposedException>(() => generator.Write(frame));
            Assert.Throws<ObjectDisposedException>(() => generator.Submit(frame));
            Assert.Throws<ObjectDisposedException>(() => TestPattern.Draw(frame, 1, 1));
            Assert.Throws<ObjectDisposedException>(() => TestPattern.TryRead(frame, out _, out _));
        }
    }

    [Test]
    public void ADisposedGeneratorThrowsAndEndsItsTrack()
    {
        var generator = new VideoTrackGenerator(Factory);
        var track = generator.Track;
        using var clone = track.Clone();
        using var frame = VideoFrame.CreateI420(8, 8, TimeSpan.Zero);
        generator.Dispose();
        generator.Dispose();

        Assert.Throws<ObjectDisposedException>(() => generator.Write(frame));
        Assert.Throws<ObjectDisposedException>(() => generator.Write(new byte[256], VideoPixelFormat.Rgba, 8, 8, TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => generator.StartTestPattern());
        Assert.Throws<ObjectDisposedException>(() => _ = track.ReadyState, "the generator disposes its track");
        Assert.That(clone.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended), "the source ended");
        using var submitted = VideoFrame.CreateI420(8, 8, TimeSpan.Zero);
        var address = PlaneAddress(submitted, 0);
        Assert.Throws<ObjectDisposedException>(() => generator.Submit(submitted));
        Assert.That((submitted.Width, PlaneAddress(submitted, 0)), Is.EqualTo((8, address)), "a failed Submit leaves the frame as it was");
    }

    [Test]
    public void ADisposedFactoryThrowsObjectDisposedException()
    {
        var factory = TestFactory.CreateLoopback();
        factory.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _ = new VideoTrackGenerator(factory));
        Assert.Throws<ObjectDisposedException>(() => _ = new AudioTrackGenerator(factory));
    }

    [Test]
    public async Task ADisabledTrackDeliversBlackFrames()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        generator.Track.Enabled = false;
        Assert.That(generator.Track.Enabled, Is.False);
        var bright = new byte[64 * 48 * 3 / 2];
        bright.AsSpan().Fill(200);
        generator.Write(bright, VideoPixelFormat.I420, 64, 48, TimeSpan.Zero);

        using (var frame = await ReadOneAsync(processor.ReadVideoFramesAsync()))
        {
            Assert.That(PlaneAverage(frame.GetPlane(0), frame.GetStride(0), frame.Width, frame.Height), Is.LessThanOrEqualTo(16.5));
        }

        generator.Track.Enabled = true;
        generator.Write(bright, VideoPixelFormat.I420, 64, 48, TimeSpan.Zero);
        using (var frame = await ReadOneAsync(processor.ReadVideoFramesAsync()))
        {
            Assert.That(PlaneAverage(frame.GetPlane(0), frame.GetStride(0), frame.Width, frame.Height), Is.EqualTo(200).Within(1));
        }
    }

    [Test]
    public async Task SettingsReportTheFrameSize()
    {
        using var generator = new VideoTrackGenerator(Factory);
        using var processor = new MediaStreamTrackProcessor(generator.Track);
        generator.Write(new byte[40 * 30 * 4], VideoPixelFormat.Rgba, 40, 30, TimeSpan.Zero);
        (await ReadOneAsync(processor.ReadVideoFramesAsync())).Dispose();
        var settings = generator.Track.GetSettings();
        Assert.That((settings.Width, settings.Height), Is.EqualTo(((int?)40, (int?)30)));
        Assert.That(settings.SampleRate, Is.Null);
        Assert.That(settings.ChannelCount, Is.Null);
    }

    private static unsafe nint PlaneAddress(VideoFrame frame, int index) =>
        (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(frame.GetPlane(index)));

    private static byte[] SolidPacked(VideoPixelFormat format, int width, int height, int stride)
    {
        var (r, g, b) = Color;
        byte[] pixel = format switch
        {
            VideoPixelFormat.Rgba => [r, g, b, 255],
            VideoPixelFormat.Bgra => [b, g, r, 255],
            VideoPixelFormat.Argb => [255, r, g, b],
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var pixels = new byte[stride * (height - 1) + width * 4];
        for (var row = 0; row < height; row++)
        {
            for (var x = 0; x < width; x++)
            {
                pixel.CopyTo(pixels, row * stride + x * 4);
            }
        }

        return pixels;
    }

    private static void AssertRgbaColor(VideoFrame frame, (byte R, byte G, byte B) expected)
    {
        var rgba = new byte[frame.GetCopySize(VideoPixelFormat.Rgba)];
        frame.CopyTo(rgba, VideoPixelFormat.Rgba);
        double r = 0, g = 0, b = 0, a = 0;
        var count = rgba.Length / 4;
        for (var i = 0; i < rgba.Length; i += 4)
        {
            r += rgba[i];
            g += rgba[i + 1];
            b += rgba[i + 2];
            a += rgba[i + 3];
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(r / count, Is.EqualTo(expected.R).Within(8), "R");
            Assert.That(g / count, Is.EqualTo(expected.G).Within(8), "G");
            Assert.That(b / count, Is.EqualTo(expected.B).Within(8), "B");
            Assert.That(a / count, Is.EqualTo(255).Within(1), "A");
        }

        var bgra = new byte[rgba.Length];
        frame.CopyTo(bgra, VideoPixelFormat.Bgra);
        Assert.That((bgra[0], bgra[1], bgra[2]), Is.EqualTo((rgba[2], rgba[1], rgba[0])), "BGRA is RGBA's byte order reversed");
    }
}
