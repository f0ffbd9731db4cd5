using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A single audio or video track (W3C MediaStreamTrack): a local track made by a <see cref="VideoTrackGenerator"/>,
/// an <see cref="AudioTrackGenerator"/>, <see cref="MediaDevices.GetUserMediaAsync"/> or <see cref="Clone"/>, or a
/// receiver's remote track. Constraints, capabilities and applyConstraints are in MediaStreamTrack.Constraints.cs.
/// There is one wrapper per native track: the same track reached twice (from a sender, a receiver or a track event)
/// is the same object. Its state is the engine's copy, read without blocking. Dispose releases this wrapper's
/// reference: a sender using the track keeps sending it.
/// </summary>
public sealed partial class MediaStreamTrack : IDisposable
{
    private static readonly Lock RegistryLock = new();
    // Native track address -> its wrapper. Weak: a wrapper the program dropped is collected (its SafeHandle
    // releases the native reference); dead entries are replaced on lookup and swept as the map grows.
    private static readonly Dictionary<nint, WeakReference<MediaStreamTrack>> Registry = [];
    private static int s_sweepThreshold = 64;

    private readonly RtcnMediaTrackHandle _handle;
    private readonly nint _address;
    private int _disposed;
    private int _endedRaised; // Ended raised, or Stop() called (no Ended event after a local stop)
    private DeviceTrackGroup? _deviceTracks; // a device track and its clones: ended together by the device

