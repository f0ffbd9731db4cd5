namespace RtcNative;

/// <summary>A track added to or removed from a <see cref="MediaStream"/> by the engine (W3C MediaStreamTrackEvent).</summary>
public sealed class MediaStreamTrackEventArgs : EventArgs
{
    /// <summary>Creates the event's arguments.</summary>
    /// <param name="track">The track added or removed.</param>
    public MediaStreamTrackEventArgs(MediaStreamTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        Track = track;
    }

    /// <summary>The track added or removed.</summary>
    public MediaStreamTrack Track { get; }
}
