using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A video frame (after WebCodecs VideoFrame): a reference to a native I420 or NV12 buffer. Frames made by
/// <see cref="CreateI420"/> are writable buffers to fill and hand to a <see cref="VideoTrackGenerator"/>; frames read
/// from a <see cref="MediaStreamTrackProcessor"/> are the caller's to dispose. <see cref="GetPlane"/> returns spans
/// over native memory: do not keep them past <see cref="Dispose"/> (the memory is then freed), nor past a call that
/// gives the frame another picture (<see cref="VideoTrackGenerator.Submit"/>, a processor's read into this frame).
/// A frame is not thread-safe; Dispose runs once, on any thread, when nothing else uses the frame: a second Dispose
/// throws <see cref="ObjectDisposedException"/>, as does every other member after it.
/// <para>Frames may be reused without allocation per frame: <c>new VideoFrame()</c> is an empty destination for
/// <see cref="MediaStreamTrackProcessor.ReadVideoFrameAsync(VideoFrame, CancellationToken)"/> and
/// <see cref="MediaStreamTrackProcessor.TryReadVideoFrame(VideoFrame)"/>, and a frame made by
/// <see cref="CreateI420"/> can be filled and submitted again and again.</para>
/// </summary>
public sealed class VideoFrame : IDisposable
{
    private readonly RtcnVideoFrameHandle _handle;
    private RtcnVideoFrameInfo _info; // cached: refreshed whenever the native frame gets another picture
    private int _disposed;

    /// <summary>An empty frame: a destination for the processor's reads into a frame. Until a read fills it, it holds
    /// no picture: <see cref="IsEmpty"/> is true, <see cref="Width"/>, <see cref="Height"/>, <see cref="PlaneCount"/>
    /// are 0, <see cref="Timestamp"/> is zero, <see cref="Format"/> is <see cref="VideoPixelFormat.I420"/>,
    /// <see cref="IsWritable"/> is false, and <see cref="GetPlane"/>, <see cref="GetStride"/>,
    /// <see cref="GetCopySize"/> and <see cref="CopyTo(Span{byte}, VideoPixelFormat)"/> throw
    /// <see cref="InvalidOperationException"/> ("holds no picture"); a generator refuses it likewise.</summary>
    public VideoFrame()
    {
        NativeRuntime.EnsureInitialized();
        _handle = HandleResults.Created(RtcnNativeMethods.rtcn_video_frame_create_empty(out var handle), handle);
        // The info of an empty frame is all zeros (no native call needed).
    }

    internal VideoFrame(RtcnVideoFrameHandle handle)
    {
        _handle = HandleResults.Created(LoadInfo(handle, out _info), handle);
    }

    /// <summary>Whether the frame holds no picture (a <c>new VideoFrame()</c> no read has filled yet).</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public bool IsEmpty => Info.PlaneCount == 0;

    /// <summary>The width in pixels.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public int Width => Info.Width;

    /// <summary>The height in pixels.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public int Height => Info.Height;

