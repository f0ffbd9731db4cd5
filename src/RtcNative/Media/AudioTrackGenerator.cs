using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// An audio source the program writes PCM to, and its track (after mediacapture-transform, for audio). Samples are
/// re-chunked natively into 10 ms and delivered to the track's senders and processors on the writing thread (a live
/// source: the caller paces the writes), or come from the built-in tone (<see cref="StartTone"/>). The track
/// carries only these samples: nothing from an audio device is mixed in. The generator owns <see cref="Track"/>:
/// Dispose ends the source and disposes the track. Thread-safe.
/// </summary>
public sealed class AudioTrackGenerator : IDisposable
{
    private readonly RtcnAudioSourceHandle _source;
    private int _disposed;

    /// <summary>A generator on <see cref="PeerConnectionFactory.Default"/>.</summary>
    /// <param name="sampleRate">8000 to 192000 samples per second, a multiple of 100.</param>
    /// <param name="channels">1 or 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate or channel count is out of range.</exception>
    public AudioTrackGenerator(int sampleRate = 48000, int channels = 1)
        : this(PeerConnectionFactory.Default, sampleRate, channels)
    {
    }

    /// <summary>A generator on <paramref name="factory"/> (whose connections can send its track).</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="sampleRate">8000 to 192000 samples per second, a multiple of 100.</param>
    /// <param name="channels">1 or 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate or channel count is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The factory was disposed.</exception>
    public AudioTrackGenerator(PeerConnectionFactory factory, int sampleRate = 48000, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (sampleRate is < RtcnConstants.RTCN_AUDIO_MIN_SAMPLE_RATE or > RtcnConstants.RTCN_AUDIO_MAX_SAMPLE_RATE || sampleRate % 100 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate,
                $"The sample rate must be from {RtcnConstants.RTCN_AUDIO_MIN_SAMPLE_RATE} to {RtcnConstants.RTCN_AUDIO_MAX_SAMPLE_RATE} and a multiple of 100.");
        }

        if (channels is < 1 or > RtcnConstants.RTCN_AUDIO_MAX_CHANNELS)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"The channel count must be from 1 to {RtcnConstants.RTCN_AUDIO_MAX_CHANNELS}.");
        }

        var status = RtcnNativeMethods.rtcn_audio_generator_create(factory.Handle, null, sampleRate, channels, out var source, out var track);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            source.Dispose();
            track.Dispose();
            throw error;
        }

        _source = source;
        SampleRate = sampleRate;
        Channels = channels;
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

    /// <summary>The generator's audio track ("audio").</summary>
    public MediaStreamTrack Track { get; }

    /// <summary>Samples per second per channel.</summary>
    public int SampleRate { get; }

    /// <summary>The number of interleaved channels.</summary>
    public int Channels { get; }

    private RtcnAudioSourceHandle Source
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _source;
        }
    }

    /// <summary>Writes interleaved 16-bit samples. Each full 10 ms is delivered before this returns; a remainder
    /// waits for the next write.</summary>
    /// <param name="interleavedSamples">Samples, a multiple of <see cref="Channels"/>.</param>
    /// <exception cref="ArgumentException">The sample count is not a multiple of <see cref="Channels"/>.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="RTCException">"InvalidStateError": the source ended.</exception>
    public unsafe void Write(ReadOnlySpan<short> interleavedSamples)
    {
        var source = Source;
        CheckCount(interleavedSamples.Length);
        if (interleavedSamples.IsEmpty)
        {
            return;
        }

        fixed (short* samples = interleavedSamples)
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_audio_source_write(source, samples, (ulong)interleavedSamples.Length));
        }
    }

    /// <summary>Writes interleaved float samples in [-1, 1] (values beyond are clamped); see
    /// <see cref="Write(ReadOnlySpan{short})"/>.</summary>
    /// <param name="interleavedSamples">Samples, a multiple of <see cref="Channels"/>.</param>
    /// <exception cref="ArgumentException">The sample count is not a multiple of <see cref="Channels"/>.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="RTCException">"InvalidStateError": the source ended.</exception>
    public unsafe void Write(ReadOnlySpan<float> interleavedSamples)
    {
        var source = Source;
        CheckCount(interleavedSamples.Length);
        if (interleavedSamples.IsEmpty)
        {
            return;
        }

        fixed (float* samples = interleavedSamples)
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_audio_source_write_float(source, samples, (ulong)interleavedSamples.Length));
        }
    }

    /// <summary>Drives the source from a native 10 ms timer with a sine tone (on every channel). Calling again
    /// changes the tone. Samples written by the program are delivered too.</summary>
    /// <param name="frequency">1 Hz to half the sample rate.</param>
    /// <param name="amplitude">0 to 1 of full scale.</param>
    /// <exception cref="ArgumentOutOfRangeException">The frequency or amplitude is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public void StartTone(double frequency = 440, double amplitude = 0.5)
    {
        if (!(frequency >= 1 && frequency <= SampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, $"The frequency must be from 1 to {SampleRate / 2} Hz.");
        }

        if (!(amplitude is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, "The amplitude must be from 0 to 1.");
        }

        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_audio_source_start_tone(Source, frequency, amplitude));
    }

    /// <summary>Stops the tone (nothing when none is playing).</summary>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public void StopTone() => RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_audio_source_stop_tone(Source));

    /// <summary>Ends the source (its track and the track's clones end), releases it and disposes <see cref="Track"/>.
    /// Idempotent; never blocks.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _source.Dispose();
        Track.Dispose();
    }

    private void CheckCount(int count)
    {
        if (count % Channels != 0)
        {
            throw new ArgumentException($"{count} samples are not a whole number of {Channels}-channel frames.", "interleavedSamples");
        }
    }
}
