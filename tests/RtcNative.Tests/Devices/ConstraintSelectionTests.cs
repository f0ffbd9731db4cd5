namespace RtcNative.Tests.Devices;

/// <summary>
/// SelectSettings (ConstraintSelection) over candidate lists shaped like real V4L2 devices, with the choices Chrome
/// makes: default 640x480 at 30 fps, a native mode when one fits, crop-and-scale and frame-rate decimation otherwise,
/// OverconstrainedError naming the constraint.
/// </summary>
public sealed class ConstraintSelectionTests
{
    // A typical USB webcam as libwebrtc's V4L2 DeviceInfo lists it (MJPEG 1080p30, 720p60, 480p30; YUYV 480p30, 720p10),
    // one candidate per distinct size and rate.
    private static readonly SettingsCandidate[] Webcam =
    [
        Mode("cam-a", 1920, 1080, 30),
        Mode("cam-a", 1280, 720, 60),
        Mode("cam-a", 640, 480, 30),
        Mode("cam-a", 1280, 720, 10),
    ];

    private static SettingsCandidate Mode(string device, int width, int height, double frameRate) => new()
    {
        DeviceId = device,
        GroupId = "group-" + device,
        Width = width,
        Height = height,
        FrameRate = frameRate,
        CanCropAndScale = true,
    };

    private static SelectedSettings Select(MediaTrackConstraints constraints, IReadOnlyList<SettingsCandidate>? candidates = null) =>
        ConstraintSelection.Select(candidates ?? Webcam, constraints);

    private static void AssertSettings(SelectedSettings s, int width, int height, double frameRate, string resizeMode)
    {
        Assert.That((s.Width, s.Height, s.FrameRate, s.ResizeMode), Is.EqualTo(((int?)width, (int?)height, (double?)frameRate, resizeMode)));
    }

    private static string Overconstrained(MediaTrackConstraints constraints, IReadOnlyList<SettingsCandidate>? candidates = null)
    {
        var error = Assert.Throws<OverconstrainedError>(() => Select(constraints, candidates))!;
        Assert.That(error.ErrorName, Is.EqualTo("OverconstrainedError"));
        return error.Constraint;
    }

    [Test]
    public void NoConstraintsGiveChromesDefault640x480At30()
    {
        var s = Select(new MediaTrackConstraints());
        AssertSettings(s, 640, 480, 30, "none");
        Assert.That(s.Candidate, Is.SameAs(Webcam[2]));
        Assert.That(s.Fitness, Is.Zero);
    }

    [Test]
    public void IdealSizeOfANativeModeIsTakenNatively()
    {
        var s = Select(new MediaTrackConstraints { Width = 1280u, Height = 720u });
        // 720p60 (MJPEG) rather than scaling 1080p down; its own frame rate is kept (no frameRate constraint).
        AssertSettings(s, 1280, 720, 60, "none");
        Assert.That(s.Candidate, Is.SameAs(Webcam[1]));

        AssertSettings(Select(new MediaTrackConstraints { Width = 1920u, Height = 1080u }), 1920, 1080, 30, "none");
    }

    [Test]
    public void IdealWidthAloneKeepsTheModesAspectRatio()
    {
        AssertSettings(Select(new MediaTrackConstraints { Width = 1280u }), 1280, 720, 60, "none");
        // No mode is 960 wide: the closest larger mode (720p) is scaled down at its aspect ratio.
        AssertSettings(Select(new MediaTrackConstraints { Width = 960u }), 960, 540, 60, "crop-and-scale");
    }

    [Test]
    public void IdealSizeBetweenModesIsCroppedAndScaledFromTheClosestLargerMode()
    {
        var s = Select(new MediaTrackConstraints { Width = 800u, Height = 600u });
        AssertSettings(s, 800, 600, 60, "crop-and-scale");
        Assert.That(s.Candidate, Is.SameAs(Webcam[1]));
        Assert.That(s.Fitness, Is.Zero);
    }

