namespace RtcNative.Tests;

/// <summary>
/// MediaDevices.GetDisplayMediaAsync over a private Xvfb: windows of solid color blocks are drawn on it, captured
/// (the whole screen, or one window by id or title), sent over a loopback call, and their colors checked where they
/// arrive: at the remote peer's processor. Also the ends: a closed window ends the track, stopping the last track
/// stops the capture, and no display gives NotReadableError.
/// </summary>
[NonParallelizable]
public sealed class DisplayCaptureTests : MediaFixture
{
    private const uint Red = 0xFF0000, Green = 0x00FF00, Blue = 0x0000FF, White = 0xFFFFFF, Yellow = 0xFFFF00, Magenta = 0xFF00FF;

    // VP8 and the I420 round trip shift solid colors a little; a wrong block is off by far more.
    private const int Tolerance = 48;

    private XvfbServer _xvfb = null!;

    [OneTimeSetUp]
    public async Task StartXvfb() => _xvfb = await XvfbServer.StartAsync(640, 480);

    [OneTimeTearDown]
    public void StopXvfb() => _xvfb?.Dispose();

    [Test]
    public async Task TheScreenArrivesAtTheRemotePeerAndFollowsARedraw()
    {
        // Four blocks filling the 640x480 screen: top left red, top right green, bottom left blue, bottom right white.
        using var window = X11Window.Open(_xvfb.Display, 0, 0, 640, 480, "quadrants", 0);
        var topLeft = window.AddBlock(0, 0, 320, 240, Red);
        window.AddBlock(320, 0, 320, 240, Green);
        window.AddBlock(0, 240, 320, 240, Blue);
        window.AddBlock(320, 240, 320, 240, White);

        var stream = await Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions
        {
            Display = _xvfb.Display,
            FrameRate = 15,
        }).WithTimeout();
        var track = stream.GetVideoTracks().Single();
        try
        {
            Assert.That(track.Kind, Is.EqualTo("video"));
            Assert.That(track.ReadyState, Is.EqualTo(MediaStreamTrackState.Live));
            Assert.That(track.Label, Is.EqualTo("screen:0:0"), "Chrome's label for a screen");

            using var call = new MediaCall(Factory);
            await SendKeepingResolutionAsync(call, track, stream);
            var remote = call.CalleeTracks.Single().Track;

            var expected = new[] { Red, Green, Blue, White };
            var seen = await ReadUntilAsync(remote, rgba => Quadrants(rgba).SequenceEqual(expected, ColorComparer.Instance));
            Assert.That(seen.Matched, Is.True, $"the quadrants at the remote peer; last seen {seen.Last}");
            Assert.That((seen.Width, seen.Height), Is.EqualTo((640, 480)), "the screen's size");

            // A live capture, not one picture: the redraw arrives too.
            window.SetBlockColor(topLeft, Yellow);
            expected[0] = Yellow;
            seen = await ReadUntilAsync(remote, rgba => Quadrants(rgba).SequenceEqual(expected, ColorComparer.Instance));
            Assert.That(seen.Matched, Is.True, $"the redrawn quadrant at the remote peer; last seen {seen.Last}");

            var settings = track.GetSettings();
            Assert.That((settings.Width, settings.Height), Is.EqualTo((640, 480)));
        }
        finally
        {
            track.Stop();
            track.Dispose();
        }
    }

    [Test]
    public async Task AWindowByIdArrivesAtTheRemotePeerAloneAtItsSize()
    {
        // The screen around it is another color: a frame of the window's size in its colors is the window alone.
        using var backdrop = X11Window.Open(_xvfb.Display, 0, 0, 640, 480, "backdrop", Magenta);
        using var window = X11Window.Open(_xvfb.Display, 100, 80, 320, 240, "two blocks", 0);
        window.AddBlock(0, 0, 160, 240, Blue);
        window.AddBlock(160, 0, 160, 240, Green);

        var stream = await Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions
        {
            Display = _xvfb.Display,
            DisplaySurface = "window",
            WindowId = window.Id,
        }).WithTimeout();
        var track = stream.GetVideoTracks().Single();
        try
        {
            using var call = new MediaCall(Factory);
            await SendKeepingResolutionAsync(call, track, stream);
            var seen = await ReadUntilAsync(call.CalleeTracks.Single().Track, rgba =>
                ColorComparer.Instance.Equals(rgba.At(0.25, 0.5), Blue) && ColorComparer.Instance.Equals(rgba.At(0.75, 0.5), Green));
            Assert.That(seen.Matched, Is.True, $"the window's halves at the remote peer; last seen {seen.Last}");
            Assert.That((seen.Width, seen.Height), Is.EqualTo((320, 240)), "the window's size, not the screen's");
        }
        finally
        {
            track.Stop();
            track.Dispose();
        }
    }

    [Test]
    public async Task AWindowIsFoundByItsTitle()
    {
        using var other = X11Window.Open(_xvfb.Display, 0, 0, 200, 200, "some other window", Red);
        using var window = X11Window.Open(_xvfb.Display, 300, 200, 160, 120, "RtcNative capture target", Blue);

        var stream = await Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions
        {
            Display = _xvfb.Display,
            DisplaySurface = "window",
            WindowTitle = "capture target",
        }).WithTimeout();
        var track = stream.GetVideoTracks().Single();
        try
        {
            Assert.That(track.Label, Is.EqualTo($"window:{window.Id}:0"), "Chrome's label for a window (not its title)");
            var seen = await ReadUntilAsync(track, rgba => ColorComparer.Instance.Equals(rgba.At(0.5, 0.5), Blue));
            Assert.That(seen.Matched, Is.True, $"the titled window's color; last seen {seen.Last}");
            Assert.That((seen.Width, seen.Height), Is.EqualTo((160, 120)));
        }
        finally
        {
            track.Stop();
            track.Dispose();
        }
    }

    [Test]
    public async Task ClosingTheCapturedWindowEndsTheTrack()
    {
        using var window = X11Window.Open(_xvfb.Display, 10, 10, 200, 150, "closing", Green);
        var stream = await Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions
        {
            Display = _xvfb.Display,
            DisplaySurface = "window",
            WindowId = window.Id,
        }).WithTimeout();
        var track = stream.GetVideoTracks().Single();
        var clone = track.Clone();
        var stoppedClone = track.Clone();
        try
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            track.Ended += (_, _) => ended.TrySetResult();
            var cloneEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            clone.Ended += (_, _) => cloneEnded.TrySetResult();
            var stoppedEvents = 0;
            stoppedClone.Ended += (_, _) => Interlocked.Increment(ref stoppedEvents);
            stoppedClone.Stop();
            var source = MediaDevices.DisplaySourceOf(track)!;
            Assert.That(await Timeouts.PollAsync(() => source.FrameCount > 2), Is.True, "frames are captured");

            window.Destroy();

            await ended.Task.WithTimeout();
            await cloneEnded.Task.WithTimeout();
            Assert.That(track.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
            Assert.That(clone.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended), "the clone ends with the window too");
            Assert.That(stoppedEvents, Is.Zero, "a stopped clone raises no ended event");
            Assert.That(source.CaptureEnded, Is.True, "the source was released with its end");
            Assert.That(stream.Active, Is.False);
        }
        finally
        {
            track.Dispose();
            clone.Dispose();
            stoppedClone.Dispose();
        }
    }

    [Test]
    public async Task CaptureRunsAtTheFrameRateAndStopsWithTheLastTrack()
    {
        using var window = X11Window.Open(_xvfb.Display, 0, 0, 640, 480, "rate", White);
        var stream = await Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions
        {
            Display = _xvfb.Display,
            FrameRate = 10,
        }).WithTimeout();
        var track = stream.GetVideoTracks().Single();
        var clone = track.Clone();
        try
        {
            var ended = 0;
            track.Ended += (_, _) => Interlocked.Increment(ref ended);
            var source = MediaDevices.DisplaySourceOf(track)!;
            var first = source.FrameCount!.Value;
            await Task.Delay(TimeSpan.FromSeconds(2));
            var second = source.FrameCount!.Value;
            Assert.That(second - first, Is.InRange(12UL, 26UL), "about 10 frames per second over 2 s");

            // One of two tracks stopped: the capture goes on for the clone.
            track.Stop();
            await Task.Delay(300);
            Assert.That(source.CaptureEnded, Is.False, "a live clone keeps the capture");
            var afterStop = source.FrameCount!.Value;
            Assert.That(await Timeouts.PollAsync(() => source.FrameCount > afterStop + 2), Is.True, "frames after the first stop");

            // The last one: the source ends and is released (capture thread joined, X connection closed).
            clone.Stop();
            Assert.That(await Timeouts.PollAsync(() => source.CaptureEnded), Is.True, "the capture ended with the last track");
            Assert.That(Volatile.Read(ref ended), Is.Zero, "Stop() raises no Ended");
        }
        finally
        {
            clone.Dispose();
            track.Dispose();
        }
    }

    [Test]
    public async Task TheXServerGoingAwayEndsTheTrackAndNotTheProcess()
    {
        // A server of its own: this one is killed under a running capture.
        var server = await XvfbServer.StartAsync(320, 240);
        try
        {
            using (var window = X11Window.Open(server.Display, 0, 0, 320, 240, "doomed", Red))
            {
                var stream = await Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions { Display = server.Display }).WithTimeout();
                var track = stream.GetVideoTracks().Single();
                try
                {
                    var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    track.Ended += (_, _) => ended.TrySetResult();
                    var source = MediaDevices.DisplaySourceOf(track)!;
                    Assert.That(await Timeouts.PollAsync(() => source.FrameCount > 2), Is.True, "frames are captured");

                    // The test's own connection goes first (Xlib would exit this process over it), the capture's stays.
                    window.Dispose();
                    server.Dispose();

                    await ended.Task.WithTimeout();
                    Assert.That(track.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
                    Assert.That(await Timeouts.PollAsync(() => source.CaptureEnded), Is.True);
                }
                finally
                {
                    track.Dispose();
                }
            }
        }
        finally
        {
            server.Dispose();
        }
    }

    [Test]
    public async Task ACaptureEndingAfterItsXServerWentAwayDoesNotExitTheProcess()
    {
        // At 1 frame per second the stopped capture ends (and closes its X connection) well after the server is
        // killed: closing then meets a dead connection, whose default Xlib handling is exit().
        var server = await XvfbServer.StartAsync(320, 240);
        try
        {
            DisplayCaptureSource source;
            var stream = await Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions { Display = server.Display, FrameRate = 1 }).WithTimeout();
            using (var track = stream.GetVideoTracks().Single())
            {
                source = MediaDevices.DisplaySourceOf(track)!;
                track.Stop();
                server.Dispose();
            }

            Assert.That(await Timeouts.PollAsync(() => source.CaptureEnded), Is.True, "the capture ended");
        }
        finally
        {
            server.Dispose();
        }
    }

    [Test]
    public async Task ADisplayThatCannotBeOpenedGivesNotReadableError()
    {
        // Display numbers above this server's run of tries, with no server: the connection is refused at once.
        var display = ":" + (_xvfb.Number + 500);
        var error = await Assert.ThrowsAsync<RTCException>(() =>
            Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions { Display = display }).WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("NotReadableError"));
        Assert.That(error.Message, Does.Contain("cannot open the X display").And.Contain(display));
    }

    [Test]
    public async Task NoDisplayAtAllGivesNotReadableError()
    {
        // The native environment is the process's own (.NET's SetEnvironmentVariable does not reach getenv).
        Assume.That(Environment.GetEnvironmentVariable("DISPLAY"), Is.Null.Or.Empty, "this process runs with a DISPLAY");
        var error = await Assert.ThrowsAsync<RTCException>(() => Factory.MediaDevices.GetDisplayMediaAsync().WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("NotReadableError"));
        Assert.That(error.Message, Does.Contain("DISPLAY is not set"));
    }

    [Test]
    public async Task AWindowThatDoesNotExistGivesNotReadableError()
    {
        using var window = X11Window.Open(_xvfb.Display, 0, 0, 100, 100, "present", Red);
        var byTitle = await Assert.ThrowsAsync<RTCException>(() => Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions
        {
            Display = _xvfb.Display,
            DisplaySurface = "window",
            WindowTitle = "no window has this title",
        }).WithTimeout());
        Assert.That(byTitle!.ErrorName, Is.EqualTo("NotReadableError"));
        Assert.That(byTitle.Message, Does.Contain("no top-level window titled"));

        window.Destroy();
        var byId = await Assert.ThrowsAsync<RTCException>(() => Factory.MediaDevices.GetDisplayMediaAsync(new DisplayMediaStreamOptions
        {
            Display = _xvfb.Display,
            DisplaySurface = "window",
            WindowId = window.Id,
        }).WithTimeout());
        Assert.That(byId!.ErrorName, Is.EqualTo("NotReadableError"));
        Assert.That(byId.Message, Does.Contain(window.Id.ToString()));
    }

    [Test]
    public void BadOptionsAreUsageErrorsThrownSynchronously()
    {
        var devices = Factory.MediaDevices;
        Assert.Throws<ArgumentException>(() => _ = devices.GetDisplayMediaAsync(new DisplayMediaStreamOptions { DisplaySurface = "browser" }));
        Assert.Throws<ArgumentException>(() => _ = devices.GetDisplayMediaAsync(new DisplayMediaStreamOptions { DisplaySurface = "window" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = devices.GetDisplayMediaAsync(new DisplayMediaStreamOptions { FrameRate = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = devices.GetDisplayMediaAsync(new DisplayMediaStreamOptions { FrameRate = 500 }));
    }

    /// <summary>Sends <paramref name="track"/> and connects; the sender keeps the captured size (by default it
    /// starts lower and adapts up with the bandwidth estimate, and the size is what these tests check).</summary>
    private static async Task SendKeepingResolutionAsync(MediaCall call, MediaStreamTrack track, MediaStream stream)
    {
        var sender = call.Caller.AddTrack(track, stream);
        var parameters = sender.GetParameters();
        parameters.DegradationPreference = RTCDegradationPreference.MaintainResolution;
        await sender.SetParametersAsync(parameters).WithTimeout();
        await call.ConnectAsync();
    }

    /// <summary>Reads frames of <paramref name="track"/> (bounded) until one matches; returns what was seen last.</summary>
    private static async Task<(bool Matched, int Width, int Height, string Last)> ReadUntilAsync(MediaStreamTrack track, Func<Rgba, bool> match)
    {
        using var processor = new MediaStreamTrackProcessor(track, maxBufferSize: 4);
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var last = "nothing";
        var buffer = Array.Empty<byte>();
        try
        {
            await foreach (var frame in processor.ReadVideoFramesAsync(timeout.Token))
            {
                using (frame)
                {
                    var size = frame.GetCopySize(VideoPixelFormat.Rgba);
                    if (buffer.Length != size)
                    {
                        buffer = new byte[size];
                    }

                    frame.CopyTo(buffer, VideoPixelFormat.Rgba);
                    var rgba = new Rgba(buffer, frame.Width, frame.Height);
                    last = rgba.ToString();
                    if (match(rgba))
                    {
                        return (true, frame.Width, frame.Height, last);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }

        return (false, 0, 0, last);
    }

    // The colors at the centers of the four quadrants: top left, top right, bottom left, bottom right.
    private static uint[] Quadrants(Rgba rgba) => [rgba.At(0.25, 0.25), rgba.At(0.75, 0.25), rgba.At(0.25, 0.75), rgba.At(0.75, 0.75)];

    /// <summary>A tightly packed RGBA picture.</summary>
    private sealed record Rgba(byte[] Pixels, int Width, int Height)
    {
        /// <summary>The mean color (0xRRGGBB) of a 9x9 patch around a point given as fractions of the size.</summary>
        public uint At(double fx, double fy)
        {
            int cx = (int)(fx * Width), cy = (int)(fy * Height);
            long r = 0, g = 0, b = 0, n = 0;
            for (var y = Math.Max(0, cy - 4); y <= Math.Min(Height - 1, cy + 4); y++)
            {
                for (var x = Math.Max(0, cx - 4); x <= Math.Min(Width - 1, cx + 4); x++)
                {
                    var i = ((y * Width) + x) * 4;
                    r += Pixels[i];
                    g += Pixels[i + 1];
                    b += Pixels[i + 2];
                    n++;
                }
            }

            return ((uint)(r / n) << 16) | ((uint)(g / n) << 8) | (uint)(b / n);
        }

        public override string ToString() =>
            $"{Width}x{Height} quadrants {string.Join(' ', Quadrants(this).Select(c => c.ToString("X6")))}";
    }

    /// <summary>Colors equal within <see cref="Tolerance"/> per channel.</summary>
    private sealed class ColorComparer : IEqualityComparer<uint>
    {
        public static readonly ColorComparer Instance = new();

        public bool Equals(uint a, uint b) =>
            Math.Abs((int)((a >> 16) & 0xFF) - (int)((b >> 16) & 0xFF)) <= Tolerance
            && Math.Abs((int)((a >> 8) & 0xFF) - (int)((b >> 8) & 0xFF)) <= Tolerance
            && Math.Abs((int)(a & 0xFF) - (int)(b & 0xFF)) <= Tolerance;

        public int GetHashCode(uint color) => 0;
    }
}
