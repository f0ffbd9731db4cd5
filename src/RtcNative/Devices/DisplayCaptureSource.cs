using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// The native display capture source behind a <see cref="MediaDevices.GetDisplayMediaAsync"/> track. Rooted while
/// it captures (the program may hold only the track, or only a sender): capture is the source's pending activity,
/// as in a browser. When the source ends by itself (the window closed, every track stopped) the native side says so
/// once; its track and the track's clones then raise Ended (unless stopped) and the source is released.
/// </summary>
internal sealed class DisplayCaptureSource : INativeOwner
{
    private readonly Lock _lock = new();
    private RtcnDisplaySourceHandle? _handle;
    private DeviceTrackGroup? _tracks;
    private bool _nativeEnded;
    private bool _finished;

    /// <summary>Whether the source ended and was released (capture stopped, its X connection closed).</summary>
    internal bool CaptureEnded
    {
        get
        {
            lock (_lock)
            {
                return _finished;
            }
        }
    }

    /// <summary>Frames captured so far; null once the source ended.</summary>
    internal ulong? FrameCount
    {
        get
        {
            lock (_lock)
            {
                // Under the lock: Finish cannot release the handle during the read.
                if (_finished || _handle is null)
                {
                    return null;
                }

                RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_display_source_get_frame_count(_handle, out var count));
                return count;
            }
        }
    }

    /// <summary>Adopts a created source and its first track (once, right after creation; the end may already have
    /// been reported by then).</summary>
    public void Attach(RtcnDisplaySourceHandle handle, MediaStreamTrack track)
    {
        KeepAlive.Hold(this);
        lock (_lock)
        {
            _handle = handle;
            _tracks = track.StartDeviceTrackGroup();
            if (!_nativeEnded)
            {
                return;
            }
        }

        QueueFinish();
    }

    /// <summary>display_source_ended, on libwebrtc's signaling thread: the work moves to the thread pool (a callback
    /// must not block nor call the ABI).</summary>
    public void OnNativeEnded()
    {
        lock (_lock)
        {
            if (_nativeEnded)
            {
                return;
            }

            _nativeEnded = true;
            if (_handle is null)
            {
                return; // Attach finishes
            }
        }

        QueueFinish();
    }

    /// <inheritdoc/>
    public void OnNativeReleased()
    {
    }

    private void QueueFinish() =>
        ThreadPool.UnsafeQueueUserWorkItem(static source => source.Finish(), this, preferLocal: false);

    private void Finish()
    {
        RtcnDisplaySourceHandle? handle;
        DeviceTrackGroup? tracks;
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            handle = _handle;
            tracks = _tracks;
        }

        try
        {
            tracks?.RaiseEnded();
        }
        finally
        {
            handle?.Dispose();
            KeepAlive.Release(this);
        }
    }
}
