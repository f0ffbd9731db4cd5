namespace RtcNative;

/// <summary>The state of a <see cref="MediaStreamTrack"/> (W3C MediaStreamTrackState).</summary>
public enum MediaStreamTrackState
{
    /// <summary>"live": the track's source produces media (while the track is enabled, it is delivered).</summary>
    Live,

    /// <summary>"ended": the track was stopped, its source ended, or (remote tracks) its receiver stopped; it never
    /// produces media again.</summary>
    Ended,
}