    [Test]
    public void ScalingTowardsAnUnreachableIdealSizeKeepsTheNearestSize()
    {
        // Only crop-and-scale allowed, on a 640x480 camera asked for 1280x720: the nearest allowed size (Chrome's
        // closest point) is the whole frame, not a 16:9 crop of it.
        SettingsCandidate[] vga = [Mode("vga", 640, 480, 30)];
        var s = Select(new MediaTrackConstraints
        {
            Width = 1280u,
            Height = 720u,
            ResizeMode = ConstrainDOMString.ExactlyOneOf("crop-and-scale"),
        }, vga);
        AssertSettings(s, 640, 480, 30, "crop-and-scale");

        // With the aspect ratio required, the nearest 16:9 size inside the frame.
        var wide = Select(new MediaTrackConstraints
        {
            Width = 1280u,
            Height = 720u,
            AspectRatio = new ConstrainDouble { Exact = 16.0 / 9 },
        }, vga);
        AssertSettings(wide, 640, 360, 30, "crop-and-scale");
    }

    [Test]
    public void IdealLargerThanAnyModeGivesTheLargestMode()
    {
        var s = Select(new MediaTrackConstraints { Width = 3840u, Height = 2160u });
        AssertSettings(s, 1920, 1080, 30, "none");
        Assert.That(s.Fitness, Is.EqualTo(1.0).Within(1e-9)); // 0.5 for the width, 0.5 for the height
    }

    [Test]
    public void ExactMissesNameTheConstraint()
    {
        Assert.That(Overconstrained(new MediaTrackConstraints { Width = new ConstrainULong { Exact = 4000 } }), Is.EqualTo("width"));
        Assert.That(Overconstrained(new MediaTrackConstraints { Height = new ConstrainULong { Min = 1440 } }), Is.EqualTo("height"));
        Assert.That(Overconstrained(new MediaTrackConstraints { FrameRate = new ConstrainDouble { Min = 90 } }), Is.EqualTo("frameRate"));
        Assert.That(Overconstrained(new MediaTrackConstraints { DeviceId = ConstrainDOMString.ExactlyOneOf("nope") }), Is.EqualTo("deviceId"));
        Assert.That(Overconstrained(new MediaTrackConstraints { GroupId = ConstrainDOMString.ExactlyOneOf("nope") }), Is.EqualTo("groupId"));
        Assert.That(Overconstrained(new MediaTrackConstraints { Width = new ConstrainULong { Min = 800, Max = 700 } }), Is.EqualTo("width"));
    }

    [Test]
    public void RequiredConstraintsThatFailOnlyTogetherNameTheLastOneApplied()
    {
        // 1080p only at 30 fps, 60 fps only at 720p: each alone is satisfiable (the spec would allow ""); as Chrome,
        // the constraint that removed the last candidate is named.
        var constraints = new MediaTrackConstraints
        {
            Width = new ConstrainULong { Min = 1920 },
            FrameRate = new ConstrainDouble { Min = 60 },
        };
        Assert.That(Overconstrained(constraints), Is.EqualTo("frameRate"));
    }

    [Test]
    public void AFirstFailingConstraintIsNamedEvenWhenOthersAlsoFail()
    {
        var constraints = new MediaTrackConstraints
        {
            Width = new ConstrainULong { Exact = 4000 },
            FrameRate = new ConstrainDouble { Exact = 240 },
        };
        Assert.That(Overconstrained(constraints), Is.EqualTo("width"));
    }

    [Test]
    public void ExactSizeBelowAModeIsScaledFromTheNearestMode()
    {
        var s = Select(new MediaTrackConstraints { Width = new ConstrainULong { Exact = 320 }, Height = new ConstrainULong { Exact = 240 } });
        AssertSettings(s, 320, 240, 30, "crop-and-scale");
        Assert.That(s.Candidate, Is.SameAs(Webcam[2])); // the mode nearest the size asked for
        // At least 1280 wide: the native 1280 mode (nearest 640x480), not 1080p; at its own 60 fps (nearest 30 of the two).
        AssertSettings(Select(new MediaTrackConstraints { Width = new ConstrainULong { Min = 1280 } }), 1280, 720, 60, "none");
    }

    [Test]
    public void MaxWidthAloneScalesKeepingTheAspectRatio()
    {
        // resizeMode none is excluded by asking for less than 640 wide; the 480p mode is closest to the defaults.
        var s = Select(new MediaTrackConstraints { Width = new ConstrainULong { Max = 320 } });
        AssertSettings(s, 320, 240, 30, "crop-and-scale");
    }

