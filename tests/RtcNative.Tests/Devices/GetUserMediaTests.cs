using RtcNative.Interop;

namespace RtcNative.Tests.Devices;

/// <summary>
/// getUserMedia, the camera list, getSupportedConstraints, and the constrainable members of non-device tracks. This
/// machine has no camera (no /dev/video*): video gives NotFoundError here, as a browser does without devices
/// (microphones: Devices/MicrophoneTests, with a private sound server). Camera lists are injected where a test needs cameras that cannot be opened.
/// </summary>
public sealed class GetUserMediaTests : MediaFixture
{
    private static bool HasVideoNodes => Directory.Exists("/dev") && Directory.GetFiles("/dev", "video*").Length > 0;

    private static CameraDevice FakeCamera(string id = "usb-0000:00:14.0-9") => CameraDevice.Create(id, "Fake Webcam",
        [new CameraMode(1920, 1080, 30), new CameraMode(1280, 720, 60), new CameraMode(640, 480, 30), new CameraMode(640, 480, 30)]);

    [Test]
    public void TheCameraListIsEmptyWithoutVideoNodes()
    {
        Assume.That(HasVideoNodes, Is.False, "this machine has /dev/video nodes");
        Assert.That(CameraEnumerator.Enumerate(), Is.Empty);
        Assert.That(Factory.MediaDevices.CameraProvider(), Is.Empty);
    }

