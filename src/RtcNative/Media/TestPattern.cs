using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// The built-in test pattern's code: a frame counter and a capture time in milliseconds drawn as black and white
/// blocks (with a checksum) in the top rows of the luma plane, readable after lossy coding and scaling down to a
/// quarter of the size drawn. <see cref="VideoTrackGenerator.StartTestPattern"/> draws it with
/// <see cref="NowMilliseconds"/> as the time, so a receiver measures latency as NowMilliseconds - timeMs (same
/// process, or hosts with synchronized monotonic clocks).
/// </summary>
public static class TestPattern
{
    /// <summary>The engine's monotonic clock in milliseconds, truncated to 32 bits (wraps every 49.7 days; subtract
    /// with unchecked uint arithmetic).</summary>
    public static uint NowMilliseconds
    {
        get
        {
            NativeRuntime.EnsureInitialized();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_get_time_us(out var microseconds));
            return unchecked((uint)(microseconds / 1000));
        }
    }

    /// <summary>Draws the pattern (code, moving bar, gradient) into a writable frame.</summary>
    /// <param name="frame">A frame made by <see cref="VideoFrame.CreateI420"/>.</param>
    /// <param name="counter">The frame counter to encode.</param>
    /// <param name="timeMs">The time to encode (e.g. <see cref="NowMilliseconds"/>).</param>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="ArgumentException">The frame is not writable, or too small for the code.</exception>
    public static void Draw(VideoFrame frame, uint counter, uint timeMs)
    {
        ArgumentNullException.ThrowIfNull(frame);
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_test_pattern_draw(frame.Handle, counter, timeMs));
    }

    /// <summary>Reads the code from a frame.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="counter">The frame counter, when found.</param>
    /// <param name="timeMs">The encoded time, when found.</param>
    /// <returns>Whether the frame carries a readable code.</returns>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public static bool TryRead(VideoFrame frame, out uint counter, out uint timeMs)
    {
        ArgumentNullException.ThrowIfNull(frame);
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_test_pattern_read(frame.Handle, out var found, out counter, out timeMs));
        return found != 0;
    }

    /// <summary>Reads the code from a bare luma plane (e.g. a frame copied to managed memory as I420).</summary>
    /// <param name="luma">The luma plane: at least stride * (height - 1) + width bytes.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="stride">Bytes between rows; at least <paramref name="width"/>.</param>
    /// <param name="counter">The frame counter, when found.</param>
    /// <param name="timeMs">The encoded time, when found.</param>
    /// <returns>Whether the plane carries a readable code.</returns>
    /// <exception cref="ArgumentException">The plane is shorter than its rows, or a size is out of range.</exception>
    public static unsafe bool TryRead(ReadOnlySpan<byte> luma, int width, int height, int stride, out uint counter, out uint timeMs)
    {
        VideoFrame.CheckDimensions(width, height);
        if (stride < width)
        {
            throw new ArgumentException($"The stride {stride} is shorter than a row ({width} bytes).", nameof(stride));
        }

        if (luma.Length < (long)stride * (height - 1) + width)
        {
            throw new ArgumentException($"A {width}x{height} luma plane with stride {stride} needs {(long)stride * (height - 1) + width} bytes; {luma.Length} were given.", nameof(luma));
        }

        NativeRuntime.EnsureInitialized();
        fixed (byte* data = luma)
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_test_pattern_read_luma(data, width, height, stride, (ulong)luma.Length,
                out var found, out counter, out timeMs));
            return found != 0;
        }
    }
}
