using RtcNative.Interop;

namespace RtcNative;

/// <summary>Screen and window capture (W3C Screen Capture, getDisplayMedia) over libwebrtc's X11 desktop capturer.</summary>
public sealed partial class MediaDevices
{
    // The capture source behind each display track this library made (for tests and diagnostics; weak on the track).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MediaStreamTrack, DisplayCaptureSource> DisplaySources = [];

    /// <summary>
    /// A stream with one video track capturing the screen, or one window, of an X display (W3C getDisplayMedia).
    /// There is no picker: <paramref name="options"/> names the display and the surface (the whole screen by
    /// default). Frames are captured on a native thread at <see cref="DisplayMediaStreamOptions.FrameRate"/> (30 by
    /// default). The track is an ordinary local video track: send it, clone it, process it. Capture stops when every
    /// track of it was stopped; a captured window that closes ends the track (its Ended event).
    /// </summary>
    /// <param name="options">What to capture; null = the whole screen of $DISPLAY at 30 frames per second.</param>
    /// <param name="cancellationToken">Cancels before the capture starts.</param>
    /// <returns>The stream; its track is the caller's to stop and dispose.</returns>
    /// <exception cref="ArgumentException">An unknown <see cref="DisplayMediaStreamOptions.DisplaySurface"/>, or a
    /// "window" capture with neither a window id nor a title (thrown synchronously).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A frame rate outside 1..120 (thrown synchronously).</exception>
    /// <remarks>The task faults with <see cref="RTCException"/> "NotReadableError" when capture cannot start: no X
    /// display (DISPLAY unset and none named, or the display cannot be opened), no such window, or the surface cannot
    /// be captured; "NotSupportedError" when this build has no X11 capturer.</remarks>
    public Task<MediaStream> GetDisplayMediaAsync(DisplayMediaStreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DisplayMediaStreamOptions();
        var surface = options.DisplaySurface switch
        {
            "monitor" => RtcnDisplaySurface.Monitor,
            "window" => RtcnDisplaySurface.Window,
            _ => throw new ArgumentException(
                $"DisplaySurface \"{options.DisplaySurface}\" is not \"monitor\" or \"window\".", nameof(options)),
        };
        if (surface == RtcnDisplaySurface.Window && options.WindowId is null or 0 && string.IsNullOrEmpty(options.WindowTitle))
        {
            throw new ArgumentException("A \"window\" capture needs a WindowId or a WindowTitle (there is no picker).", nameof(options));
        }

        if (options.FrameRate is { } rate && (double.IsNaN(rate) || rate < 1 || rate > RtcnConstants.RTCN_DISPLAY_MAX_FRAME_RATE))
        {
            throw new ArgumentOutOfRangeException(nameof(options), rate, $"FrameRate must be within 1..{RtcnConstants.RTCN_DISPLAY_MAX_FRAME_RATE}.");
        }

        var factory = Factory.Handle; // ObjectDisposedException synchronously, as a usage error
        // Opening the display and capturing the first frame talk to the X server: off the caller's thread.
        return Task.Run(() => CreateDisplayStream(factory, options, surface), cancellationToken);
    }

    private static MediaStream CreateDisplayStream(RtcnFactoryHandle factory, DisplayMediaStreamOptions options, RtcnDisplaySurface surface)
    {
        var owner = new DisplayCaptureSource();
        var userData = NativeUserData.Create(owner);
        var status = RtcnNativeMethods.rtcn_display_source_create(factory, options.Display, surface, options.WindowId ?? 0,
            options.WindowTitle, options.FrameRate ?? 0, userData, out var source, out var track);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            NativeUserData.FreeUnused(userData);
            source.Dispose();
            track.Dispose();
            // The shim reports a capture that cannot start as an operation failure; the W3C name is NotReadableError.
            throw status == RtcnStatus.ErrorOperation ? new RTCException("NotReadableError", error.Message) : error;
        }

        MediaStreamTrack wrapper;
        try
        {
            wrapper = MediaStreamTrack.FromNative(track);
        }
        catch
        {
            source.Dispose();
            throw;
        }

        owner.Attach(source, wrapper);
        DisplaySources.AddOrUpdate(wrapper, owner);
        return new MediaStream([wrapper]);
    }

    /// <summary>The capture source of a track <see cref="GetDisplayMediaAsync"/> returned; null for other tracks.</summary>
    internal static DisplayCaptureSource? DisplaySourceOf(MediaStreamTrack track) =>
        DisplaySources.TryGetValue(track, out var source) ? source : null;
}
