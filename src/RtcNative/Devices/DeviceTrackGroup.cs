namespace RtcNative;

/// <summary>
/// The tracks of one device source (a microphone or a display capture): the track getUserMedia or getDisplayMedia
/// gave and every clone of it. When the device ends by itself (unplugged, the captured window closed) each of them
/// that is still live raises <see cref="MediaStreamTrack.Ended"/> (mediacapture-streams: the source ends, so do all
/// its tracks); tracks stopped by the program raise nothing. Weak: a track the program dropped is not kept.
/// </summary>
internal sealed class DeviceTrackGroup
{
    private readonly Lock _lock = new();
    private readonly List<WeakReference<MediaStreamTrack>> _tracks = [];
    private bool _ended;

    public DeviceTrackGroup(MediaStreamTrack first) => Add(first);

    /// <summary>Joins a clone. A clone made after the end is born ended and raises nothing (the spec fires no event
    /// for it).</summary>
    public void Add(MediaStreamTrack track)
    {
        lock (_lock)
        {
            if (!_ended)
            {
                _tracks.RemoveAll(reference => !reference.TryGetTarget(out _));
                _tracks.Add(new WeakReference<MediaStreamTrack>(track));
            }
        }
    }

    /// <summary>A track of the group to wait on natively: live (neither stopped by the program nor disposed); null
    /// when none is left.</summary>
    public MediaStreamTrack? FirstWatchable()
    {
        lock (_lock)
        {
            foreach (var reference in _tracks)
            {
                if (reference.TryGetTarget(out var track) && !track.IsDisposed && !track.StoppedOrEndRaised)
                {
                    return track;
                }
            }

            return null;
        }
    }

    /// <summary>The device ended: raises Ended on each track of the group (once; never on a native thread).</summary>
    public void RaiseEnded()
    {
        List<MediaStreamTrack> tracks = [];
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            foreach (var reference in _tracks)
            {
                if (reference.TryGetTarget(out var track))
                {
                    tracks.Add(track);
                }
            }

            _tracks.Clear();
        }

        foreach (var track in tracks)
        {
            track.RaiseSourceEnded();
        }
    }
}
