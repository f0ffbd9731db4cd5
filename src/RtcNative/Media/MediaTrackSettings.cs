namespace RtcNative;

/// <summary>What a track's source produces now (W3C MediaTrackSettings). Members that do not apply to the track's
/// kind, or are not known yet (a remote video track before its first frame), are null.</summary>
public sealed record MediaTrackSettings
{
    /// <summary>The frame width in pixels (video).</summary>
    public int? Width { get; init; }

    /// <summary>The frame height in pixels (video).</summary>
    public int? Height { get; init; }

    /// <summary>Width divided by height (video), when the size is known.</summary>
    public double? AspectRatio { get; init; }

    /// <summary>Frames per second (video): a camera's configured rate; for other tracks measured over the last
    /// second, null before a second of frames.</summary>
    public double? FrameRate { get; init; }

    /// <summary>"none" or "crop-and-scale" (camera tracks).</summary>
    public string? ResizeMode { get; init; }

    /// <summary>The device's id (device tracks).</summary>
    public string? DeviceId { get; init; }

    /// <summary>The device's group id (device tracks).</summary>
    public string? GroupId { get; init; }

    /// <summary>Samples per second per channel (audio).</summary>
    public int? SampleRate { get; init; }

    /// <summary>The number of audio channels (audio).</summary>
    public int? ChannelCount { get; init; }

    /// <summary>Whether echo cancellation runs (microphone tracks).</summary>
    public bool? EchoCancellation { get; init; }

    /// <summary>Whether noise suppression runs (microphone tracks).</summary>
    public bool? NoiseSuppression { get; init; }

    /// <summary>Whether automatic gain control runs (microphone tracks).</summary>
    public bool? AutoGainControl { get; init; }
}
