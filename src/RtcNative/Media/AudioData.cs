using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A chunk of audio (after WebCodecs AudioData): 10 ms of interleaved 16-bit PCM in a native buffer, read from a
/// <see cref="MediaStreamTrackProcessor"/>; the caller disposes it, once: a second Dispose throws
/// <see cref="ObjectDisposedException"/>, as does every other member after it. <see cref="Samples"/> is a view over
/// native memory: do not keep it past <see cref="Dispose"/>, nor past a read into this chunk.
/// <para><c>new AudioData()</c> is an empty chunk to read into again and again without allocation per chunk
/// (<see cref="MediaStreamTrackProcessor.ReadAudioAsync(AudioData, CancellationToken)"/>,
/// <see cref="MediaStreamTrackProcessor.TryReadAudio(AudioData)"/>).</para>
/// </summary>
public sealed class AudioData : IDisposable
{
    private readonly RtcnAudioDataHandle _handle;
    private RtcnAudioDataInfo _info; // refreshed whenever a read puts other samples in the native chunk
    private int _disposed;

    /// <summary>An empty chunk: a destination for the processor's reads into a chunk. Until a read fills it,
    /// <see cref="IsEmpty"/> is true, <see cref="SampleRate"/>, <see cref="NumberOfChannels"/>,
    /// <see cref="NumberOfFrames"/> are 0, <see cref="Timestamp"/> and <see cref="Duration"/> zero,
    /// <see cref="Samples"/> empty, and <see cref="CopyTo"/> copies nothing.</summary>
    public AudioData()
    {
        NativeRuntime.EnsureInitialized();
        _handle = HandleResults.Created(RtcnNativeMethods.rtcn_audio_data_create_empty(out var handle), handle);
    }

    internal AudioData(RtcnAudioDataHandle handle)
    {
        _handle = HandleResults.Created(LoadInfo(handle, out _info), handle);
    }

    /// <summary>Whether the chunk holds no samples (a <c>new AudioData()</c> no read has filled yet).</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public bool IsEmpty => Info.FrameCount == 0;

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

    /// <summary>Releases the buffer reference. Every member then throws <see cref="ObjectDisposedException"/>, and
    /// <see cref="Samples"/> spans must no longer be used. Dispose a chunk once: a second Dispose throws
    /// <see cref="ObjectDisposedException"/>.</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed already.</exception>
    public void Dispose()
    {
        ObjectDisposedException.ThrowIf(Interlocked.Exchange(ref _disposed, 1) != 0, this);
        _handle.Dispose();
    }

    /// <summary>The native chunk, for the processor's reads into it; throws <see cref="ObjectDisposedException"/>
    /// after Dispose.</summary>
    internal RtcnAudioDataHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _handle;
        }
    }

    /// <summary>Reads the native chunk's info again after a read put other samples in it.</summary>
    internal void Refresh()
    {
        var status = LoadInfo(_handle, out _info);
        if (status != RtcnStatus.Ok)
        {
            throw RtcnErrors.LastError(status);
        }
    }

    private static unsafe RtcnStatus LoadInfo(RtcnAudioDataHandle handle, out RtcnAudioDataInfo info)
    {
        RtcnAudioDataInfo loaded;
        var status = RtcnNativeMethods.rtcn_audio_data_get_info(handle, &loaded);
        info = loaded;
        return status;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Volatile.Read(ref _disposed) != 0 ? "AudioData (disposed)" : $"AudioData {NumberOfFrames} frames x {NumberOfChannels} ch at {SampleRate} Hz";
}