    [Test]
    public async Task VideoWithoutACameraIsNotFoundError()
    {
        Assume.That(HasVideoNodes, Is.False, "this machine has /dev/video nodes");
        var error = await FaultOf(Factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Video = true }));
        Assert.That(error, Is.TypeOf<RTCException>());
        Assert.That(((RTCException)error).ErrorName, Is.EqualTo("NotFoundError"));
        // Required constraints do not change that: there is nothing to select from.
        error = await FaultOf(Factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints
        {
            Video = new MediaTrackConstraints { Width = new ConstrainULong { Exact = 640 } },
        }));
        Assert.That(((RTCException)error).ErrorName, Is.EqualTo("NotFoundError"));
    }

    [Test]
    public async Task AudioWithoutAnAudioProviderIsNotFoundError()
    {
        using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { AudioDevice = AudioDeviceKind.Headless });
        factory.MediaDevices.AudioCaptureProvider = null;
        var error = await FaultOf(factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Audio = true }));
        Assert.That(((RTCException)error).ErrorName, Is.EqualTo("NotFoundError"));
    }

    [Test]
    public void NothingRequestedIsATypeErrorThrownSynchronously()
    {
        Assert.Throws<ArgumentException>(() => Factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints()));
        Assert.Throws<ArgumentException>(() => Factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Audio = false, Video = false }));
        Assert.Throws<ArgumentNullException>(() => Factory.MediaDevices.GetUserMediaAsync(null!));
    }

    [Test]
    public async Task TheAudioSeamGetsTheConstraintsAndItsTrackIsReturned()
    {
        using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { AudioDevice = AudioDeviceKind.Headless });
        using var generator = new AudioTrackGenerator(factory, 16000, 1);
        MediaTrackConstraints? seen = null;
        factory.MediaDevices.AudioCaptureProvider = (constraints, _) =>
        {
            seen = constraints;
            return Task.FromResult(generator.Track);
        };
        var asked = new MediaTrackConstraints { EchoCancellation = false };
        var stream = await factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Audio = asked });
        Assert.That(seen, Is.SameAs(asked));
        Assert.That(stream.GetTracks(), Is.EqualTo(new[] { generator.Track }));
    }

    [Test]
    public async Task AnOverconstrainedCameraNamesTheConstraintAndOpensNothing()
    {
        using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { AudioDevice = AudioDeviceKind.Headless });
        factory.MediaDevices.CameraProvider = () => [FakeCamera()];
        var audioOpened = false;
        factory.MediaDevices.AudioCaptureProvider = (_, _) =>
        {
            audioOpened = true;
            throw new InvalidOperationException("the microphone must not be opened");
        };

        var error = await FaultOf(factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints
        {
            Audio = true,
            Video = new MediaTrackConstraints { Width = new ConstrainULong { Exact = 4000 } },
        }));
        Assert.That(error, Is.TypeOf<OverconstrainedError>());
        Assert.That(((OverconstrainedError)error).Constraint, Is.EqualTo("width"));
        Assert.That(((OverconstrainedError)error).ErrorName, Is.EqualTo("OverconstrainedError"));
        Assert.That(audioOpened, Is.False);

        error = await FaultOf(factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints
        {
            Video = new MediaTrackConstraints { DeviceId = ConstrainDOMString.ExactlyOneOf("another camera") },
        }));
        Assert.That(((OverconstrainedError)error).Constraint, Is.EqualTo("deviceId"));
    }

    [Test]
    public async Task ACameraThatCannotBeOpenedIsNotReadableError()
    {
        using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { AudioDevice = AudioDeviceKind.Headless });
        // Listed, but libwebrtc finds no such device when opening it (as when it is unplugged in between).
        factory.MediaDevices.CameraProvider = () => [FakeCamera("no such bus")];
        var sources = NativeRuntime.LiveObjectCount(RtcnObjectKind.MediaSource);
        var error = await FaultOf(factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Video = true }));
        Assert.That(((RTCException)error).ErrorName, Is.EqualTo("NotReadableError"));
        Assert.That(error.Message, Does.Contain("Fake Webcam"));
        Assert.That(NativeRuntime.LiveObjectCount(RtcnObjectKind.MediaSource), Is.EqualTo(sources), "no source left behind");

        // Listed without any mode (V4L2 could not query it): nothing can be opened, whatever the constraints.
        factory.MediaDevices.CameraProvider = () => [CameraDevice.Create("busy", "Busy Webcam", [])];
        error = await FaultOf(factory.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Video = true }));
        Assert.That(((RTCException)error).ErrorName, Is.EqualTo("NotReadableError"));
    }

    [Test]
    public void CameraDevicesListEachModeOnceAndTheirCapabilities()
    {
        var camera = FakeCamera();
        Assert.That(camera.Modes, Has.Count.EqualTo(3)); // 640x480@30 listed in two pixel formats
        Assert.That(camera.GroupId, Is.Not.EqualTo(camera.DeviceId).And.Length.EqualTo(32));
        Assert.That(FakeCamera().GroupId, Is.EqualTo(camera.GroupId));
        var capabilities = camera.Capabilities();
        Assert.That(capabilities.Width, Is.EqualTo(new ULongRange(1, 1920)));
        Assert.That(capabilities.Height, Is.EqualTo(new ULongRange(1, 1080)));
        Assert.That(capabilities.FrameRate, Is.EqualTo(new DoubleRange(1, 60)));
        Assert.That(capabilities.ResizeMode, Is.EqualTo(new[] { "none", "crop-and-scale" }));
        Assert.That(capabilities.FacingMode, Is.Empty);
        Assert.That(capabilities.DeviceId, Is.EqualTo(camera.DeviceId));
    }

    [Test]
    public void SupportedConstraintsAreTheImplementedOnes()
    {
        var supported = Factory.MediaDevices.GetSupportedConstraints();
        Assert.That(new[]
        {
            supported.Width, supported.Height, supported.AspectRatio, supported.FrameRate, supported.FacingMode,
            supported.ResizeMode, supported.SampleRate, supported.ChannelCount, supported.EchoCancellation,
            supported.NoiseSuppression, supported.AutoGainControl, supported.DeviceId, supported.GroupId,
        }, Is.All.True);
        Assert.That((supported.SampleSize, supported.Latency), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task AGeneratorTrackIsConstrainedByWhatItProduces()
    {
        using var generator = new VideoTrackGenerator(Factory);
        var track = generator.Track;
        var before = track.GetCapabilities();
        Assert.That((before.Width, before.Height), Is.EqualTo(((ULongRange?)null, (ULongRange?)null)));
        Assert.That(before.ResizeMode, Is.EqualTo(new[] { "none" }));

        using (var frame = VideoFrame.CreateI420(320, 240, TimeSpan.Zero))
        {
            generator.Write(frame);
        }

        var capabilities = track.GetCapabilities();
        Assert.That(capabilities.Width, Is.EqualTo(new ULongRange(320, 320)));
        Assert.That(capabilities.Height, Is.EqualTo(new ULongRange(240, 240)));
        Assert.That(capabilities.AspectRatio!.Min, Is.EqualTo(4.0 / 3).Within(1e-9));
        Assert.That(track.GetSettings().AspectRatio, Is.EqualTo(4.0 / 3).Within(1e-9));
        Assert.That(track.GetConstraints().Width, Is.Null);

        var fits = new MediaTrackConstraints { Width = new ConstrainULong { Exact = 320 }, Height = 720u };
        await track.ApplyConstraintsAsync(fits);
        Assert.That(track.GetConstraints(), Is.SameAs(fits));

        var error = (await Assert.ThrowsAsync<OverconstrainedError>(() => track.ApplyConstraintsAsync(
            new MediaTrackConstraints { Height = new ConstrainULong { Min = 480 } })))!;
        Assert.That(error.Constraint, Is.EqualTo("height"));
        Assert.That(track.GetConstraints(), Is.SameAs(fits), "a failed applyConstraints changes nothing");
        Assert.That((track.GetSettings().Width, track.GetSettings().Height), Is.EqualTo(((int?)320, (int?)240)));

        // Only "none": a generator is not scaled for its consumers' constraints.
        var resize = (await Assert.ThrowsAsync<OverconstrainedError>(() => track.ApplyConstraintsAsync(
            new MediaTrackConstraints { ResizeMode = ConstrainDOMString.ExactlyOneOf("crop-and-scale") })))!;
        Assert.That(resize.Constraint, Is.EqualTo("resizeMode"));

        await track.ApplyConstraintsAsync();
        Assert.That(track.GetConstraints().Width, Is.Null);

        var clone = track.Clone();
        await track.ApplyConstraintsAsync(fits);
        using var clone2 = track.Clone();
        Assert.That(clone2.GetConstraints(), Is.SameAs(fits));
        clone.Dispose();
    }

    [Test]
    public async Task AnAudioGeneratorTrackHasItsFormatAsCapabilities()
    {
        using var generator = new AudioTrackGenerator(Factory, 16000, 2);
        var capabilities = generator.Track.GetCapabilities();
        Assert.That(capabilities.SampleRate, Is.EqualTo(new ULongRange(16000, 16000)));
        Assert.That(capabilities.ChannelCount, Is.EqualTo(new ULongRange(2, 2)));
        Assert.That(capabilities.Width, Is.Null);

        await generator.Track.ApplyConstraintsAsync(new MediaTrackConstraints { SampleRate = 48000u, ChannelCount = new ConstrainULong { Min = 1 } });
        var error = (await Assert.ThrowsAsync<OverconstrainedError>(() => generator.Track.ApplyConstraintsAsync(
            new MediaTrackConstraints { SampleRate = new ConstrainULong { Exact = 48000 } })))!;
        Assert.That(error.Constraint, Is.EqualTo("sampleRate"));
    }

    [Test]
    public void ApplyConstraintsOnADisposedTrackThrows()
    {
        var generator = new VideoTrackGenerator(Factory);
        var track = generator.Track;
        generator.Dispose();
        Assert.Throws<ObjectDisposedException>(() => track.ApplyConstraintsAsync());
    }

    private static async Task<Exception> FaultOf(Task task)
    {
        try
        {
            await task.WaitAsync(Timeouts.Event);
        }
        catch (Exception e)
        {
            return e;
        }

        Assert.Fail("the task completed");
        return null!;
    }
}
