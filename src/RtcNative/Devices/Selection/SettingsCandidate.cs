namespace RtcNative;

/// <summary>
/// One setting a source offers, as the SelectSettings algorithm sees it: a camera mode (native width, height and
/// frame rate) or a microphone configuration, with the device's ids. Properties the source does not have are null.
/// A camera mode with <see cref="CanCropAndScale"/> also stands for every smaller size and lower frame rate it can be
/// cropped, scaled and decimated to (resizeMode "crop-and-scale", as Chrome's camera tracks do).
/// </summary>
internal sealed record SettingsCandidate
{
    public string? DeviceId { get; init; }

    public string? GroupId { get; init; }

    public string? FacingMode { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public double? FrameRate { get; init; }

    /// <summary>The mode can be cropped, scaled down and its frame rate lowered (video).</summary>
    public bool CanCropAndScale { get; init; }

    public int? SampleRate { get; init; }

    public int? ChannelCount { get; init; }

    public bool? EchoCancellation { get; init; }

    public bool? NoiseSuppression { get; init; }

    public bool? AutoGainControl { get; init; }

    /// <summary>What the provider needs to open this setting (a device and its native format); not compared.</summary>
    public object? Tag { get; init; }
}
