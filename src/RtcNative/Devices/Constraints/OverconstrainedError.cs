namespace RtcNative;

/// <summary>
/// The constraints cannot be satisfied (W3C OverconstrainedError): <see cref="RTCException.ErrorName"/> is
/// "OverconstrainedError" and <see cref="Constraint"/> names the failed required constraint ("width", "deviceId", ...):
/// one no setting satisfies when there is one, else (as Chrome) the one that removed the last candidate when the
/// constraints were applied in a fixed order. It is "" only when no single constraint can be blamed.
/// </summary>
public sealed class OverconstrainedError : RTCException
{
    /// <summary>The error for <paramref name="constraint"/>.</summary>
    /// <param name="constraint">The spec's name of the failed constraint, or "".</param>
    /// <param name="message">What happened; defaults to a sentence naming the constraint.</param>
    public OverconstrainedError(string constraint, string? message = null)
        : base("OverconstrainedError", message ?? DefaultMessage(constraint))
    {
        ArgumentNullException.ThrowIfNull(constraint);
        Constraint = constraint;
    }

    /// <summary>The failed constraint's name, or "".</summary>
    public string Constraint { get; }

    private static string DefaultMessage(string constraint) => string.IsNullOrEmpty(constraint)
        ? "OverconstrainedError: the constraints cannot all be satisfied together."
        : $"OverconstrainedError: no setting satisfies the {constraint} constraint.";
}
