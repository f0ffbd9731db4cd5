namespace RtcNative;

/// <summary>What a track's source produces now (W3C MediaTrackSettings). Members that do not apply to the track's
/// kind, or are not known yet (a remote video track before its first frame), are null.</summary>
public sealed record MediaTrackSettings
{
    /// <summary>The frame width in pixels (video).</summary>
    public int? Width { get; init; }

    /// <summary>The frame height in pixels (video).</summary>
    public int? Height { get; init; }

    /// <summary>Frames per second, measured over the last second (video); null before a second of frames.</summary>
    public double? FrameRate { get; init; }

    /// <summary>Samples per second per channel (audio).</summary>
    public int? SampleRate { get; init; }

    /// <summary>The number of audio channels (audio).</summary>
    public int? ChannelCount { get; init; }
}
