using RtcNative.Interop;

namespace RtcNative;

// The stream-based API of MDN's older RTCPeerConnection page, built on the track API as adapter.js does in browsers
// that dropped it. Remote streams are the ones the Track events announced (one object per id); a stream is "added"
// when its first track arrives and "removed" when it loses its last one.
#pragma warning disable CS0618 // the legacy members use each other
public sealed partial class RTCPeerConnection
{
    private const string LegacyAdvice = "Legacy stream API: use AddTrack/RemoveTrack, the Track event, GetSenders/GetReceivers and RTCRtpSender.Dtmf.";

    private readonly List<MediaStream> _localStreams = []; // under _sync
    private readonly List<MediaStream> _legacyRemoteStreams = []; // under _sync: remote streams holding a track
    private readonly List<MediaStream> _streamsToAnnounce = []; // dispatcher only: StreamAdded after the Track event

    /// <summary>A remote stream received its first track (legacy onaddstream); raised after that track's
    /// <see cref="Track"/> event.</summary>
    [Obsolete(LegacyAdvice)]
    public event EventHandler<MediaStreamEventArgs>? StreamAdded;

    /// <summary>A remote stream lost its last track (legacy onremovestream), as when the remote peer removed its
    /// tracks and renegotiated.</summary>
    [Obsolete(LegacyAdvice)]
    public event EventHandler<MediaStreamEventArgs>? StreamRemoved;

    /// <summary>Sends every track of the stream in it (legacy addStream()): <see cref="AddTrack"/> for each audio track,
    /// then each video track. A stream already added is ignored.</summary>
    /// <exception cref="RTCException">As <see cref="AddTrack"/>: "InvalidAccessError" for a track already sent here,
    /// "InvalidStateError" when closed.</exception>
    [Obsolete(LegacyAdvice)]
    public void AddStream(MediaStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ThrowIfDisposed();
        lock (_sync)
        {
            if (_localStreams.Contains(stream))
            {
                return;
            }
        }

        // Chrome's order: audio first, then video.
        foreach (var track in stream.GetAudioTracks().Concat(stream.GetVideoTracks()))
        {
            AddTrack(track, stream);
        }

        RememberLocalStreams([stream]);
    }

    /// <summary>Stops sending the stream's tracks (legacy removeStream()): <see cref="RemoveTrack"/> for each sender whose
    /// track is in the stream. A stream never added is ignored.</summary>
    /// <exception cref="RTCException">"InvalidStateError" when closed.</exception>
    [Obsolete(LegacyAdvice)]
    public void RemoveStream(MediaStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ThrowIfDisposed();
        lock (_sync)
        {
            if (!_localStreams.Remove(stream))
            {
                return;
            }
        }

        var tracks = stream.GetTracks();
        foreach (var sender in GetSenders())
        {
            if (sender.Track is { } track && tracks.Contains(track))
            {
                RemoveTrack(sender);
            }
        }
    }

    /// <summary>The streams given to <see cref="AddStream"/> or <see cref="AddTrack"/> and not removed (legacy getLocalStreams()).</summary>
    [Obsolete(LegacyAdvice)]
    public IReadOnlyList<MediaStream> GetLocalStreams()
    {
        lock (_sync)
        {
            return [.. _localStreams];
        }
    }

    /// <summary>The remote streams that hold at least one track, as announced by <see cref="Track"/> events
    /// (legacy getRemoteStreams()).</summary>
    [Obsolete(LegacyAdvice)]
    public IReadOnlyList<MediaStream> GetRemoteStreams()
    {
        lock (_sync)
        {
            return [.. _legacyRemoteStreams];
        }
    }

    /// <summary>The local or remote stream with this id, local first; null when none (legacy getStreamById()).</summary>
    [Obsolete(LegacyAdvice)]
    public MediaStream? GetStreamById(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_sync)
        {
            return _localStreams.Find(s => s.Id == id) ?? _legacyRemoteStreams.Find(s => s.Id == id);
        }
    }

    /// <summary>The DTMF sender of the sender carrying an audio track (legacy createDTMFSender(); the sender's
    /// <see cref="RTCRtpSender.Dtmf"/>).</summary>
    /// <exception cref="RTCException">"InvalidStateError" when closed; "SyntaxError" (as Chrome) when the track is not
    /// audio or no sender of this connection carries it.</exception>
    [Obsolete(LegacyAdvice)]
    public RTCDTMFSender CreateDTMFSender(MediaStreamTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        ThrowIfDisposed();
        if (IsClosed)
        {
            throw new RTCException(DomErrorNames.InvalidState, "The RTCPeerConnection is closed.");
        }

        if (track.Kind != "audio")
        {
            throw new RTCException(DomErrorNames.Syntax, "track.kind is not 'audio'.");
        }

        var sender = GetSenders().FirstOrDefault(s => ReferenceEquals(s.Track, track))
            ?? throw new RTCException(DomErrorNames.Syntax, "No RTCRtpSender is available for the track provided.");
        return sender.Dtmf!; // every audio sender has one
    }

    /// <summary>AddTrack's streams become local streams too, as adapter.js does.</summary>
    private void RememberLocalStreams(IEnumerable<MediaStream> streams)
    {
        lock (_sync)
        {
            foreach (var stream in streams)
            {
                if (!_localStreams.Contains(stream))
                {
                    _localStreams.Add(stream);
                }
            }
        }
    }

    /// <summary>Dispatcher: a remote stream gained or lost a track. Losing its last raises <see cref="StreamRemoved"/> now;
    /// gaining its first queues <see cref="StreamAdded"/> for <see cref="AnnounceRemoteStreams"/>.</summary>
    private void OnRemoteStreamChanged(MediaStream stream)
    {
        var holdsTracks = stream.GetTracks().Count > 0;
        var removed = false;
        lock (_sync)
        {
            var listed = _legacyRemoteStreams.Contains(stream);
            if (holdsTracks && !listed)
            {
                _legacyRemoteStreams.Add(stream);
                _streamsToAnnounce.Add(stream);
            }
            else if (!holdsTracks && listed)
            {
                _legacyRemoteStreams.Remove(stream);
                removed = !_streamsToAnnounce.Remove(stream); // never announced: nothing to take back
            }
        }

        if (removed && !IsClosed)
        {
            StreamRemoved?.Invoke(this, new MediaStreamEventArgs(stream));
        }
    }

    /// <summary>Dispatcher, after a Track event: raises <see cref="StreamAdded"/> for the streams that got their first track.</summary>
    private void AnnounceRemoteStreams()
    {
        MediaStream[] streams;
        lock (_sync)
        {
            streams = [.. _streamsToAnnounce];
            _streamsToAnnounce.Clear();
        }

        foreach (var stream in streams)
        {
            if (IsClosed)
            {
                return;
            }

            StreamAdded?.Invoke(this, new MediaStreamEventArgs(stream));
        }
    }
}
#pragma warning restore CS0618