    [Test]
    public void FrameRateBelowEveryModeIsDecimated()
    {
        // A mode whose own rate is within the limit wins (Chrome's native fitness: 10 fps is the largest allowed).
        AssertSettings(Select(new MediaTrackConstraints { FrameRate = new ConstrainDouble { Max = 15 } }), 1280, 720, 10, "none");
        var s = Select(new MediaTrackConstraints { FrameRate = new ConstrainDouble { Max = 15 } }, Webcam[..3]);
        AssertSettings(s, 640, 480, 15, "crop-and-scale");

        var ideal = Select(new MediaTrackConstraints { FrameRate = 24.0 });
        // An ideal rate under the default mode's: decimated, no other change.
        AssertSettings(ideal, 640, 480, 24, "crop-and-scale");
    }

    [Test]
    public void ExactFrameRateOfAModeSelectsIt()
    {
        AssertSettings(Select(new MediaTrackConstraints { FrameRate = new ConstrainDouble { Exact = 60 } }), 1280, 720, 60, "none");
        // The 10 fps mode rather than decimating another (its native rate is the one asked for).
        AssertSettings(Select(new MediaTrackConstraints { FrameRate = new ConstrainDouble { Exact = 10 } }), 1280, 720, 10, "none");
        // Without it, the mode nearest 640x480 is decimated.
        AssertSettings(Select(new MediaTrackConstraints { FrameRate = new ConstrainDouble { Exact = 10 } }, Webcam[..3]), 640, 480, 10, "crop-and-scale");
    }

    [Test]
    public void ResizeModeNoneKeepsToNativeModes()
    {
        var none = ConstrainDOMString.ExactlyOneOf("none");
        // 800 wide is closest to the 640 mode among the native ones.
        AssertSettings(Select(new MediaTrackConstraints { Width = 800u, ResizeMode = none }), 640, 480, 30, "none");
        Assert.That(Overconstrained(new MediaTrackConstraints { FrameRate = new ConstrainDouble { Exact = 25 }, ResizeMode = none }),
            Is.EqualTo("frameRate"));
        Assert.That(Overconstrained(new MediaTrackConstraints { ResizeMode = ConstrainDOMString.ExactlyOneOf("stretch") }),
            Is.EqualTo("resizeMode"));
    }

    [Test]
    public void ResizeModeCropAndScaleIsReportedWhenAsked()
    {
        var s = Select(new MediaTrackConstraints { ResizeMode = ConstrainDOMString.ExactlyOneOf("crop-and-scale") });
        AssertSettings(s, 640, 480, 30, "crop-and-scale");
    }

    [Test]
    public void AspectRatioCropsTheMode()
    {
        var s = Select(new MediaTrackConstraints { Height = 720u, AspectRatio = new ConstrainDouble { Exact = 4.0 / 3 } });
        AssertSettings(s, 960, 720, 60, "crop-and-scale");
        Assert.That(s.Candidate, Is.SameAs(Webcam[1]));

        var native = Select(new MediaTrackConstraints
        {
            AspectRatio = new ConstrainDouble { Exact = 16.0 / 9 },
            ResizeMode = ConstrainDOMString.ExactlyOneOf("none"),
        });
        // Both 16:9 modes fit; 720p is nearer Chrome's default size.
        AssertSettings(native, 1280, 720, 60, "none");
        Assert.That(native.AspectRatio, Is.EqualTo(16.0 / 9).Within(1e-5));

        Assert.That(Overconstrained(new MediaTrackConstraints
        {
            AspectRatio = new ConstrainDouble { Exact = 2.0 },
            ResizeMode = ConstrainDOMString.ExactlyOneOf("none"),
        }), Is.EqualTo("aspectRatio"));
    }

    [Test]
    public void IdealAspectRatioPrefersAMatchingNativeMode()
    {
        var s = Select(new MediaTrackConstraints { AspectRatio = 16.0 / 9, Height = 720u });
        AssertSettings(s, 1280, 720, 60, "none");
    }

