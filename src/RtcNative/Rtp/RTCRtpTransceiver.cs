using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A sender and a receiver sharing one m= section (W3C RTCRtpTransceiver). One object per transceiver of its
/// connection: <see cref="RTCPeerConnection.GetTransceivers"/> and the <see cref="RTCPeerConnection.Track"/> event
/// give the same instance. <see cref="Mid"/>, <see cref="Direction"/> and <see cref="CurrentDirection"/> are the engine's
/// values as of the last operation that changed them, read without waiting for the engine.
/// </summary>
public sealed class RTCRtpTransceiver
{
    private readonly Lock _midLock = new();
    private nint _midPointer; // the native string the cached mid came from (stable while the handle lives)
    private string? _mid;

    internal unsafe RTCRtpTransceiver(RTCPeerConnection connection, RtcnRtpTransceiverHandle handle)
    {
        Connection = connection;
        Handle = handle;
        RtcnRtpTransceiverInfo info;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_transceiver_get_info(handle, &info));
        Kind = info.Kind.ToPublic();
        Sender = new RTCRtpSender(this);
        Receiver = new RTCRtpReceiver(this);
    }

    internal RTCPeerConnection Connection { get; }

    internal RtcnRtpTransceiverHandle Handle { get; }

    /// <summary>Audio or video.</summary>
    public MediaKind Kind { get; }

    /// <summary>The media id negotiated for the transceiver's m= section; null before an offer or answer assigned one.</summary>
    public unsafe string? Mid
    {
        get
        {
            var info = Info();
            lock (_midLock)
            {
                if (info.Mid != _midPointer)
                {
                    _midPointer = info.Mid;
                    _mid = Utf8.Decode((byte*)info.Mid);
                }

                return _mid;
            }
        }
    }

    /// <summary>The sending half.</summary>
    public RTCRtpSender Sender { get; }

    /// <summary>The receiving half.</summary>
    public RTCRtpReceiver Receiver { get; }

    /// <summary>The preferred direction (W3C direction). Setting it triggers <see cref="RTCPeerConnection.NegotiationNeeded"/>
    /// when it differs; <see cref="RTCRtpTransceiverDirection.Stopped"/> reads back after <see cref="Stop"/>.</summary>
    /// <exception cref="ArgumentException">Setting <see cref="RTCRtpTransceiverDirection.Stopped"/> (a W3C TypeError; use <see cref="Stop"/>).</exception>
    /// <exception cref="RTCException">"InvalidStateError" when the connection is closed or the transceiver stopping or stopped.</exception>
    public RTCRtpTransceiverDirection Direction
    {
        get => Info().Direction;
        set
        {
            if (value == RTCRtpTransceiverDirection.Stopped)
            {
                throw new ArgumentException("A direction cannot be set to Stopped; call Stop() (a W3C TypeError).", nameof(value));
            }

            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_transceiver_set_direction(Handle, value.ToNative()));
        }
    }

    /// <summary>The direction last negotiated (W3C currentDirection); null before negotiation.</summary>
    public RTCRtpTransceiverDirection? CurrentDirection
    {
        get
        {
            var info = Info();
            return info.CurrentDirection;
        }
    }

    /// <summary>Stops sending and receiving at once and for good (W3C stop()); the receiver's track ends and the m= section
    /// is rejected at the next negotiation. Idempotent.</summary>
    /// <exception cref="RTCException">"InvalidStateError" when the connection is closed.</exception>
    public void Stop() => RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_transceiver_stop(Handle));

    /// <summary>Restricts and orders the codecs negotiated for this transceiver (W3C setCodecPreferences()); an empty
    /// list restores the engine's defaults. Takes effect at the next offer or answer.</summary>
    /// <param name="codecs">Codecs from <see cref="RTCRtpReceiver.GetCapabilities"/> of this kind.</param>
    /// <exception cref="RTCException">"InvalidModificationError" for a codec the engine cannot receive or a list of only
    /// RTX, RED or FEC.</exception>
    public unsafe void SetCodecPreferences(IEnumerable<RTCRtpCodecCapability> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        var list = codecs.ToList();
        using var strings = new Utf8StringArena();
        var native = strings.AddArray<RtcnRtpCodec>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var codec = list[i] ?? throw new ArgumentException("The codec list holds null.", nameof(codecs));
            if (NativeText.HasNul(codec.MimeType) || NativeText.HasNul(codec.SdpFmtpLine))
            {
                throw new RTCException(DomErrorNames.InvalidModification, $"The codec '{codec.MimeType}' is not one the engine supports.");
            }

            native[i] = new RtcnRtpCodec
            {
                PayloadType = -1,
                MimeType = strings.Add(codec.MimeType ?? ""),
                ClockRate = codec.ClockRate,
                Channels = codec.Channels ?? 0,
                SdpFmtpLine = strings.Add(codec.SdpFmtpLine),
            };
        }

        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_transceiver_set_codec_preferences(Handle, native, list.Count));
    }

    /// <summary>The DTLS transport of its sender and receiver; null before a description gave it one.</summary>
    internal unsafe RTCDtlsTransport? DtlsTransport
    {
        get
        {
            RtcnRtpTransceiverInfo info;
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_transceiver_get_info(Handle, &info));
            return info.DtlsTransportId == 0 ? null : Connection.DtlsTransport(info.DtlsTransportId);
        }
    }

    /// <summary>Whether the transceiver is stopped ([[Stopped]]): its sender and receiver are left out of GetSenders/GetReceivers.</summary>
    internal bool IsStopped => Info().Stopped;

    private unsafe (nint Mid, RTCRtpTransceiverDirection Direction, RTCRtpTransceiverDirection? CurrentDirection, bool Stopped) Info()
    {
        RtcnRtpTransceiverInfo info;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_transceiver_get_info(Handle, &info));
        var direction = info.Stopping != 0 || info.Stopped != 0 ? RTCRtpTransceiverDirection.Stopped : info.Direction.ToPublic();
        RTCRtpTransceiverDirection? current = info.Stopped != 0 ? RTCRtpTransceiverDirection.Stopped
            : info.HasCurrentDirection != 0 ? info.CurrentDirection.ToPublic() : null;
        return ((nint)info.Mid, direction, current, info.Stopped != 0);
    }
}