    /// <summary>The presentation time: for frames made here, what the creator set; for frames read from a
    /// processor, the capture time on the engine's monotonic clock (see <see cref="TestPattern.NowMilliseconds"/>).
    /// Setting it needs a non-negative value.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative timestamp was set.</exception>
    public TimeSpan Timestamp
    {
        get => TimeSpan.FromTicks(Info.TimestampUs * TimeSpan.TicksPerMicrosecond);
        set
        {
            var microseconds = ToMicroseconds(value);
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_frame_set_timestamp(Handle, microseconds));
            _info.TimestampUs = microseconds;
        }
    }

    /// <summary>The buffer's format: <see cref="VideoPixelFormat.I420"/> or <see cref="VideoPixelFormat.NV12"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public VideoPixelFormat Format => Info.Format.ToPublic();

    /// <summary>The number of planes: 3 for I420, 2 for NV12.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public int PlaneCount => Info.PlaneCount;

    /// <summary>Whether the planes may be written: true for frames made by <see cref="CreateI420"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public bool IsWritable => Info.Writable != 0;

    /// <summary>The native frame; throws <see cref="ObjectDisposedException"/> after Dispose.</summary>
    internal RtcnVideoFrameHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _handle;
        }
    }

    private ref readonly RtcnVideoFrameInfo Info
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return ref _info;
        }
    }

    /// <summary>A writable I420 frame, black, with chroma planes of (width + 1) / 2 by (height + 1) / 2.</summary>
    /// <param name="width">1 to 8192 pixels (odd sizes are fine).</param>
    /// <param name="height">1 to 8192 pixels.</param>
    /// <param name="timestamp">The presentation time; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the timestamp is out of range.</exception>
    public static VideoFrame CreateI420(int width, int height, TimeSpan timestamp)
    {
        CheckDimensions(width, height);
        var microseconds = ToMicroseconds(timestamp);
        NativeRuntime.EnsureInitialized();
        var status = RtcnNativeMethods.rtcn_video_frame_create_i420(width, height, microseconds, out var handle);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
            throw error;
        }

        return new VideoFrame(handle);
    }

    /// <summary>A plane's bytes, over the native buffer (no copy): I420 0 = Y, 1 = U, 2 = V; NV12 0 = Y,
    /// 1 = interleaved UV. Rows are <see cref="GetStride"/> bytes apart; the last row may be just its width long.
    /// Write only to frames that are <see cref="IsWritable"/> (frames read from a processor are private copies of the
    /// decoder's output, but writing them is not supported). The span is valid until <see cref="Dispose"/>.</summary>
    /// <param name="index">The plane index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a plane of this frame.</exception>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="InvalidOperationException">The frame holds no picture (see <see cref="IsEmpty"/>).</exception>
    public unsafe Span<byte> GetPlane(int index)
    {
        ref readonly var info = ref PictureInfo;
        CheckPlane(index, info.PlaneCount);
        var (data, size) = index switch
        {
            0 => ((nint)info.Data0, info.Size0),
            1 => ((nint)info.Data1, info.Size1),
            _ => ((nint)info.Data2, info.Size2),
        };
        return new Span<byte>((void*)data, checked((int)size));
    }

    /// <summary>The distance in bytes between the starts of two rows of a plane.</summary>
    /// <param name="index">The plane index (see <see cref="GetPlane"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a plane of this frame.</exception>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="InvalidOperationException">The frame holds no picture.</exception>
    public int GetStride(int index)
    {
        ref readonly var info = ref PictureInfo;
        CheckPlane(index, info.PlaneCount);
        return index switch
        {
            0 => info.Stride0,
            1 => info.Stride1,
            _ => info.Stride2,
        };
    }

    /// <summary>The bytes <see cref="CopyTo(Span{byte}, VideoPixelFormat)"/> needs for a format: width * 4 * height
    /// for the packed formats, the tightly packed planes for I420 and NV12.</summary>
    /// <param name="format">The destination format.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a format.</exception>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="InvalidOperationException">The frame holds no picture.</exception>
    public int GetCopySize(VideoPixelFormat format)
    {
        var native = format.ToNative();
        _ = PictureInfo;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_frame_copy_size(Handle, native, out var size));
        return checked((int)size);
    }

    /// <summary>Converts the frame natively (libyuv) into <paramref name="destination"/>: the packed formats with
    /// rows of width * 4 bytes, I420 and NV12 as tightly packed planes one after the other (WebCodecs' default
    /// layout).</summary>
    /// <param name="destination">At least <see cref="GetCopySize"/> bytes.</param>
    /// <param name="format">The destination format.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a format.</exception>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="InvalidOperationException">The frame holds no picture.</exception>
    public void CopyTo(Span<byte> destination, VideoPixelFormat format) => CopyTo(destination, format, 0);

    /// <summary>Converts the frame into <paramref name="destination"/> with rows <paramref name="stride"/> bytes apart
    /// (packed formats only; I420 and NV12 are always tightly packed).</summary>
    /// <param name="destination">Large enough for <paramref name="stride"/> * (height - 1) + width * 4 bytes.</param>
    /// <param name="format">The destination format.</param>
    /// <param name="stride">Bytes from one row to the next; 0 for width * 4.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the stride is shorter than a row.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a format, or the stride is negative.</exception>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="InvalidOperationException">The frame holds no picture.</exception>
    public unsafe void CopyTo(Span<byte> destination, VideoPixelFormat format, int stride)
    {
        var native = format.ToNative();
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        _ = PictureInfo;
        var handle = Handle;
        fixed (byte* buffer = destination)
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_frame_copy_to(handle, native, buffer, (ulong)destination.Length, stride));
        }
    }

    /// <summary>Releases the frame's buffer reference. Every member then throws <see cref="ObjectDisposedException"/>,
    /// and spans from <see cref="GetPlane"/> must no longer be used. Dispose a frame once: a second Dispose throws
    /// <see cref="ObjectDisposedException"/> (it points at a second owner, which would otherwise use a frame another
    /// part of the program let go).</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed already.</exception>
    public void Dispose()
    {
        ObjectDisposedException.ThrowIf(Interlocked.Exchange(ref _disposed, 1) != 0, this);
        _handle.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Volatile.Read(ref _disposed) != 0 ? "VideoFrame (disposed)"
        : IsEmpty ? "VideoFrame (empty)"
        : $"VideoFrame {Width}x{Height} {Format} at {Timestamp}";

    /// <summary>Reads the native frame's info again after it got another picture (a read into it, a submit).</summary>
    internal void Refresh()
    {
        var status = LoadInfo(_handle, out _info);
        if (status != RtcnStatus.Ok)
        {
            throw RtcnErrors.LastError(status);
        }
    }

    /// <summary>The info of a frame that must hold a picture.</summary>
    private ref readonly RtcnVideoFrameInfo PictureInfo
    {
        get
        {
            ref readonly var info = ref Info;
            if (info.PlaneCount == 0)
            {
                throw new InvalidOperationException("The frame holds no picture (an empty frame no read has filled yet).");
            }

            return ref info;
        }
    }

    private static unsafe RtcnStatus LoadInfo(RtcnVideoFrameHandle handle, out RtcnVideoFrameInfo info)
    {
        RtcnVideoFrameInfo loaded;
        var status = RtcnNativeMethods.rtcn_video_frame_get_info(handle, &loaded);
        info = loaded;
        return status;
    }

    internal static long ToMicroseconds(TimeSpan timestamp, string name = "timestamp")
    {
        if (timestamp < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, timestamp, "A timestamp must not be negative.");
        }

        return timestamp.Ticks / TimeSpan.TicksPerMicrosecond;
    }

    internal static void CheckDimensions(int width, int height)
    {
        if (width is < 1 or > RtcnConstants.RTCN_VIDEO_MAX_DIMENSION)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The width must be from 1 to {RtcnConstants.RTCN_VIDEO_MAX_DIMENSION}.");
        }

        if (height is < 1 or > RtcnConstants.RTCN_VIDEO_MAX_DIMENSION)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"The height must be from 1 to {RtcnConstants.RTCN_VIDEO_MAX_DIMENSION}.");
        }
    }

    private static void CheckPlane(int index, int planeCount)
    {
        if ((uint)index >= (uint)planeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The frame has {planeCount} planes.");
        }
    }
}
