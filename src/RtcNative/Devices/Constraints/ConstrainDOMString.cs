namespace RtcNative;

/// <summary>
/// A constraint on a string property (W3C ConstrainDOMString: deviceId, groupId, facingMode, resizeMode). Each member is
/// one string or a list (any of them matches). A bare string or array converts to an ideal, except inside
/// <see cref="MediaTrackConstraints.Advanced"/> (exact there).
/// </summary>
public sealed class ConstrainDOMString
{
    /// <summary>The value must be one of these.</summary>
    public IReadOnlyList<string>? Exact { get; init; }

    /// <summary>The value should be one of these.</summary>
    public IReadOnlyList<string>? Ideal { get; init; }

    /// <summary>Made from a bare value (exact in an advanced set, ideal elsewhere).</summary>
    internal bool IsBareValue { get; private init; }

    /// <summary>A bare string: ideal (exact inside an advanced set).</summary>
    public static implicit operator ConstrainDOMString(string value) => new() { Ideal = [value], IsBareValue = true };

    /// <summary>A bare list: ideal, any of them (exact inside an advanced set).</summary>
    public static implicit operator ConstrainDOMString(string[] values) => new() { Ideal = values, IsBareValue = true };

    /// <summary>Exactly <paramref name="values"/> (any of them).</summary>
    public static ConstrainDOMString ExactlyOneOf(params string[] values) => new() { Exact = values };

    /// <inheritdoc/>
    public override string ToString()
    {
        if (IsBareValue && Ideal is not null)
        {
            return string.Join(",", Ideal);
        }

        var parts = new List<string>(2);
        if (Exact is not null)
        {
            parts.Add($"exact: [{string.Join(",", Exact)}]");
        }

        if (Ideal is not null)
        {
            parts.Add($"ideal: [{string.Join(",", Ideal)}]");
        }

        return "{" + string.Join(", ", parts) + "}";
    }
}
