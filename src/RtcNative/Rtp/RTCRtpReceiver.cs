using RtcNative.Interop;

namespace RtcNative;

/// <summary>Receives one remote track (W3C RTCRtpReceiver); the receiving half of an <see cref="RTCRtpTransceiver"/>.</summary>
public sealed class RTCRtpReceiver
{
    private readonly RTCRtpTransceiver _transceiver;
    private readonly Lazy<MediaStreamTrack> _track;
    private readonly Lock _sync = new();
    private double? _jitterBufferTarget; // under _sync: the engine does not report it back

    internal RTCRtpReceiver(RTCRtpTransceiver transceiver)
    {
        _transceiver = transceiver;
        _track = new Lazy<MediaStreamTrack>(() =>
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_receiver_get_track(_transceiver.Handle, out var handle));
            return MediaStreamTrack.FromNative(handle);
        });
    }

    /// <summary>The receiver's track: one for the receiver's life, muted until media arrives.</summary>
    public MediaStreamTrack Track => _track.Value;

    /// <summary>The DTLS transport the receiver's packets come through (bundled: the connection's one); null before it exists.</summary>
    public RTCDtlsTransport? Transport => _transceiver.DtlsTransport;

    /// <summary>The jitter buffer delay the application asks for, in milliseconds (0 to 4000), or null to let the engine
    /// decide (W3C jitterBufferTarget).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 to 4000 (a W3C RangeError).</exception>
    public double? JitterBufferTarget
    {
        get
        {
            lock (_sync)
            {
                return _jitterBufferTarget;
            }
        }

        set
        {
            if (value is < 0 or > 4000 || value is double.NaN)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "JitterBufferTarget must be between 0 and 4000 ms (a W3C RangeError).");
            }

            lock (_sync)
            {
                RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_receiver_set_jitter_buffer_target(_transceiver.Handle, value ?? -1));
                _jitterBufferTarget = value;
            }
        }
    }

    /// <summary>What the engine can receive for a kind (W3C static getCapabilities()).</summary>
    /// <param name="kind">"audio" or "video".</param>
    /// <returns>The capabilities, or null for any other kind.</returns>
    public static RTCRtpCapabilities? GetCapabilities(string kind) => RtpNative.Capabilities(kind, receiver: true);

    /// <summary>The receiver's negotiated parameters (W3C getParameters()).</summary>
    public unsafe RTCRtpReceiveParameters GetParameters()
    {
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_receiver_get_parameters(_transceiver.Handle, out var block));
        return RtpNative.ReadAndFree(block, static p =>
        {
            var parameters = (RtcnRtpParameters*)p;
            return new RTCRtpReceiveParameters(RtpNative.Codecs(parameters), RtpNative.HeaderExtensions(parameters), RtpNative.Rtcp(parameters));
        });
    }

    /// <summary>The contributing sources (CSRCs) of the last 10 seconds (W3C getContributingSources()).</summary>
    public IReadOnlyList<RTCRtpContributingSource> GetContributingSources() =>
        Sources(csrc: true, static (t, s, l, r) => new RTCRtpContributingSource(t, s, l, r));

    /// <summary>The synchronization sources (SSRCs) of the last 10 seconds (W3C getSynchronizationSources()).</summary>
    public IReadOnlyList<RTCRtpSynchronizationSource> GetSynchronizationSources() =>
        Sources(csrc: false, static (t, s, l, r) => new RTCRtpSynchronizationSource(t, s, l, r));

    /// <summary>The statistics of this receiver (W3C getStats()): its inbound-rtp stream and what it references.</summary>
    /// <param name="cancellationToken">Honoured only before the request reaches the engine.</param>
    public Task<RTCStatsReport> GetStatsAsync(CancellationToken cancellationToken = default) =>
        _transceiver.Connection.RunMediaOperation<RTCStatsReport, RtcnRtpTransceiverHandle>(OperationKind.GetStats, _transceiver.Handle,
            cancellationToken, static json => RTCStatsReport.FromNativeJson((string)json!),
            static (receiver, userData) => RtcnNativeMethods.rtcn_rtp_receiver_get_stats(receiver, userData));

    /// <summary>Disposes the track if it was handed out (the connection is being disposed).</summary>
    internal void DisposeTrack()
    {
        if (_track.IsValueCreated)
        {
            _track.Value.Dispose();
        }
    }

    /// <summary>The remote stream ids the receiver's track is associated with (from a=msid).</summary>
    internal unsafe List<string> StreamIds()
    {
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_receiver_get_stream_ids(_transceiver.Handle, out var block, out var count));
        if (block is null)
        {
            return [];
        }

        return RtpNative.ReadAndFree(block, p =>
        {
            var ids = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                ids.Add(Utf8.Decode(((byte**)p)[i]) ?? "");
            }

            return ids;
        });
    }

    private unsafe List<T> Sources<T>(bool csrc, Func<DateTimeOffset, uint, double?, uint, T> create)
    {
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_receiver_get_sources(_transceiver.Handle, csrc ? 1 : 0, out var block, out var count));
        if (block is null)
        {
            return [];
        }

        return RtpNative.ReadAndFree(block, p =>
        {
            var list = new List<T>(count);
            for (var i = 0; i < count; i++)
            {
                var source = ((RtcnRtpSource*)p)[i];
                list.Add(create(DateTimeOffset.FromUnixTimeMilliseconds(source.TimestampMs), source.Source,
                    source.AudioLevel >= 0 ? source.AudioLevel : null, source.RtpTimestamp));
            }

            return list;
        });
    }
}
