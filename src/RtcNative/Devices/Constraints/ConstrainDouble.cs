namespace RtcNative;

/// <summary>
/// A constraint on a real-valued property (W3C ConstrainDouble: aspectRatio, frameRate).
/// <see cref="Exact"/>, <see cref="Min"/> and <see cref="Max"/> are required; <see cref="Ideal"/> is a preference.
/// A bare value (<c>FrameRate = 30</c>) converts to an ideal, as the spec's bare value does, except inside
/// <see cref="MediaTrackConstraints.Advanced"/> where the spec treats a bare value as exact. Values are compared
/// with a relative tolerance of 1e-5 (so an exact aspect ratio of 16.0 / 9 matches 1920x1080).
/// </summary>
public sealed class ConstrainDouble
{
    /// <summary>The value must be exactly this.</summary>
    public double? Exact { get; init; }

    /// <summary>The value should be as close as possible to this.</summary>
    public double? Ideal { get; init; }

    /// <summary>The value must be at least this.</summary>
    public double? Min { get; init; }

    /// <summary>The value must be at most this.</summary>
    public double? Max { get; init; }

    /// <summary>Made from a bare value (exact in an advanced set, ideal elsewhere).</summary>
    internal bool IsBareValue { get; private init; }

    /// <summary>A bare value: ideal (exact inside an advanced set).</summary>
    public static implicit operator ConstrainDouble(double value) => new() { Ideal = value, IsBareValue = true };

    /// <inheritdoc/>
    public override string ToString() => ConstraintText.Format(IsBareValue, Exact, Ideal, Min, Max);
}
