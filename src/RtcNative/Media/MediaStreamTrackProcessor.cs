using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// Reads a track's frames or audio (after mediacapture-transform MediaStreamTrackProcessor). The engine keeps a
/// bounded queue of at most <c>maxBufferSize</c> frames (audio: 10 ms chunks) per processor: when the reader falls
/// behind, the oldest is dropped and counted in <see cref="DroppedCount"/>. No libwebrtc media thread (decoder,
/// encoder, audio) runs managed code: when the queue stops being empty the engine posts one signal to its signaling
/// thread, which only wakes the reader, and the reader resumes on RtcNative's event threads. The caller disposes each
/// frame the enumerations give; frames stay valid after the processor is disposed. Without allocation per frame:
/// read into one frame or chunk the caller keeps (<see cref="ReadVideoFrameAsync(VideoFrame, CancellationToken)"/>,
/// <see cref="ReadAudioAsync(AudioData, CancellationToken)"/>, <see cref="TryReadVideoFrame(VideoFrame)"/>,
/// <see cref="TryReadAudio(AudioData)"/>). Disposing the processor (from any thread, also during a read) ends a
/// running enumeration normally, and reads into a frame or chunk return false.
/// </summary>
public sealed class MediaStreamTrackProcessor : IDisposable, INativeOwner
{
    private readonly RtcnMediaSinkHandle _sink;
    private readonly AsyncSignal _available = new();
    private readonly bool _isVideo;
    private int _reading;
    private int _disposed;

