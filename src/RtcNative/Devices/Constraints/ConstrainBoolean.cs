namespace RtcNative;

/// <summary>
/// A constraint on a boolean property (W3C ConstrainBoolean: echoCancellation, noiseSuppression, autoGainControl).
/// A bare value converts to an ideal, except inside <see cref="MediaTrackConstraints.Advanced"/> (exact there).
/// </summary>
public sealed class ConstrainBoolean
{
    /// <summary>The value must be this.</summary>
    public bool? Exact { get; init; }

    /// <summary>The value should be this.</summary>
    public bool? Ideal { get; init; }

    /// <summary>Made from a bare value (exact in an advanced set, ideal elsewhere).</summary>
    internal bool IsBareValue { get; private init; }

    /// <summary>A bare value: ideal (exact inside an advanced set).</summary>
    public static implicit operator ConstrainBoolean(bool value) => new() { Ideal = value, IsBareValue = true };

    /// <inheritdoc/>
    public override string ToString() => ConstraintText.Format<bool>(IsBareValue, Exact, Ideal, null, null);
}
