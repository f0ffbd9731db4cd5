using RtcNative.Interop;

namespace RtcNative;

/// <summary>Sends one track (W3C RTCRtpSender); the sending half of an <see cref="RTCRtpTransceiver"/>.</summary>
public sealed class RTCRtpSender
{
    private readonly RTCRtpTransceiver _transceiver;

    internal RTCRtpSender(RTCRtpTransceiver transceiver)
    {
        _transceiver = transceiver;
        Dtmf = transceiver.Kind == MediaKind.Audio ? new RTCDTMFSender(transceiver) : null;
    }

    internal RTCRtpTransceiver Transceiver => _transceiver;

    /// <summary>The track being sent, or null (none was given, it was removed, or replaced by null).</summary>
    public MediaStreamTrack? Track
    {
        get
        {
            var handle = HandleResults.Take(RtcnNativeMethods.rtcn_rtp_sender_get_track(_transceiver.Handle, out var track), track);
            return handle is null ? null : MediaStreamTrack.FromNative(handle);
        }
    }

    /// <summary>Sends DTMF tones on this sender (W3C dtmf): one object for the sender's life; null for a video sender.</summary>
    public RTCDTMFSender? Dtmf { get; }

    /// <summary>The DTLS transport the sender's packets go through (bundled: the one of every m= section and of the
    /// data channels); null before a description gave the transceiver one.</summary>
    public RTCDtlsTransport? Transport => _transceiver.DtlsTransport;

    /// <summary>What the engine can send for a kind (W3C static getCapabilities()).</summary>
    /// <param name="kind">"audio" or "video".</param>
    /// <returns>The capabilities, or null for any other kind.</returns>
    public static RTCRtpCapabilities? GetCapabilities(string kind) => RtpNative.Capabilities(kind, receiver: false);

    /// <summary>Sends another track, or nothing (null), without renegotiation (W3C replaceTrack()).</summary>
    /// <param name="track">A track of the same kind, or null.</param>
    /// <param name="cancellationToken">Honoured only before the request reaches the engine.</param>
    /// <exception cref="ArgumentException">The track's kind differs from the transceiver's (a W3C TypeError).</exception>
    /// <returns>Faults with "InvalidStateError" when the transceiver is stopped or the connection closed.</returns>
    public Task ReplaceTrackAsync(MediaStreamTrack? track, CancellationToken cancellationToken = default)
    {
        if (track is not null && track.Kind != RtpNative.KindName(_transceiver.Kind))
        {
            throw new ArgumentException($"A {track.Kind} track cannot replace the track of a {RtpNative.KindName(_transceiver.Kind)} sender (a W3C TypeError).", nameof(track));
        }

        return _transceiver.Connection.RunMediaOperation<object?, (RtcnRtpTransceiverHandle Sender, MediaStreamTrack? Track)>(
            OperationKind.ReplaceTrack, (_transceiver.Handle, track), cancellationToken, static _ => null,
            static (s, userData) => RtcnNativeMethods.rtcn_rtp_sender_replace_track(s.Sender, s.Track?.Handle ?? RtcnMediaTrackHandle.Null, userData));
    }

    /// <summary>The sender's current parameters (W3C getParameters()); change them and pass them to <see cref="SetParametersAsync"/>.</summary>
    public unsafe RTCRtpSendParameters GetParameters()
    {
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_get_parameters(_transceiver.Handle, out var block));
        return RtpNative.ReadAndFree(block, static p =>
        {
            var parameters = (RtcnRtpParameters*)p;
            var encodings = RtpNative.List<RtcnRtpEncoding, RTCRtpEncodingParameters>(parameters->Encodings, parameters->EncodingCount,
                static e => RtpNative.ToPublic(*(RtcnRtpEncoding*)e));
            return new RTCRtpSendParameters(Utf8.Decode(parameters->TransactionId) ?? "", encodings, RtpNative.Codecs(parameters),
                RtpNative.HeaderExtensions(parameters), RtpNative.Rtcp(parameters), parameters->DegradationPreference.ToPublic());
        });
    }

    /// <summary>Applies changed encodings (active, maxBitrate, maxFramerate, scaleResolutionDownBy, priorities) and the
    /// degradation preference without renegotiation (W3C setParameters()).</summary>
    /// <param name="parameters">The result of the latest <see cref="GetParameters"/>, changed.</param>
    /// <param name="cancellationToken">Honoured only before the request reaches the engine.</param>
    /// <exception cref="ArgumentException">A value out of range (a W3C RangeError or TypeError).</exception>
    /// <returns>Faults with "InvalidModificationError" for a stale transaction id or changed encodings count or rids,
    /// "InvalidStateError" when the connection is closed.</returns>
    public unsafe Task SetParametersAsync(RTCRtpSendParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(parameters.Encodings, nameof(parameters));
        var strings = new Utf8StringArena();
        try
        {
            var encodings = strings.AddArray<RtcnRtpEncoding>(parameters.Encodings.Count);
            for (var i = 0; i < parameters.Encodings.Count; i++)
            {
                encodings[i] = RtpNative.ToNative(parameters.Encodings[i], strings, nameof(parameters));
            }

            var native = strings.AddArray<RtcnRtpParameters>(1);
            native->TransactionId = strings.Add(parameters.TransactionId);
            native->Encodings = encodings;
            native->EncodingCount = parameters.Encodings.Count;
            native->DegradationPreference = parameters.DegradationPreference.ToNative();
            return _transceiver.Connection.RunMediaOperation<object?, (RtcnRtpTransceiverHandle Sender, nint Parameters)>(
                OperationKind.SetParameters, (_transceiver.Handle, (nint)native), cancellationToken, static _ => null,
                static (s, userData) => RtcnNativeMethods.rtcn_rtp_sender_set_parameters(s.Sender, (RtcnRtpParameters*)s.Parameters, userData));
        }
        finally
        {
            strings.Dispose(); // the shim copied the parameters during the call
        }
    }

    /// <summary>Announces the track in these streams from the next negotiation on (W3C setStreams()).</summary>
    /// <exception cref="RTCException">"InvalidStateError" when the connection is closed.</exception>
    public unsafe void SetStreams(params MediaStream[] streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var ids = streams.Select(s => (s ?? throw new ArgumentException("The stream list holds null.", nameof(streams))).Id).Distinct().ToList();
        using var strings = new Utf8StringArena();
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_set_streams(_transceiver.Handle, strings.Add(ids), ids.Count));
    }

    /// <summary>The statistics of this sender (W3C getStats()): its outbound-rtp streams and what they reference.</summary>
    /// <param name="cancellationToken">Honoured only before the request reaches the engine.</param>
    public Task<RTCStatsReport> GetStatsAsync(CancellationToken cancellationToken = default) =>
        _transceiver.Connection.RunMediaOperation<RTCStatsReport, RtcnRtpTransceiverHandle>(OperationKind.GetStats, _transceiver.Handle,
            cancellationToken, static json => RTCStatsReport.FromNativeJson((string)json!),
            static (sender, userData) => RtcnNativeMethods.rtcn_rtp_sender_get_stats(sender, userData));
}
