namespace RtcNative;

/// <summary>
/// The constrainable properties this implementation understands (W3C MediaTrackSupportedConstraints, from
/// <see cref="MediaDevices.GetSupportedConstraints"/>). A property it does not list (sampleSize, latency, ...) is
/// ignored when given, as the spec says for unsupported constraints.
/// </summary>
public sealed record MediaTrackSupportedConstraints
{
    /// <summary>width.</summary>
    public bool Width { get; init; }

    /// <summary>height.</summary>
    public bool Height { get; init; }

    /// <summary>aspectRatio.</summary>
    public bool AspectRatio { get; init; }

    /// <summary>frameRate.</summary>
    public bool FrameRate { get; init; }

    /// <summary>facingMode.</summary>
    public bool FacingMode { get; init; }

    /// <summary>resizeMode.</summary>
    public bool ResizeMode { get; init; }

    /// <summary>sampleRate.</summary>
    public bool SampleRate { get; init; }

    /// <summary>sampleSize.</summary>
    public bool SampleSize { get; init; }

    /// <summary>channelCount.</summary>
    public bool ChannelCount { get; init; }

    /// <summary>echoCancellation.</summary>
    public bool EchoCancellation { get; init; }

    /// <summary>noiseSuppression.</summary>
    public bool NoiseSuppression { get; init; }

    /// <summary>autoGainControl.</summary>
    public bool AutoGainControl { get; init; }

    /// <summary>latency.</summary>
    public bool Latency { get; init; }

    /// <summary>deviceId.</summary>
    public bool DeviceId { get; init; }

    /// <summary>groupId.</summary>
    public bool GroupId { get; init; }

    /// <summary>What <see cref="ConstraintSelection"/> evaluates: every member of <see cref="MediaTrackConstraintSet"/>.</summary>
    internal static MediaTrackSupportedConstraints Implemented { get; } = new()
    {
        Width = true,
        Height = true,
        AspectRatio = true,
        FrameRate = true,
        FacingMode = true,
        ResizeMode = true,
        SampleRate = true,
        ChannelCount = true,
        EchoCancellation = true,
        NoiseSuppression = true,
        AutoGainControl = true,
        DeviceId = true,
        GroupId = true,
    };
}