    /// <summary>A processor of <paramref name="track"/>'s media, from now on.</summary>
    /// <param name="track">An audio or video track, local or remote.</param>
    /// <param name="maxBufferSize">Frames (audio: 10 ms chunks) queued at most, 1 to 1024.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBufferSize"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public MediaStreamTrackProcessor(MediaStreamTrack track, int maxBufferSize = 4)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (maxBufferSize is < 1 or > RtcnConstants.RTCN_MEDIA_SINK_MAX_QUEUE)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBufferSize), maxBufferSize, $"The buffer size must be from 1 to {RtcnConstants.RTCN_MEDIA_SINK_MAX_QUEUE}.");
        }

        _isVideo = track.Kind == "video";
        MaxBufferSize = maxBufferSize;
        var handle = track.Handle;
        var userData = NativeUserData.Create(this);
        RtcnStatus status;
        RtcnMediaSinkHandle sink;
        try
        {
            status = RtcnNativeMethods.rtcn_media_sink_create(handle, maxBufferSize, userData, out sink);
        }
        catch
        {
            NativeUserData.FreeUnused(userData); // the track was disposed meanwhile: no sink took the user_data
            throw;
        }

        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            sink.Dispose();
            NativeUserData.FreeUnused(userData);
            throw error;
        }

        _sink = sink;
    }

    /// <summary>Frames (audio: 10 ms chunks) dropped since the processor was created: the queue was full, or (rarely) a
    /// queued frame could not be converted to I420 when read.</summary>
    /// <exception cref="ObjectDisposedException">The processor was disposed.</exception>
    public long DroppedCount
    {
        get
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_media_sink_get_dropped(Sink, out var dropped));
            return dropped;
        }
    }

    /// <summary>The queue's capacity.</summary>
    public int MaxBufferSize { get; }

    private RtcnMediaSinkHandle Sink
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _sink;
        }
    }

    /// <summary>The video track's frames as they come, oldest queued first. Completes when the track ends (stopped,
    /// its source disposed, a remote track ended) after the queued frames, or when the processor is disposed.
    /// One enumeration at a time. The caller disposes each frame.</summary>
    /// <param name="cancellationToken">Ends a waiting enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidOperationException">The track is an audio track; or (when enumerating) another
    /// enumeration of this processor is running.</exception>
    /// <exception cref="ObjectDisposedException">The processor was disposed.</exception>
    public IAsyncEnumerable<VideoFrame> ReadVideoFramesAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_isVideo)
        {
            throw new InvalidOperationException("The processor's track is an audio track: use ReadAudioAsync.");
        }

        return ReadAsync<VideoFrame>(cancellationToken);
    }

    /// <summary>The audio track's PCM in 10 ms chunks as they come, oldest queued first. Completes when the track
    /// ends after the queued chunks, or when the processor is disposed. One enumeration at a time. The caller
    /// disposes each chunk.</summary>
    /// <param name="cancellationToken">Ends a waiting enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidOperationException">The track is a video track; or (when enumerating) another
    /// enumeration of this processor is running.</exception>
    /// <exception cref="ObjectDisposedException">The processor was disposed.</exception>
    public IAsyncEnumerable<AudioData> ReadAudioAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_isVideo)
        {
            throw new InvalidOperationException("The processor's track is a video track: use ReadVideoFramesAsync.");
        }

        return ReadAsync<AudioData>(cancellationToken);
    }

    /// <summary>Takes the oldest queued frame without waiting (for polling loops).</summary>
    /// <param name="frame">The frame, which the caller disposes; null when none is queued.</param>
    /// <returns>Whether a frame was queued.</returns>
    /// <exception cref="InvalidOperationException">The track is an audio track.</exception>
    /// <exception cref="ObjectDisposedException">The processor was disposed.</exception>
    public bool TryReadVideoFrame([NotNullWhen(true)] out VideoFrame? frame)
    {
        if (!_isVideo)
        {
            throw new InvalidOperationException("The processor's track is an audio track: use TryReadAudio.");
        }

        frame = TakeVideo(Sink, out _);
        return frame is not null;
    }

    /// <summary>Takes the oldest queued 10 ms chunk without waiting (for polling loops).</summary>
    /// <param name="data">The chunk, which the caller disposes; null when none is queued.</param>
    /// <returns>Whether a chunk was queued.</returns>
    /// <exception cref="InvalidOperationException">The track is a video track.</exception>
    /// <exception cref="ObjectDisposedException">The processor was disposed.</exception>
    public bool TryReadAudio([NotNullWhen(true)] out AudioData? data)
    {
        if (_isVideo)
        {
            throw new InvalidOperationException("The processor's track is a video track: use TryReadVideoFrame.");
        }

        data = TakeAudio(Sink, out _);
        return data is not null;
    }

    /// <summary>Reads the next frame into <paramref name="destination"/>, a frame the caller keeps and reuses (e.g. one
    /// <c>new VideoFrame()</c>): its picture is replaced by the next queued one, the old picture released. Waits when
    /// none is queued. Allocates nothing per read (also when it waits). Spans from the destination's
    /// <see cref="VideoFrame.GetPlane"/> taken before the read must not be used after it. One reader at a time, as
    /// with <see cref="ReadVideoFramesAsync"/>.</summary>
    /// <param name="destination">The frame to fill (not disposed); it keeps its old picture when the read returns false.</param>
    /// <param name="cancellationToken">Ends a waiting read with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True with the next frame in <paramref name="destination"/>; false once the track ended and every queued
    /// frame was read, or the processor was disposed (also during the wait).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The track is an audio track; or another read or enumeration of this
    /// processor is running.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="destination"/> was disposed.</exception>
    public ValueTask<bool> ReadVideoFrameAsync(VideoFrame destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckKind(video: true);
        return ReadIntoAsync(destination, null, cancellationToken);
    }

    /// <summary>Reads the next 10 ms chunk into <paramref name="destination"/>, a chunk the caller keeps and reuses
    /// (e.g. one <c>new AudioData()</c>); see <see cref="ReadVideoFrameAsync(VideoFrame, CancellationToken)"/>.</summary>
    /// <param name="destination">The chunk to fill (not disposed).</param>
    /// <param name="cancellationToken">Ends a waiting read with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True with the next chunk in <paramref name="destination"/>; false once the track ended and every
    /// queued chunk was read, or the processor was disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The track is a video track; or another read or enumeration of this
    /// processor is running.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="destination"/> was disposed.</exception>
    public ValueTask<bool> ReadAudioAsync(AudioData destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckKind(video: false);
        return ReadIntoAsync(null, destination, cancellationToken);
    }

    /// <summary>Takes the oldest queued frame into <paramref name="destination"/> without waiting (see
    /// <see cref="ReadVideoFrameAsync(VideoFrame, CancellationToken)"/>); allocates nothing.</summary>
    /// <param name="destination">The frame to fill; unchanged when this returns false.</param>
    /// <returns>Whether a frame was read: false when none is queued, the track ended, or the processor was disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The track is an audio track.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="destination"/> was disposed.</exception>
    public bool TryReadVideoFrame(VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckKind(video: true);
        return TryReadInto(destination, null) == ReadOutcome.Read;
    }

    /// <summary>Takes the oldest queued 10 ms chunk into <paramref name="destination"/> without waiting; allocates
    /// nothing.</summary>
    /// <param name="destination">The chunk to fill; unchanged when this returns false.</param>
    /// <returns>Whether a chunk was read: false when none is queued, the track ended, or the processor was disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The track is a video track.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="destination"/> was disposed.</exception>
    public bool TryReadAudio(AudioData destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckKind(video: false);
        return TryReadInto(null, destination) == ReadOutcome.Read;
    }

    /// <summary>Detaches from the track and drops the queued frames (frames already read stay valid). A running
    /// enumeration completes normally. Idempotent; safe from any thread; never blocks.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sink.Dispose(); // a read running on another thread holds its own reference until it returns
        _available.Close();
    }

    void INativeOwner.OnNativeReleased()
    {
        // Nothing to free: the sink's user_data (a weak GCHandle) is freed by NativeUserData.
    }

    /// <summary>media_sink_available, on the factory's signaling thread (never a media thread): only signals the
    /// reader, which resumes on an event thread.</summary>
    internal void OnAvailable() => _available.Set();

    private enum ReadOutcome
    {
        Read,
        Empty,
        End, // the track ended and the queue is drained, or the processor was disposed
    }

    private void CheckKind(bool video)
    {
        if (video != _isVideo)
        {
            throw new InvalidOperationException(_isVideo
                ? "The processor's track is a video track: read it into a VideoFrame (ReadVideoFrameAsync, TryReadVideoFrame)."
                : "The processor's track is an audio track: read it into an AudioData (ReadAudioAsync, TryReadAudio).");
        }
    }

    private ValueTask<bool> ReadIntoAsync(VideoFrame? video, AudioData? audio, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException("Another read or enumeration of this processor is running: read from one at a time.");
        }

        var waiting = false;
        try
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            switch (TryReadInto(video, audio))
            {
                case ReadOutcome.Read:
                    return new ValueTask<bool>(true);
                case ReadOutcome.End:
                    return new ValueTask<bool>(false);
            }

            waiting = true;
            return WaitAndReadIntoAsync(video, audio, cancellationToken);
        }
        finally
        {
            if (!waiting)
            {
                Volatile.Write(ref _reading, 0);
            }
        }
    }

    // Pooled state machines: a read that waits allocates nothing in the steady state either.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitAndReadIntoAsync(VideoFrame? video, AudioData? audio, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // The read that found the queue empty re-armed media_sink_available.
                await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
                switch (TryReadInto(video, audio))
                {
                    case ReadOutcome.Read:
                        return true;
                    case ReadOutcome.End:
                        return false;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>One read into the caller's frame or chunk (exactly one of them non-null).</summary>
    private ReadOutcome TryReadInto(VideoFrame? video, AudioData? audio)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return ReadOutcome.End;
        }

        RtcnStatus status;
        int read, ended;
        if (video is not null)
        {
            var frame = video.Handle; // ObjectDisposedException for a disposed destination
            try
            {
                status = RtcnNativeMethods.rtcn_media_sink_read_video_into(_sink, frame, out read, out ended);
            }
            catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) != 0)
            {
                return ReadOutcome.End; // a concurrent Dispose won the race
            }
        }
        else
        {
            var data = audio!.Handle;
            try
            {
                status = RtcnNativeMethods.rtcn_media_sink_read_audio_into(_sink, data, out read, out ended);
            }
            catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) != 0)
            {
                return ReadOutcome.End;
            }
        }

        RtcnErrors.ThrowIfFailed(status);
        if (read == 0)
        {
            return ended != 0 ? ReadOutcome.End : ReadOutcome.Empty;
        }

        video?.Refresh();
        audio?.Refresh();
        return ReadOutcome.Read;
    }

    private async IAsyncEnumerable<T> ReadAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IDisposable
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException("Another read or enumeration of this processor is running: read from one at a time.");
        }

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TryTake(out T? item, out var ended))
                {
                    yield break; // disposed
                }

                if (item is not null)
                {
                    yield return item;
                    continue;
                }

                if (ended)
                {
                    yield break;
                }

                // The read that found the queue empty re-armed media_sink_available: a frame (or the end) queued
                // from now on sets the signal.
                await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>One read; false once the processor is disposed (also when a concurrent Dispose won the race).</summary>
    private bool TryTake<T>(out T? item, out bool ended) where T : class
    {
        item = null;
        ended = false;
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        try
        {
            item = typeof(T) == typeof(VideoFrame) ? TakeVideo(_sink, out ended) as T : TakeAudio(_sink, out ended) as T;
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static VideoFrame? TakeVideo(RtcnMediaSinkHandle sink, out bool ended)
    {
        var handle = HandleResults.Take(RtcnNativeMethods.rtcn_media_sink_read_video(sink, out var frame, out var endedFlag), frame);
        ended = endedFlag != 0;
        return handle is null ? null : new VideoFrame(handle);
    }

    private static AudioData? TakeAudio(RtcnMediaSinkHandle sink, out bool ended)
    {
        var handle = HandleResults.Take(RtcnNativeMethods.rtcn_media_sink_read_audio(sink, out var data, out var endedFlag), data);
        ended = endedFlag != 0;
        return handle is null ? null : new AudioData(handle);
    }
}
