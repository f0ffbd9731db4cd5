using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

// Tracks, transceivers, senders and receivers (webrtc-pc's RTP media API). The engine owns the transceivers; this
// side keeps one wrapper per native transceiver object (its address identifies it) and the remote MediaStream
// objects, which exist only in C# as in a browser's JavaScript.
public sealed partial class RTCPeerConnection
{
    private readonly Dictionary<nint, RTCRtpTransceiver> _transceivers = []; // under _sync
    private readonly Dictionary<string, MediaStream> _remoteStreams = new(StringComparer.Ordinal); // dispatcher only

    /// <summary>A remote track will deliver media (W3C ontrack): raised while a remote description is applied,
    /// before its task completes, once per transceiver whose remote direction starts sending.</summary>
    public event EventHandler<RTCTrackEventArgs>? Track;

    /// <summary>Sends a track (W3C addTrack()): reuses a transceiver of the same kind that never sent and has no
    /// track, else adds one; negotiation is needed.</summary>
    /// <param name="track">The track; it must belong to this connection's factory.</param>
    /// <param name="streams">The streams to announce the track in (a=msid).</param>
    /// <returns>The sender.</returns>
    /// <exception cref="RTCException">"InvalidAccessError" when the track already has a sender here or comes from
    /// another factory; "InvalidStateError" when closed.</exception>
    public unsafe RTCRtpSender AddTrack(MediaStreamTrack track, params MediaStream[] streams)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(streams);
        ThrowIfDisposed();
        var ids = StreamIds(streams, nameof(streams));
        using var strings = new Utf8StringArena();
        var status = RtcnNativeMethods.rtcn_peer_connection_add_track(_handle, track.Handle, strings.Add(ids), ids.Count, out var handle);
        var sender = Adopt(HandleResults.Take(status, handle)!).Sender;
        RememberLocalStreams(streams);
        return sender;
    }

    /// <summary>Stops sending the sender's track (W3C removeTrack()): the sender keeps no track and its transceiver
    /// stops sending; negotiation is needed.</summary>
    /// <exception cref="RTCException">"InvalidAccessError" for a sender of another connection; "InvalidStateError" when closed.</exception>
    public void RemoveTrack(RTCRtpSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ThrowIfDisposed();
        if (!ReferenceEquals(sender.Transceiver.Connection, this))
        {
            throw new RTCException(DomErrorNames.InvalidAccess, "The sender was not created by this connection.");
        }

        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_peer_connection_remove_track(_handle, sender.Transceiver.Handle));
    }

    /// <summary>Adds a transceiver sending a track (W3C addTransceiver(track)).</summary>
    /// <exception cref="ArgumentException">A bad init: direction Stopped, a malformed or repeated rid, scale below 1.</exception>
    /// <exception cref="RTCException">"InvalidStateError" when closed; "InvalidAccessError" for a track of another factory.</exception>
    public RTCRtpTransceiver AddTransceiver(MediaStreamTrack track, RTCRtpTransceiverInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        return AddTransceiverCore(track.Kind == "audio" ? MediaKind.Audio : MediaKind.Video, track, init);
    }

    /// <summary>Adds a transceiver without a track (W3C addTransceiver(kind)).</summary>
    /// <exception cref="ArgumentException">An unknown kind, or a bad init.</exception>
    /// <exception cref="RTCException">"InvalidStateError" when closed.</exception>
    public RTCRtpTransceiver AddTransceiver(MediaKind kind, RTCRtpTransceiverInit? init = null)
    {
        if (kind is not (MediaKind.Audio or MediaKind.Video))
        {
            throw new ArgumentException($"'{kind}' is not a media kind (a W3C TypeError).", nameof(kind));
        }

        return AddTransceiverCore(kind, null, init);
    }

    /// <summary>The transceivers, in creation order (W3C getTransceivers()).</summary>
    public IReadOnlyList<RTCRtpTransceiver> GetTransceivers()
    {
        ThrowIfDisposed();
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_peer_connection_get_transceiver_count(_handle, out var count));
        var list = new List<RTCRtpTransceiver>(count);
        for (var i = 0; i < count; i++)
        {
            if (HandleResults.Take(RtcnNativeMethods.rtcn_peer_connection_get_transceiver(_handle, i, out var handle), handle) is not { } taken)
            {
                break; // fewer than counted: changed meanwhile
            }

            list.Add(Adopt(taken));
        }

        return list;
    }

    /// <summary>The senders of the transceivers that are not stopped (W3C getSenders()).</summary>
    public IReadOnlyList<RTCRtpSender> GetSenders() => [.. GetTransceivers().Where(t => !t.IsStopped).Select(t => t.Sender)];

    /// <summary>The receivers of the transceivers that are not stopped (W3C getReceivers()).</summary>
    public IReadOnlyList<RTCRtpReceiver> GetReceivers() => [.. GetTransceivers().Where(t => !t.IsStopped).Select(t => t.Receiver)];

    /// <summary>Runs a sender/receiver operation through the connection's completion path (ordered with its events).</summary>
    internal Task<TResult> RunMediaOperation<TResult, TState>(OperationKind kind, TState state, CancellationToken cancellationToken,
        Func<object?, TResult> convert, Func<TState, nint, RtcnStatus> start) =>
        RunOperation<TResult, (TState State, Func<TState, nint, RtcnStatus> Start)>(kind, (state, start), cancellationToken, convert,
            static (_, s, userData) => s.Start(s.State, userData));

    /// <summary>Dispatcher: the track event (native: peer_connection_track).</summary>
    private void RaiseTrack(TrackAnnouncement announcement)
    {
        var transceiver = Adopt(announcement.Transceiver);
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }
        }

        var track = transceiver.Receiver.Track;
        var streams = SetRemoteStreams(track, announcement.StreamIds);
        Track?.Invoke(this, new RTCTrackEventArgs(transceiver.Receiver, track, streams, transceiver));
        AnnounceRemoteStreams();
    }

    /// <summary>Dispatcher: something happened to a receiver's track (native: peer_connection_receiver_track_event).</summary>
    private void RaiseReceiverTrackEvent(nint key, RtcnReceiverTrackEvent trackEvent)
    {
        RTCRtpTransceiver? transceiver;
        lock (_sync)
        {
            if (_closed || !_transceivers.TryGetValue(key, out transceiver))
            {
                return; // never announced to C#: nobody can hold its track
            }
        }

        var track = transceiver.Receiver.Track;
        if (trackEvent == RtcnReceiverTrackEvent.Removed)
        {
            SetRemoteStreams(track, []);
            return;
        }

        track.RaiseRemoteEvent(trackEvent);
    }

    /// <summary>Dispatcher: a sender's DTMF tone started or its buffer emptied (native: rtp_sender_dtmf_tone_change).</summary>
    private void RaiseDtmfToneChange(nint key, string tone)
    {
        RTCRtpTransceiver? transceiver;
        lock (_sync)
        {
            if (_closed || !_transceivers.TryGetValue(key, out transceiver))
            {
                return; // only a sender C# holds can have had tones inserted
            }
        }

        transceiver.Sender.Dtmf?.RaiseToneChange(tone);
    }

    /// <summary>webrtc-pc "set the associated remote streams": the track leaves the streams not listed and joins the
    /// listed ones (created on first use, one object per id for the connection's life), firing their events.</summary>
    private List<MediaStream> SetRemoteStreams(MediaStreamTrack track, IReadOnlyList<string> ids)
    {
        foreach (var (id, stream) in _remoteStreams)
        {
            if (!ids.Contains(id))
            {
                stream.RemoveTrackFromRemote(track);
                OnRemoteStreamChanged(stream);
            }
        }

        var streams = new List<MediaStream>(ids.Count);
        foreach (var id in ids)
        {
            if (!_remoteStreams.TryGetValue(id, out var stream))
            {
                stream = new MediaStream(id);
                _remoteStreams.Add(id, stream);
            }

            stream.AddTrackFromRemote(track);
            OnRemoteStreamChanged(stream);
            streams.Add(stream);
        }

        return streams;
    }

    private unsafe RTCRtpTransceiver AddTransceiverCore(MediaKind kind, MediaStreamTrack? track, RTCRtpTransceiverInit? init)
    {
        ThrowIfDisposed();
        init ??= new RTCRtpTransceiverInit();
        if (init.Direction == RTCRtpTransceiverDirection.Stopped || !Enum.IsDefined(init.Direction))
        {
            throw new ArgumentException($"'{init.Direction}' is not a direction a transceiver can start with (a W3C TypeError).", nameof(init));
        }

        var ids = StreamIds(init.Streams ?? [], nameof(init));
        var encodingsIn = init.SendEncodings ?? [];
        using var strings = new Utf8StringArena();
        var encodings = strings.AddArray<RtcnRtpEncoding>(encodingsIn.Count);
        for (var i = 0; i < encodingsIn.Count; i++)
        {
            encodings[i] = RtpNative.ToNative(encodingsIn[i], strings, nameof(init));
        }

        var native = new RtcnRtpTransceiverInit
        {
            Direction = init.Direction.ToNative(),
            StreamIds = strings.Add(ids),
            StreamIdCount = ids.Count,
            SendEncodings = encodings,
            SendEncodingCount = encodingsIn.Count,
        };
        var status = RtcnNativeMethods.rtcn_peer_connection_add_transceiver(_handle, kind.ToNative(), track?.Handle ?? RtcnMediaTrackHandle.Null,
            &native, out var handle);
        return Adopt(HandleResults.Take(status, handle)!);
    }

    /// <summary>The wrapper of a transceiver handle the shim handed over (a new reference): the existing one, whose
    /// reference this one duplicates (released), or a new wrapper that keeps it.</summary>
    private RTCRtpTransceiver Adopt(RtcnRtpTransceiverHandle handle)
    {
        var key = handle.DangerousGetHandle();
        lock (_sync)
        {
            if (_transceivers.TryGetValue(key, out var existing))
            {
                handle.Dispose();
                return existing;
            }
        }

        var created = new RTCRtpTransceiver(this, handle);
        lock (_sync)
        {
            if (_transceivers.TryGetValue(key, out var raced))
            {
                handle.Dispose();
                return raced;
            }

            _transceivers.Add(key, created);
            return created;
        }
    }

    /// <summary>Releases the transceivers' native references and their receivers' tracks (Dispose): like its data
    /// channels, what the connection created goes with it (a remote track kept the factory's threads alive).</summary>
    private void DisposeTransceivers()
    {
        RTCRtpTransceiver[] transceivers;
        lock (_sync)
        {
            transceivers = [.. _transceivers.Values];
        }

        foreach (var transceiver in transceivers)
        {
            transceiver.Receiver.DisposeTrack();
            transceiver.Handle.Dispose();
        }
    }

    private static List<string> StreamIds(IEnumerable<MediaStream> streams, string parameterName)
    {
        var ids = new List<string>();
        foreach (var stream in streams)
        {
            if (stream is null)
            {
                throw new ArgumentException("The stream list holds null.", parameterName);
            }

            if (!ids.Contains(stream.Id))
            {
                ids.Add(stream.Id);
            }
        }

        return ids;
    }
}

/// <summary>A track event copied out of the native callback: the transceiver (the new reference it handed over, owned
/// at once so a dropped event cannot leak it) and the stream ids.</summary>
internal sealed record TrackAnnouncement(RtcnRtpTransceiverHandle Transceiver, string[] StreamIds);
