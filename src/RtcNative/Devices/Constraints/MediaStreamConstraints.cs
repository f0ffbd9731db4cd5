namespace RtcNative;

/// <summary>
/// What <see cref="MediaDevices.GetUserMediaAsync"/> asks for (W3C MediaStreamConstraints). Each kind is null (not
/// requested) or its constraints; the spec's boolean form works through <see cref="MediaTrackConstraints"/>'s implicit
/// conversion: <c>new MediaStreamConstraints { Video = true }</c> asks for any camera with the defaults,
/// <c>Audio = false</c> is the same as leaving it null.
/// </summary>
public sealed class MediaStreamConstraints
{
    /// <summary>The microphone's constraints, or null for no audio track.</summary>
    public MediaTrackConstraints? Audio { get; init; }

    /// <summary>The camera's constraints, or null for no video track.</summary>
    public MediaTrackConstraints? Video { get; init; }
}