    private unsafe MediaStreamTrack(RtcnMediaTrackHandle handle)
    {
        _handle = handle;
        _address = handle.DangerousGetHandle();
        RtcnMediaTrackInfo info;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_media_track_get_info(handle, &info));
        // The id and label never change: copied once, while the handle (which keeps the strings valid) is ours.
        Kind = info.Kind == RtcnMediaKind.Audio ? "audio" : "video";
        Id = Utf8.Decode(info.Id) ?? "";
        Label = Utf8.Decode(info.Label) ?? "";
        IsRemote = info.Remote != 0;
    }

    /// <summary>"audio" or "video".</summary>
    public string Kind { get; }

    /// <summary>The track's identifier (a UUID for local tracks; the sender's track id for remote ones).</summary>
    public string Id { get; }

    /// <summary>A label for the source; "" for generator and remote tracks.</summary>
    public string Label { get; }

    /// <summary>Whether the track delivers its source's media. A disabled video track delivers black frames and a
    /// disabled audio track silence, to its senders and processors alike. Setting it on an ended track has no effect.</summary>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public bool Enabled
    {
        get => ReadInfo().Enabled != 0;
        set => RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_media_track_set_enabled(Handle, value ? 1 : 0));
    }

    /// <summary>Whether the source is temporarily unable to provide media: a remote track is muted until media
    /// arrives, and after its receiver's track was removed.</summary>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public bool Muted => ReadInfo().Muted != 0;

    /// <summary>Live or Ended.</summary>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public MediaStreamTrackState ReadyState =>
        ReadInfo().State == RtcnTrackState.Ended ? MediaStreamTrackState.Ended : MediaStreamTrackState.Live;

    /// <summary>The track ended because its source did (a remote peer stopped sending, a receiver stopped, a
    /// captured window closed). Raised once; not raised by <see cref="Stop"/>, as the spec says. Raised on the track's
    /// connection's event thread for remote tracks, on a thread-pool thread for display capture.</summary>
    public event EventHandler? Ended;

    /// <summary>The track became muted (remote tracks: media stopped arriving, or the track was removed).</summary>
    public event EventHandler? Mute;

    /// <summary>The track became unmuted (remote tracks: media arrives).</summary>
    public event EventHandler? Unmute;

    /// <summary>Whether the track is a receiver's.</summary>
    internal bool IsRemote { get; }

    /// <summary>The native track; throws <see cref="ObjectDisposedException"/> after Dispose.</summary>
    internal RtcnMediaTrackHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _handle;
        }
    }

    /// <summary>True when the track ended or was disposed (never throws): what <see cref="MediaStream.Active"/> needs.</summary>
    internal bool IsEndedOrDisposed
    {
        get
        {
            try
            {
                return ReadyState == MediaStreamTrackState.Ended;
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
        }
    }

    /// <summary>Ends the track (W3C stop()): its senders send nothing more and its processors end. Raises no event.
    /// Idempotent.</summary>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public void Stop()
    {
        var handle = Handle;
        Volatile.Write(ref _endedRaised, 1);
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_media_track_stop(handle));
        ReleaseCapture();
    }

    /// <summary>A new track on the same source, with a new <see cref="Id"/> and the same <see cref="Kind"/> and
    /// <see cref="Enabled"/> (W3C clone()). Cloning an ended track gives an ended track. The clone is the caller's
    /// to dispose.</summary>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public MediaStreamTrack Clone()
    {
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_media_track_clone(Handle, out var clone));
        var track = FromNative(clone);
        ShareConstraintsWith(track);
        if (Volatile.Read(ref _deviceTracks) is { } group && !ReferenceEquals(track, this))
        {
            Volatile.Write(ref track._deviceTracks, group);
            group.Add(track);
        }

        return track;
    }

    /// <summary>What the source produces now (W3C getSettings()).</summary>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public unsafe MediaTrackSettings GetSettings()
    {
        RtcnMediaTrackSettings settings;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_media_track_get_settings(Handle, &settings));
        return CompleteSettings(new MediaTrackSettings
        {
            Width = settings.Width < 0 ? null : settings.Width,
            Height = settings.Height < 0 ? null : settings.Height,
            FrameRate = settings.FrameRate < 0 || double.IsNaN(settings.FrameRate) ? null : settings.FrameRate,
            SampleRate = settings.SampleRate < 0 ? null : settings.SampleRate,
            ChannelCount = settings.ChannelCount < 0 ? null : settings.ChannelCount,
        });
    }

    /// <summary>Releases this wrapper's native reference (the track is not stopped: a sender using it keeps
    /// sending). Idempotent; every other member then throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (RegistryLock)
        {
            if (Registry.TryGetValue(_address, out var entry) && entry.TryGetTarget(out var target) && ReferenceEquals(target, this))
            {
                Registry.Remove(_address);
            }
        }

        _handle.Dispose();
        ReleaseCapture();
    }

    /// <inheritdoc/>
    public override string ToString() => $"MediaStreamTrack {Kind} {Id}";

    /// <summary>The one wrapper of a native track: adopts <paramref name="handle"/>, or, when the track already has
    /// a live wrapper, releases the extra reference and returns that wrapper.</summary>
    internal static MediaStreamTrack FromNative(RtcnMediaTrackHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new ArgumentException("A null track handle.", nameof(handle));
        }

        var address = handle.DangerousGetHandle();
        lock (RegistryLock)
        {
            if (Registry.TryGetValue(address, out var entry) && entry.TryGetTarget(out var existing)
                && Volatile.Read(ref existing._disposed) == 0)
            {
                handle.Dispose(); // the existing wrapper holds a reference of its own
                return existing;
            }

            MediaStreamTrack track;
            try
            {
                track = new MediaStreamTrack(handle);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            if (entry is not null)
            {
                entry.SetTarget(track);
            }
            else
            {
                Registry[address] = new WeakReference<MediaStreamTrack>(track);
                SweepIfLarge();
            }

            return track;
        }
    }

    /// <summary>A receiver-track event, called by the connection's event dispatcher (never on a libwebrtc thread).
    /// Unmute and Mute raise <see cref="Unmute"/> and <see cref="Mute"/>; Ended raises <see cref="Ended"/> once;
    /// Removed concerns the streams (handled by the RTP code) and raises nothing here.</summary>
    internal void RaiseRemoteEvent(RtcnReceiverTrackEvent e)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        switch (e)
        {
            case RtcnReceiverTrackEvent.Unmute:
                Unmute?.Invoke(this, EventArgs.Empty);
                break;
            case RtcnReceiverTrackEvent.Mute:
                Mute?.Invoke(this, EventArgs.Empty);
                break;
            case RtcnReceiverTrackEvent.Ended:
                if (Interlocked.Exchange(ref _endedRaised, 1) == 0)
                {
                    Ended?.Invoke(this, EventArgs.Empty);
                }

                break;
        }
    }

    /// <summary>Makes this device track (a microphone or display capture, just opened) the first of its group:
    /// its clones join it, and the device's end reaches them all.</summary>
    internal DeviceTrackGroup StartDeviceTrackGroup()
    {
        var group = new DeviceTrackGroup(this);
        Volatile.Write(ref _deviceTracks, group);
        return group;
    }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Stopped by the program, or Ended already raised.</summary>
    internal bool StoppedOrEndRaised => Volatile.Read(ref _endedRaised) != 0;

    /// <summary>The local source ended by itself (a captured window closed): raises <see cref="Ended"/> once, unless
    /// <see cref="Stop"/> was called. Called on a thread-pool or event thread (never a native one).</summary>
    internal void RaiseSourceEnded()
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _endedRaised, 1) == 0)
        {
            Ended?.Invoke(this, EventArgs.Empty);
        }
    }

    private unsafe RtcnMediaTrackInfo ReadInfo()
    {
        RtcnMediaTrackInfo info;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_media_track_get_info(Handle, &info));
        return info;
    }

    // Under RegistryLock: drops entries whose wrapper was collected once the map doubled since the last sweep.
    private static void SweepIfLarge()
    {
        if (Registry.Count < s_sweepThreshold)
        {
            return;
        }

        foreach (var (address, entry) in Registry)
        {
            if (!entry.TryGetTarget(out _))
            {
                Registry.Remove(address);
            }
        }

        s_sweepThreshold = Math.Max(64, Registry.Count * 2);
    }
}
