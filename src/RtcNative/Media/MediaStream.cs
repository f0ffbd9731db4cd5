namespace RtcNative;

/// <summary>
/// A group of tracks (W3C MediaStream): a managed container that owns nothing native (disposing it is not needed;
/// its tracks are disposed on their own). Thread-safe. <see cref="TrackAdded"/> and <see cref="TrackRemoved"/> are
/// raised only for changes the engine makes to a remote stream, not for <see cref="AddTrack"/> and
/// <see cref="RemoveTrack"/>, as the spec says.
/// </summary>
public sealed class MediaStream
{
    private readonly Lock _sync = new();
    private readonly List<MediaStreamTrack> _tracks = [];

    /// <summary>An empty stream with a new random id.</summary>
    public MediaStream()
        : this(Guid.NewGuid().ToString())
    {
    }

    /// <summary>A stream with a new random id holding <paramref name="tracks"/> (each once, in order).</summary>
    /// <param name="tracks">The tracks.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tracks"/> or one of them is null.</exception>
    public MediaStream(IEnumerable<MediaStreamTrack> tracks)
        : this()
    {
        ArgumentNullException.ThrowIfNull(tracks);
        foreach (var track in tracks)
        {
            AddTrack(track);
        }
    }

    /// <summary>A remote stream, with the id the remote peer signaled.</summary>
    internal MediaStream(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Id = id;
    }

    /// <summary>The stream's identifier: a random UUID for local streams, the signaled msid for remote ones.</summary>
    public string Id { get; }

    /// <summary>Whether at least one of the tracks is not ended (disposed tracks count as ended).</summary>
    public bool Active
    {
        get
        {
            foreach (var track in Snapshot())
            {
                if (!track.IsEndedOrDisposed)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The engine added a track to this remote stream (W3C onaddtrack).</summary>
    public event EventHandler<MediaStreamTrackEventArgs>? TrackAdded;

    /// <summary>The engine removed a track from this remote stream (W3C onremovetrack).</summary>
    public event EventHandler<MediaStreamTrackEventArgs>? TrackRemoved;

    /// <summary>All tracks, in the order they were added (a snapshot).</summary>
    public IReadOnlyList<MediaStreamTrack> GetTracks() => Snapshot();

    /// <summary>The audio tracks (a snapshot).</summary>
    public IReadOnlyList<MediaStreamTrack> GetAudioTracks() => OfKind("audio");

    /// <summary>The video tracks (a snapshot).</summary>
    public IReadOnlyList<MediaStreamTrack> GetVideoTracks() => OfKind("video");

    /// <summary>The track with the given id; null when there is none.</summary>
    /// <param name="trackId">The id.</param>
    public MediaStreamTrack? GetTrackById(string trackId)
    {
        ArgumentNullException.ThrowIfNull(trackId);
        lock (_sync)
        {
            return _tracks.Find(track => track.Id == trackId);
        }
    }

    /// <summary>Adds a track; does nothing when it is already in the stream. Raises no event.</summary>
    /// <param name="track">The track.</param>
    public void AddTrack(MediaStreamTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        lock (_sync)
        {
            if (!_tracks.Contains(track))
            {
                _tracks.Add(track);
            }
        }
    }

    /// <summary>Removes a track; does nothing when it is not in the stream. Raises no event.</summary>
    /// <param name="track">The track.</param>
    public void RemoveTrack(MediaStreamTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        lock (_sync)
        {
            _tracks.Remove(track);
        }
    }

    /// <summary>A new stream with a new id holding a clone of each track (W3C clone()); the clones are the
    /// caller's to dispose.</summary>
    /// <exception cref="ObjectDisposedException">A track was disposed.</exception>
    public MediaStream Clone()
    {
        var clone = new MediaStream();
        foreach (var track in Snapshot())
        {
            clone.AddTrack(track.Clone());
        }

        return clone;
    }

    /// <inheritdoc/>
    public override string ToString() => $"MediaStream {Id}";

    /// <summary>The engine added a track to this remote stream: adds it and raises <see cref="TrackAdded"/>
    /// (nothing when it was already there).</summary>
    internal void AddTrackFromRemote(MediaStreamTrack track)
    {
        lock (_sync)
        {
            if (_tracks.Contains(track))
            {
                return;
            }

            _tracks.Add(track);
        }

        TrackAdded?.Invoke(this, new MediaStreamTrackEventArgs(track));
    }

    /// <summary>The engine removed a track from this remote stream: removes it and raises <see cref="TrackRemoved"/>
    /// (nothing when it was not there).</summary>
    internal void RemoveTrackFromRemote(MediaStreamTrack track)
    {
        lock (_sync)
        {
            if (!_tracks.Remove(track))
            {
                return;
            }
        }

        TrackRemoved?.Invoke(this, new MediaStreamTrackEventArgs(track));
    }

    private MediaStreamTrack[] Snapshot()
    {
        lock (_sync)
        {
            return [.. _tracks];
        }
    }

    private MediaStreamTrack[] OfKind(string kind)
    {
        lock (_sync)
        {
            return [.. _tracks.Where(track => track.Kind == kind)];
        }
    }
}
