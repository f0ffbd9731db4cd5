namespace RtcNative;

/// <summary>
/// The values a track's properties can take (W3C MediaTrackCapabilities, from
/// <see cref="MediaStreamTrack.GetCapabilities"/>). Members that do not apply to the track are null.
/// </summary>
public sealed record MediaTrackCapabilities
{
    /// <summary>Frame widths (video).</summary>
    public ULongRange? Width { get; init; }

    /// <summary>Frame heights (video).</summary>
    public ULongRange? Height { get; init; }

    /// <summary>Width-to-height ratios (video).</summary>
    public DoubleRange? AspectRatio { get; init; }

    /// <summary>Frames per second (video).</summary>
    public DoubleRange? FrameRate { get; init; }

    /// <summary>Facing modes (video; empty for cameras that report none).</summary>
    public IReadOnlyList<string>? FacingMode { get; init; }

    /// <summary>Resize modes: "none", and "crop-and-scale" where the source can be cropped and scaled (video).</summary>
    public IReadOnlyList<string>? ResizeMode { get; init; }

    /// <summary>Samples per second (audio).</summary>
    public ULongRange? SampleRate { get; init; }

    /// <summary>Channel counts (audio).</summary>
    public ULongRange? ChannelCount { get; init; }

    /// <summary>Echo cancellation settings available (audio).</summary>
    public IReadOnlyList<bool>? EchoCancellation { get; init; }

    /// <summary>Noise suppression settings available (audio).</summary>
    public IReadOnlyList<bool>? NoiseSuppression { get; init; }

    /// <summary>Automatic gain control settings available (audio).</summary>
    public IReadOnlyList<bool>? AutoGainControl { get; init; }

    /// <summary>The device's id (device tracks).</summary>
    public string? DeviceId { get; init; }

    /// <summary>The device's group id (device tracks).</summary>
    public string? GroupId { get; init; }
}
