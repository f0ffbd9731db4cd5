namespace RtcNative;

/// <summary>
/// One set of constraints on a track's properties (W3C MediaTrackConstraintSet). A property left null is not
/// constrained. Names follow mediacapture-streams; <see cref="ResizeMode"/> is the mediacapture-streams resizeMode
/// ("none": the camera's own modes only; "crop-and-scale": a mode may be cropped, scaled down and its frame rate
/// lowered, as Chrome does by default).
/// </summary>
public class MediaTrackConstraintSet
{
    /// <summary>Frame width in pixels (video).</summary>
    public ConstrainULong? Width { get; init; }

    /// <summary>Frame height in pixels (video).</summary>
    public ConstrainULong? Height { get; init; }

    /// <summary>Width divided by height (video).</summary>
    public ConstrainDouble? AspectRatio { get; init; }

    /// <summary>Frames per second (video).</summary>
    public ConstrainDouble? FrameRate { get; init; }

    /// <summary>"user", "environment", "left" or "right" (video; V4L2 cameras report none).</summary>
    public ConstrainDOMString? FacingMode { get; init; }

    /// <summary>"none" or "crop-and-scale" (video).</summary>
    public ConstrainDOMString? ResizeMode { get; init; }

    /// <summary>Samples per second (audio).</summary>
    public ConstrainULong? SampleRate { get; init; }

    /// <summary>Number of audio channels (audio).</summary>
    public ConstrainULong? ChannelCount { get; init; }

    /// <summary>Echo cancellation on or off (audio).</summary>
    public ConstrainBoolean? EchoCancellation { get; init; }

    /// <summary>Noise suppression on or off (audio).</summary>
    public ConstrainBoolean? NoiseSuppression { get; init; }

    /// <summary>Automatic gain control on or off (audio).</summary>
    public ConstrainBoolean? AutoGainControl { get; init; }

    /// <summary>The device's <c>deviceId</c> (as <c>MediaDevices.EnumerateDevicesAsync</c> lists it).</summary>
    public ConstrainDOMString? DeviceId { get; init; }

    /// <summary>The device's <c>groupId</c>.</summary>
    public ConstrainDOMString? GroupId { get; init; }
}