    [Test]
    public void AdvancedSetsApplyInOrderAndUnsatisfiableOnesAreSkipped()
    {
        var first = Select(new MediaTrackConstraints
        {
            Advanced = { new MediaTrackConstraintSet { Width = 1920u, Height = 1080u }, new MediaTrackConstraintSet { Width = 1280u } },
        });
        AssertSettings(first, 1920, 1080, 30, "none");

        var skipped = Select(new MediaTrackConstraints
        {
            Advanced = { new MediaTrackConstraintSet { Width = 4000u }, new MediaTrackConstraintSet { FrameRate = 60.0 } },
        });
        AssertSettings(skipped, 1280, 720, 60, "none");

        // A later set that contradicts a kept one is skipped.
        var contradicted = Select(new MediaTrackConstraints
        {
            Advanced = { new MediaTrackConstraintSet { FrameRate = 60.0 }, new MediaTrackConstraintSet { Height = 1080u } },
        });
        AssertSettings(contradicted, 1280, 720, 60, "none");
    }

    [Test]
    public void BareValuesInAdvancedSetsAreExactButExplicitIdealsAreNot()
    {
        var bare = Select(new MediaTrackConstraints { Advanced = { new MediaTrackConstraintSet { Width = 1000u } } });
        Assert.That(bare.Width, Is.EqualTo(1000));
        Assert.That(bare.ResizeMode, Is.EqualTo("crop-and-scale"));
        Assert.That(bare.AspectRatio, Is.EqualTo(16.0 / 9).Within(0.01));

        var ideal = Select(new MediaTrackConstraints
        {
            Advanced = { new MediaTrackConstraintSet { Width = new ConstrainULong { Ideal = 1000 } } },
        });
        AssertSettings(ideal, 640, 480, 30, "none");
    }

    [Test]
    public void AdvancedSetsNeverOverrideTheBasicSet()
    {
        var s = Select(new MediaTrackConstraints
        {
            Width = new ConstrainULong { Max = 640 },
            Advanced = { new MediaTrackConstraintSet { Width = 1280u } },
        });
        AssertSettings(s, 640, 480, 30, "none");
    }

    [Test]
    public void DeviceIdSelectsTheDeviceAndTiesGoToTheFirstCandidate()
    {
        SettingsCandidate[] twoCameras = [Mode("cam-a", 640, 480, 30), Mode("cam-b", 640, 480, 30), Mode("cam-b", 1280, 720, 30)];
        Assert.That(Select(new MediaTrackConstraints(), twoCameras).Candidate.DeviceId, Is.EqualTo("cam-a"));
        // The first device wins ties even when another's mode is nearer the defaults (Chrome's order).
        SettingsCandidate[] hdFirst = [Mode("cam-hd", 1920, 1080, 30), Mode("cam-vga", 640, 480, 30)];
        Assert.That(Select(new MediaTrackConstraints(), hdFirst).Candidate.DeviceId, Is.EqualTo("cam-hd"));
        Assert.That(Select(new MediaTrackConstraints { DeviceId = "cam-b" }, twoCameras).Candidate, Is.SameAs(twoCameras[1]));
        // An ideal device id gives way to a required size that only another device has.
        var exactSize = new MediaTrackConstraints { DeviceId = "cam-a", Width = new ConstrainULong { Min = 1280 } };
        Assert.That(Select(exactSize, twoCameras).Candidate, Is.SameAs(twoCameras[2]));
        Assert.That(Select(new MediaTrackConstraints { DeviceId = new[] { "x", "cam-b" } }, twoCameras).Candidate.DeviceId, Is.EqualTo("cam-b"));
        Assert.That(Select(new MediaTrackConstraints { GroupId = ConstrainDOMString.ExactlyOneOf("group-cam-b") }, twoCameras).Candidate.DeviceId,
            Is.EqualTo("cam-b"));
    }

    [Test]
    public void FacingModeOfACameraThatReportsNone()
    {
        // V4L2 webcams have no facing mode: an exact one fails, an ideal one costs every candidate the same.
        Assert.That(Overconstrained(new MediaTrackConstraints { FacingMode = ConstrainDOMString.ExactlyOneOf("user") }), Is.EqualTo("facingMode"));
        var s = Select(new MediaTrackConstraints { FacingMode = "user" });
        AssertSettings(s, 640, 480, 30, "none");
        Assert.That(s.Fitness, Is.EqualTo(1));

        SettingsCandidate[] phone = [Mode("back", 640, 480, 30) with { FacingMode = "environment" }, Mode("front", 640, 480, 30) with { FacingMode = "user" }];
        Assert.That(Select(new MediaTrackConstraints { FacingMode = "user" }, phone).Candidate.DeviceId, Is.EqualTo("front"));
    }

