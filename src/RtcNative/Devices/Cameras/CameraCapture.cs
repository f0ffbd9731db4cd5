using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// An open camera (rtcn_video_capture) and the settings it runs in. Its tracks (the first and their clones) share it;
/// the camera stops when the last of them is stopped or disposed (or, for tracks the program dropped, when the handle
/// is finalized). Thread-safe.
/// </summary>
internal sealed unsafe class CameraCapture
{
    private readonly Lock _lock = new();
    private readonly RtcnVideoCaptureHandle _handle;
    private int _users = 1;

    private CameraCapture(RtcnVideoCaptureHandle handle, CameraDevice device, SelectedSettings settings)
    {
        _handle = handle;
        Device = device;
        Settings = settings;
    }

    public CameraDevice Device { get; }

    /// <summary>What the camera delivers now (SelectSettings' choice).</summary>
    public SelectedSettings Settings { get; private set; }

    /// <summary>Opens <paramref name="device"/> in <paramref name="settings"/> and makes its first track, which keeps
    /// <paramref name="constraints"/> as its own.</summary>
    /// <exception cref="RTCException">"NotReadableError": the camera could not be opened or started.</exception>
    public static MediaStreamTrack Open(PeerConnectionFactory factory, CameraDevice device, SelectedSettings settings, MediaTrackConstraints constraints)
    {
        var format = ToFormat(settings);
        var status = RtcnNativeMethods.rtcn_video_capture_open(factory.Handle, device.DeviceId, &format, null, out var handle, out var track);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
            track.Dispose();
            // Gone since it was listed, or held by another process: either way the chosen camera cannot be read, as
            // Chrome reports it ("Could not start video source").
            throw new RTCException("NotReadableError", $"NotReadableError: the camera \"{device.Label}\" could not be started ({error.Message})", error);
        }

        var capture = new CameraCapture(handle, device, settings);
        try
        {
            var result = MediaStreamTrack.FromNative(track);
            result.AttachCapture(capture, constraints);
            return result;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Restarts the camera in <paramref name="settings"/> when they differ from the current ones.</summary>
    public void Apply(SelectedSettings settings)
    {
        lock (_lock)
        {
            if (ToFormat(settings) is var format && !format.Equals(ToFormat(Settings)))
            {
                RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_capture_set_format(_handle, &format));
            }

            Settings = settings;
        }
    }

    /// <summary>A clone of one of its tracks uses it too.</summary>
    public void AddUser()
    {
        lock (_lock)
        {
            _users++;
        }
    }

    /// <summary>A track of it stopped or was disposed; the last one stops the camera.</summary>
    public void RemoveUser()
    {
        lock (_lock)
        {
            if (_users == 0 || --_users > 0)
            {
                return;
            }
        }

        _handle.Dispose();
    }

    private static RtcnVideoCaptureFormat ToFormat(SelectedSettings settings)
    {
        var (_, mode) = ((CameraDevice, CameraMode))settings.Candidate.Tag!;
        var scaled = settings.ResizeMode == ConstraintSelection.ResizeCropAndScale;
        return new RtcnVideoCaptureFormat
        {
            Width = mode.Width,
            Height = mode.Height,
            MaxFps = mode.MaxFrameRate,
            OutputWidth = scaled ? Math.Min(settings.Width ?? mode.Width, mode.Width) : 0,
            OutputHeight = scaled ? Math.Min(settings.Height ?? mode.Height, mode.Height) : 0,
            OutputFrameRate = scaled ? Math.Min(settings.FrameRate ?? mode.MaxFrameRate, mode.MaxFrameRate) : 0,
        };
    }
}
