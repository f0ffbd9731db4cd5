namespace RtcNative;

/// <summary>
/// A constraint on a whole-number property (W3C ConstrainULong: width, height, sampleRate, channelCount).
/// <see cref="Exact"/>, <see cref="Min"/> and <see cref="Max"/> are required; <see cref="Ideal"/> is a preference.
/// A bare value (<c>Width = 640</c>) converts to an ideal, as the spec's bare value does, except inside
/// <see cref="MediaTrackConstraints.Advanced"/> where the spec treats a bare value as exact.
/// </summary>
public sealed class ConstrainULong
{
    /// <summary>The value must be exactly this.</summary>
    public uint? Exact { get; init; }

    /// <summary>The value should be as close as possible to this.</summary>
    public uint? Ideal { get; init; }

    /// <summary>The value must be at least this.</summary>
    public uint? Min { get; init; }

    /// <summary>The value must be at most this.</summary>
    public uint? Max { get; init; }

    /// <summary>Made from a bare value (exact in an advanced set, ideal elsewhere).</summary>
    internal bool IsBareValue { get; private init; }

    /// <summary>A bare value: ideal (exact inside an advanced set).</summary>
    public static implicit operator ConstrainULong(uint value) => new() { Ideal = value, IsBareValue = true };

    /// <inheritdoc/>
    public override string ToString() => ConstraintText.Format(IsBareValue, Exact, Ideal, Min, Max);
}
