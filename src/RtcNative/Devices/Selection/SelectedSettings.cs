namespace RtcNative;

/// <summary>
/// The outcome of SelectSettings: the candidate (source mode) chosen and what the track delivers from it. For a
/// "crop-and-scale" selection, <see cref="Width"/>, <see cref="Height"/> and <see cref="FrameRate"/> may be below the
/// candidate's native values.
/// </summary>
internal sealed record SelectedSettings
{
    public required SettingsCandidate Candidate { get; init; }

    /// <summary>"none" or "crop-and-scale" for video; null for audio.</summary>
    public string? ResizeMode { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public double? FrameRate { get; init; }

    public double? AspectRatio => Width is { } w && Height is { } h && h > 0 ? (double)w / h : null;

    /// <summary>The fitness distance of the basic set's ideals (0 = every ideal met).</summary>
    public double Fitness { get; init; }
}
