namespace RtcNative;

// The constrainable-object half of MediaStreamTrack (mediacapture-streams): getCapabilities, getConstraints,
// getSettings' device members, applyConstraints. A camera track re-selects its camera's mode; any other track
// (generators, remote tracks, microphones opened by another layer) is one fixed setting: what it produces now.
public sealed partial class MediaStreamTrack
{
    private readonly Lock _constraintsLock = new();
    private MediaTrackConstraints _constraints = new();
    private CameraCapture? _capture;
    private int _captureReleased;
    private MicrophoneSettings? _microphone; // microphone tracks: their device and processing (set once, at open)

    /// <summary>The values this track's properties can take (W3C getCapabilities()). A camera track: its camera's
    /// sizes and rates, croppable and scalable ("crop-and-scale"), its device and group ids. Other video tracks: the
    /// size they produce now (null before the first frame), resizeMode "none". Audio tracks: their sample rate and
    /// channel count.</summary>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public MediaTrackCapabilities GetCapabilities()
    {
        if (_capture is { } capture)
        {
            return capture.Device.Capabilities();
        }

        var s = GetSettings();
        if (Kind == "audio")
        {
            // A microphone's processing is chosen when it opens: each switch can take the one value it has.
            return new MediaTrackCapabilities
            {
                SampleRate = s.SampleRate is { } rate ? new ULongRange((uint)rate, (uint)rate) : null,
                ChannelCount = s.ChannelCount is { } channels ? new ULongRange((uint)channels, (uint)channels) : null,
                EchoCancellation = s.EchoCancellation is { } echo ? [echo] : null,
                NoiseSuppression = s.NoiseSuppression is { } noise ? [noise] : null,
                AutoGainControl = s.AutoGainControl is { } gain ? [gain] : null,
                DeviceId = s.DeviceId,
                GroupId = s.GroupId,
            };
        }

        return new MediaTrackCapabilities
        {
            Width = s.Width is { } w ? new ULongRange((uint)w, (uint)w) : null,
            Height = s.Height is { } h ? new ULongRange((uint)h, (uint)h) : null,
            AspectRatio = s.AspectRatio is { } a ? new DoubleRange(a, a) : null,
            ResizeMode = [ConstraintSelection.ResizeNone],
        };
    }

    /// <summary>The constraints last applied (W3C getConstraints()): those getUserMedia opened the track with, or the
    /// last successful <see cref="ApplyConstraintsAsync"/>; empty for other tracks until then. A clone starts with its
    /// original's.</summary>
    public MediaTrackConstraints GetConstraints()
    {
        lock (_constraintsLock)
        {
            return _constraints;
        }
    }

    /// <summary>Applies <paramref name="constraints"/> (W3C applyConstraints(); null = none): SelectSettings over
    /// what the track can take. A camera track restarts its camera in the mode chosen (the track and its clones share
    /// the camera's mode); other tracks only check the constraints against what they produce now. When they cannot
    /// be satisfied the task faults with <see cref="OverconstrainedError"/> and the track is unchanged.</summary>
    /// <param name="constraints">The new constraints.</param>
    /// <param name="cancellationToken">Cancels before the constraints are applied.</param>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public Task ApplyConstraintsAsync(MediaTrackConstraints? constraints = null, CancellationToken cancellationToken = default)
    {
        _ = Handle; // ObjectDisposedException synchronously (a usage error)
        constraints ??= new MediaTrackConstraints();
        if (_capture is { } capture)
        {
            // Restarting a camera blocks (the capture thread is joined): off the caller's thread.
            return Task.Run(() => ApplyToCamera(capture, constraints), cancellationToken);
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConstraintSelection.Select([CurrentSetting()], constraints);
            lock (_constraintsLock)
            {
                _constraints = constraints;
            }

            return Task.CompletedTask;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>A microphone track (and, through clones, every track of its device) was opened with
    /// <paramref name="microphone"/>; getUserMedia's <paramref name="constraints"/> when it came from there.</summary>
    internal void AttachMicrophone(MicrophoneSettings microphone, MediaTrackConstraints? constraints)
    {
        _microphone = microphone;
        if (constraints is not null)
        {
            lock (_constraintsLock)
            {
                _constraints = constraints;
            }
        }
    }

    /// <summary>getUserMedia: this track is the first of <paramref name="capture"/>, opened for its settings.</summary>
    internal void AttachCapture(CameraCapture capture, MediaTrackConstraints constraints)
    {
        _capture = capture;
        lock (_constraintsLock)
        {
            _constraints = constraints;
        }
    }

    private void ApplyToCamera(CameraCapture capture, MediaTrackConstraints constraints)
    {
        var selected = ConstraintSelection.Select(capture.Device.Candidates(), constraints);
        capture.Apply(selected);
        lock (_constraintsLock)
        {
            _constraints = constraints;
        }
    }

    // The one setting a track that is not a camera has: what it produces now. Its frame rate is not its own choice
    // (the program or the remote peer paces it), so it is not offered.
    private SettingsCandidate CurrentSetting()
    {
        var s = GetSettings();
        return new SettingsCandidate
        {
            Width = s.Width,
            Height = s.Height,
            SampleRate = s.SampleRate,
            ChannelCount = s.ChannelCount,
            DeviceId = s.DeviceId,
            GroupId = s.GroupId,
            EchoCancellation = s.EchoCancellation,
            NoiseSuppression = s.NoiseSuppression,
            AutoGainControl = s.AutoGainControl,
        };
    }

    private MediaTrackSettings CompleteSettings(MediaTrackSettings settings)
    {
        var aspect = settings.Width is { } w && settings.Height is { } h && h > 0 ? (double)w / h : (double?)null;
        if (_microphone is { } microphone)
        {
            return settings with
            {
                DeviceId = microphone.DeviceId,
                GroupId = microphone.GroupId,
                EchoCancellation = microphone.Options.EchoCancellation,
                NoiseSuppression = microphone.Options.NoiseSuppression,
                AutoGainControl = microphone.Options.AutoGainControl,
            };
        }

        if (_capture is not { } capture)
        {
            return settings with { AspectRatio = aspect };
        }

        var selected = capture.Settings;
        return settings with
        {
            Width = selected.Width,
            Height = selected.Height,
            AspectRatio = selected.AspectRatio,
            FrameRate = selected.FrameRate,
            ResizeMode = selected.ResizeMode,
            DeviceId = capture.Device.DeviceId,
            GroupId = capture.Device.GroupId,
        };
    }

    private void ShareConstraintsWith(MediaStreamTrack clone)
    {
        if (ReferenceEquals(clone, this))
        {
            return;
        }

        lock (_constraintsLock)
        {
            lock (clone._constraintsLock)
            {
                clone._constraints = _constraints;
            }
        }

        clone._microphone ??= _microphone;
        if (_capture is { } capture && clone._capture is null)
        {
            capture.AddUser();
            clone._capture = capture;
        }
    }

    // Stop or Dispose: this track no longer uses its camera (once).
    private void ReleaseCapture()
    {
        if (_capture is { } capture && Interlocked.Exchange(ref _captureReleased, 1) == 0)
        {
            capture.RemoveUser();
        }
    }
}
