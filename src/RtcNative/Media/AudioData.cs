using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A chunk of audio (after WebCodecs AudioData): 10 ms of interleaved 16-bit PCM in a native buffer, read from a
/// <see cref="MediaStreamTrackProcessor"/>; the caller disposes it. <see cref="Samples"/> is a view over native
/// memory: do not keep it past <see cref="Dispose"/>.
/// </summary>
public sealed class AudioData : IDisposable
{
    private readonly RtcnAudioDataHandle _handle;
    private readonly RtcnAudioDataInfo _info;
    private int _disposed;

    internal unsafe AudioData(RtcnAudioDataHandle handle)
    {
        _handle = handle;
        RtcnAudioDataInfo info;
        var status = RtcnNativeMethods.rtcn_audio_data_get_info(handle, &info);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
            throw error;
        }

        _info = info;
    }

    /// <summary>Samples per second per channel.</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public int SampleRate => Info.SampleRate;

    /// <summary>The number of channels (1 or 2).</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public int NumberOfChannels => Info.ChannelCount;

    /// <summary>Samples per channel.</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public int NumberOfFrames => Info.FrameCount;

    /// <summary>The capture time of the first sample, on the engine's monotonic clock.</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public TimeSpan Timestamp => TimeSpan.FromTicks(Info.TimestampUs * TimeSpan.TicksPerMicrosecond);

    /// <summary>The duration: <see cref="NumberOfFrames"/> / <see cref="SampleRate"/>.</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public TimeSpan Duration
    {
        get
        {
            ref readonly var info = ref Info;
            return info.SampleRate <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(info.FrameCount * TimeSpan.TicksPerSecond / info.SampleRate);
        }
    }

    /// <summary>The interleaved samples (<see cref="NumberOfFrames"/> * <see cref="NumberOfChannels"/>), over the
    /// native buffer (no copy); valid until <see cref="Dispose"/>.</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public unsafe ReadOnlySpan<short> Samples
    {
        get
        {
            ref readonly var info = ref Info;
            var count = info.FrameCount * info.ChannelCount;
            return info.Samples is null || count <= 0 ? [] : new ReadOnlySpan<short>(info.Samples, count);
        }
    }

    private ref readonly RtcnAudioDataInfo Info
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return ref _info;
        }
    }

    /// <summary>Copies the interleaved samples to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="NumberOfFrames"/> * <see cref="NumberOfChannels"/> samples.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public void CopyTo(Span<short> destination)
    {
        var samples = Samples;
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} samples; {samples.Length} are needed.", nameof(destination));
        }

        samples.CopyTo(destination);
    }

    /// <summary>Releases the buffer reference. Idempotent; every other member then throws
    /// <see cref="ObjectDisposedException"/>, and <see cref="Samples"/> spans must no longer be used.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _handle.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Volatile.Read(ref _disposed) != 0 ? "AudioData (disposed)" : $"AudioData {NumberOfFrames} frames x {NumberOfChannels} ch at {SampleRate} Hz";
}
