namespace RtcNative;

/// <summary>
/// The constraints of one track (W3C MediaTrackConstraints): the basic set (this object's properties: required
/// <c>exact</c>/<c>min</c>/<c>max</c> and preferred <c>ideal</c> values) and the <see cref="Advanced"/> sets, tried in
/// order, each kept only when it can be satisfied together with the basic set and the sets kept before it.
/// In <see cref="MediaStreamConstraints"/>, <c>true</c> converts to empty constraints (any device, the defaults) and
/// <c>false</c> to null (not requested), like the spec's <c>(boolean or MediaTrackConstraints)</c>.
/// </summary>
public sealed class MediaTrackConstraints : MediaTrackConstraintSet
{
    /// <summary>The advanced constraint sets, in order of preference (every value in them is required).</summary>
    public IList<MediaTrackConstraintSet> Advanced { get; init; } = [];

    /// <summary>The spec's boolean shorthand: <c>true</c> = empty constraints, <c>false</c> = null (not requested).</summary>
    public static implicit operator MediaTrackConstraints?(bool requested) => requested ? new MediaTrackConstraints() : null;
}