    [Test]
    public void EmptyCandidateListIsOverconstrainedOnlyWhenSomethingIsRequired()
    {
        // SelectSettings over nothing: a required constraint is named; getUserMedia reports NotFoundError before this.
        Assert.That(Overconstrained(new MediaTrackConstraints { Width = new ConstrainULong { Exact = 640 } }, []), Is.EqualTo("width"));
    }

    [Test]
    public void AudioCandidatesUseFixedValues()
    {
        SettingsCandidate[] microphones =
        [
            new() { DeviceId = "mic", SampleRate = 48000, ChannelCount = 1, EchoCancellation = true, NoiseSuppression = true, AutoGainControl = true },
            new() { DeviceId = "mic", SampleRate = 48000, ChannelCount = 2, EchoCancellation = false, NoiseSuppression = false, AutoGainControl = false },
            new() { DeviceId = "mic", SampleRate = 16000, ChannelCount = 1, EchoCancellation = true, NoiseSuppression = true, AutoGainControl = true },
        ];
        Assert.That(Select(new MediaTrackConstraints(), microphones).Candidate, Is.SameAs(microphones[0]));
        Assert.That(Select(new MediaTrackConstraints { SampleRate = 16000u }, microphones).Candidate, Is.SameAs(microphones[2]));
        Assert.That(Select(new MediaTrackConstraints { EchoCancellation = false }, microphones).Candidate, Is.SameAs(microphones[1]));
        Assert.That(Select(new MediaTrackConstraints { ChannelCount = new ConstrainULong { Exact = 2 } }, microphones).Candidate,
            Is.SameAs(microphones[1]));
        Assert.That(Overconstrained(new MediaTrackConstraints { SampleRate = new ConstrainULong { Exact = 44100 } }, microphones),
            Is.EqualTo("sampleRate"));
        Assert.That(Overconstrained(new MediaTrackConstraints
        {
            EchoCancellation = new ConstrainBoolean { Exact = false },
            ChannelCount = new ConstrainULong { Exact = 1 },
        }, microphones), Is.EqualTo("echoCancellation"));
        var audio = Select(new MediaTrackConstraints(), microphones);
        Assert.That((audio.Width, audio.ResizeMode), Is.EqualTo(((int?)null, (string?)null)));
    }

    [Test]
    public void VideoConstraintsRequiredOfAudioFailAsTheSpecSays()
    {
        // The spec's fitness distance is infinite for a required constraint whose setting does not exist.
        SettingsCandidate[] microphone = [new() { DeviceId = "mic", SampleRate = 48000, ChannelCount = 1 }];
        Assert.That(Overconstrained(new MediaTrackConstraints { Width = new ConstrainULong { Min = 1 } }, microphone), Is.EqualTo("width"));
        Assert.That(Select(new MediaTrackConstraints { Width = 640u }, microphone).Fitness, Is.EqualTo(1));
    }

    [TestCase(640, 640, 0.0)]
    [TestCase(640, 1280, 0.5)]
    [TestCase(1280, 640, 0.5)]
    [TestCase(30, 60, 0.5)]
    [TestCase(480, 720, 1.0 / 3)]
    public void FitnessDistanceIsTheSpecsFormula(double actual, double ideal, double expected) =>
        Assert.That(ConstraintSelection.Distance(actual, ideal), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void BareValuesConvertToIdeals()
    {
        MediaTrackConstraints c = new() { Width = 640, FrameRate = 30.0, EchoCancellation = true, FacingMode = "user" };
        Assert.That((c.Width!.Ideal, c.Width.Exact, c.FrameRate!.Ideal, c.EchoCancellation!.Ideal), Is.EqualTo(((uint?)640, (uint?)null, (double?)30, (bool?)true)));
        Assert.That(c.FacingMode!.Ideal, Is.EqualTo(new[] { "user" }));
        MediaStreamConstraints both = new() { Audio = true, Video = false };
        Assert.That(both.Audio, Is.Not.Null);
        Assert.That(both.Video, Is.Null);
    }
}
