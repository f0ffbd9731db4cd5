using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A video source the program writes frames to, and its track (after mediacapture-transform VideoTrackGenerator).
/// Frames are delivered to the track's senders and processors as they are written (a live source: the caller
/// paces the writes), or by the built-in moving test pattern (<see cref="StartTestPattern"/>). The generator owns
/// <see cref="Track"/>: Dispose ends the source, which ends the track and its clones, and disposes
/// <see cref="Track"/>. Thread-safe.
/// </summary>
public sealed class VideoTrackGenerator : IDisposable
{
    private readonly RtcnVideoSourceHandle _source;
    private int _disposed;

    /// <summary>A generator on <see cref="PeerConnectionFactory.Default"/>.</summary>
    public VideoTrackGenerator()
        : this(PeerConnectionFactory.Default)
    {
    }

    /// <summary>A generator on <paramref name="factory"/> (whose connections can send its track).</summary>
    /// <param name="factory">The factory.</param>
    /// <exception cref="ObjectDisposedException">The factory was disposed.</exception>
    public VideoTrackGenerator(PeerConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var status = RtcnNativeMethods.rtcn_video_generator_create(factory.Handle, null, out var source, out var track);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            source.Dispose();
            track.Dispose();
            throw error;
        }

        _source = source;
        try
        {
            Track = MediaStreamTrack.FromNative(track);
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    /// <summary>The generator's video track ("video", live until the generator is disposed or the track stopped).</summary>
    public MediaStreamTrack Track { get; }

    private RtcnVideoSourceHandle Source
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _source;
        }
    }

    /// <summary>Delivers a copy of <paramref name="frame"/> with its <see cref="VideoFrame.Timestamp"/>; the frame stays
    /// the caller's (and writable).</summary>
    /// <param name="frame">The frame.</param>
    /// <exception cref="InvalidOperationException"><paramref name="frame"/> holds no picture (an empty frame).</exception>
    /// <exception cref="ObjectDisposedException">The generator or the frame was disposed.</exception>
    /// <exception cref="RTCException">"InvalidStateError": the source ended.</exception>
    public void Write(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ThrowIfEmpty(frame);
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_source_write_frame(Source, frame.Handle));
    }

    /// <summary>Delivers <paramref name="frame"/>'s buffer without a copy (the zero-copy path: <see cref="VideoFrame.CreateI420"/>
    /// once, then fill and submit every frame) and gives the frame a fresh writable I420 buffer of the same size, from
    /// the generator's pool (buffers the encoder and the processors let go are reused, so steady state allocates
    /// nothing). The frame stays the caller's, with its <see cref="VideoFrame.Timestamp"/>; the new buffer's content
    /// is unspecified (often an earlier picture): draw every pixel before the next submit. Spans from
    /// <see cref="VideoFrame.GetPlane"/> taken before this call refer to the delivered picture: do not use them
    /// after it (take them again). On an exception the frame keeps its picture.</summary>
    /// <param name="frame">The frame; not disposed by this call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="frame"/> holds no picture (an empty frame).</exception>
    /// <exception cref="ObjectDisposedException">The generator or the frame was disposed.</exception>
    /// <exception cref="RTCException">"InvalidStateError": the source ended.</exception>
    public void Submit(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ThrowIfEmpty(frame);
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_source_submit_frame_renew(Source, frame.Handle));
        frame.Refresh();
    }

    private static void ThrowIfEmpty(VideoFrame frame)
    {
        if (frame.IsEmpty)
        {
            throw new InvalidOperationException("The frame holds no picture (an empty frame no read has filled yet).");
        }
    }

    /// <summary>Copies pixels the caller owns (converted natively to I420) and delivers them. Packed formats
    /// (<see cref="VideoPixelFormat.Rgba"/>, <see cref="VideoPixelFormat.Bgra"/>, <see cref="VideoPixelFormat.Argb"/>)
    /// have rows <paramref name="stride"/> bytes apart; I420 and NV12 must be tightly packed planes one after the other
    /// (Y, then U and V of (width + 1) / 2 by (height + 1) / 2, or Y then interleaved UV).</summary>
    /// <param name="pixels">The pixels.</param>
    /// <param name="format">Their format.</param>
    /// <param name="width">1 to 8192 pixels.</param>
    /// <param name="height">1 to 8192 pixels.</param>
    /// <param name="timestamp">The frame's timestamp; not negative.</param>
    /// <param name="stride">Packed formats: bytes from one row to the next, 0 for width * 4. Planar formats: 0 or
    /// <paramref name="width"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> is shorter than the frame, or the stride is
    /// shorter than a row.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size, the stride, the format or the timestamp is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="RTCException">"InvalidStateError": the source ended.</exception>
    public unsafe void Write(ReadOnlySpan<byte> pixels, VideoPixelFormat format, int width, int height, TimeSpan timestamp, int stride = 0)
    {
        var native = format.ToNative();
        VideoFrame.CheckDimensions(width, height);
        var microseconds = VideoFrame.ToMicroseconds(timestamp);
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        var source = Source;
        long chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2, lumaSize = (long)width * height;
        fixed (byte* data = pixels)
        {
            var planes = new RtcnVideoPlanes { Format = native, Width = width, Height = height, Data0 = data };
            long needed;
            switch (format)
            {
                case VideoPixelFormat.I420:
                case VideoPixelFormat.NV12:
                    if (stride != 0 && stride != width)
                    {
                        throw new ArgumentOutOfRangeException(nameof(stride), stride, "I420 and NV12 pixels must be tightly packed: give a stride of 0 or the width.");
                    }

                    var chromaSize = format == VideoPixelFormat.I420 ? chromaWidth * chromaHeight : chromaWidth * 2 * chromaHeight;
                    needed = lumaSize + (format == VideoPixelFormat.I420 ? 2 * chromaSize : chromaSize);
                    CheckLength(pixels.Length, needed, format, width, height);
                    planes.Stride0 = width;
                    planes.Size0 = (ulong)lumaSize;
                    planes.Data1 = data + lumaSize;
                    planes.Size1 = (ulong)chromaSize;
                    if (format == VideoPixelFormat.I420)
                    {
                        planes.Stride1 = (int)chromaWidth;
                        planes.Data2 = data + lumaSize + chromaSize;
                        planes.Stride2 = (int)chromaWidth;
                        planes.Size2 = (ulong)(pixels.Length - lumaSize - chromaSize);
                    }
                    else
                    {
                        planes.Stride1 = (int)(chromaWidth * 2);
                        planes.Size1 = (ulong)(pixels.Length - lumaSize);
                    }

                    break;
                default:
                    var rowBytes = (long)width * 4;
                    var rowStride = stride == 0 ? rowBytes : stride;
                    if (rowStride < rowBytes)
                    {
                        throw new ArgumentException($"The stride {stride} is shorter than a row of {width} {format} pixels ({rowBytes} bytes).", nameof(stride));
                    }

                    needed = rowStride * (height - 1) + rowBytes;
                    CheckLength(pixels.Length, needed, format, width, height);
                    planes.Stride0 = (int)rowStride;
                    planes.Size0 = (ulong)pixels.Length;
                    break;
            }

            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_source_write_planes(source, &planes, microseconds));
        }
    }

    /// <summary>Copies I420 planes the caller owns and delivers them. Each plane must hold its rows
    /// (stride * (rows - 1) + row width bytes at least): Y has <paramref name="height"/> rows of
    /// <paramref name="width"/> bytes, U and V (height + 1) / 2 rows of (width + 1) / 2 bytes.</summary>
    /// <param name="y">The luma plane.</param>
    /// <param name="strideY">Bytes between luma rows; at least <paramref name="width"/>.</param>
    /// <param name="u">The U plane.</param>
    /// <param name="strideU">Bytes between U rows; at least (width + 1) / 2.</param>
    /// <param name="v">The V plane.</param>
    /// <param name="strideV">Bytes between V rows; at least (width + 1) / 2.</param>
    /// <param name="width">1 to 8192 pixels.</param>
    /// <param name="height">1 to 8192 pixels.</param>
    /// <param name="timestamp">The frame's timestamp; not negative.</param>
    /// <exception cref="ArgumentException">A plane is too short, or a stride shorter than its row.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or the timestamp is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="RTCException">"InvalidStateError": the source ended.</exception>
    public unsafe void WriteI420(ReadOnlySpan<byte> y, int strideY, ReadOnlySpan<byte> u, int strideU, ReadOnlySpan<byte> v, int strideV,
        int width, int height, TimeSpan timestamp)
    {
        VideoFrame.CheckDimensions(width, height);
        var microseconds = VideoFrame.ToMicroseconds(timestamp);
        var chromaWidth = (width + 1) / 2;
        if (strideY < width)
        {
            throw new ArgumentException($"strideY {strideY} is shorter than a luma row ({width} bytes).", nameof(strideY));
        }

        if (strideU < chromaWidth)
        {
            throw new ArgumentException($"strideU {strideU} is shorter than a chroma row ({chromaWidth} bytes).", nameof(strideU));
        }

        if (strideV < chromaWidth)
        {
            throw new ArgumentException($"strideV {strideV} is shorter than a chroma row ({chromaWidth} bytes).", nameof(strideV));
        }

        var source = Source;
        fixed (byte* dataY = y, dataU = u, dataV = v)
        {
            var planes = new RtcnVideoPlanes
            {
                Format = RtcnVideoPixelFormat.I420,
                Width = width,
                Height = height,
                Data0 = dataY,
                Data1 = dataU,
                Data2 = dataV,
                Stride0 = strideY,
                Stride1 = strideU,
                Stride2 = strideV,
                Size0 = (ulong)y.Length,
                Size1 = (ulong)u.Length,
                Size2 = (ulong)v.Length,
            };
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_source_write_planes(source, &planes, microseconds));
        }
    }

    /// <summary>Drives the source from a native timer with the moving test pattern (a frame counter and the capture
    /// time encoded in its pixels, see <see cref="TestPattern.TryRead(VideoFrame, out uint, out uint)"/>). Frames
    /// written by the program still go through. Calling again changes the settings.</summary>
    /// <param name="width">1 to 8192 pixels.</param>
    /// <param name="height">1 to 8192 pixels.</param>
    /// <param name="frameRate">1 to 120 frames per second.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the frame rate is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public void StartTestPattern(int width = 640, int height = 480, double frameRate = 30)
    {
        VideoFrame.CheckDimensions(width, height);
        if (!(frameRate is >= 1 and <= 120))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be from 1 to 120.");
        }

        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_source_start_test_pattern(Source, width, height, frameRate));
    }

    /// <summary>Stops the test pattern (nothing when it is not running).</summary>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public void StopTestPattern() => RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_source_stop_test_pattern(Source));

    /// <summary>Ends the source (its track and the track's clones end; senders send nothing more), releases it and
    /// disposes <see cref="Track"/>. Idempotent; never blocks.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _source.Dispose();
        Track.Dispose();
    }

    private static void CheckLength(int length, long needed, VideoPixelFormat format, int width, int height)
    {
        if (length < needed)
        {
            throw new ArgumentException($"{width}x{height} {format} pixels need {needed} bytes; {length} were given.", "pixels");
        }
    }
}
