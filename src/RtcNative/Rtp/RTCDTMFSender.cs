using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// Sends DTMF tones as RTP telephone-events (RFC 4733) on an audio sender (W3C RTCDTMFSender); the
/// <see cref="RTCRtpSender.Dtmf"/> of audio senders. Tones play one after another on libwebrtc's signaling thread;
/// <see cref="ToneChange"/> is raised on the connection's dispatcher, in order with its other events.
/// </summary>
public sealed class RTCDTMFSender
{
    /// <summary>The default tone duration of <see cref="InsertDTMF"/>, in milliseconds.</summary>
    public const int DefaultDuration = 100;

    /// <summary>The default gap between tones of <see cref="InsertDTMF"/>, in milliseconds.</summary>
    public const int DefaultInterToneGap = 70;

    private readonly RTCRtpTransceiver _transceiver;

    internal RTCDTMFSender(RTCRtpTransceiver transceiver) => _transceiver = transceiver;

    /// <summary>A tone started playing (<see cref="RTCDTMFToneChangeEventArgs.Tone"/> is that tone), or the buffer
    /// emptied (Tone is ""), W3C ontonechange.</summary>
    public event EventHandler<RTCDTMFToneChangeEventArgs>? ToneChange;

    /// <summary>Whether DTMF can be sent now (W3C canInsertDTMF): the transceiver is not stopped, the sender has a
    /// track, its current direction sends, its first encoding is active and telephone-event was negotiated.
    /// Asks the engine (one hop to its signaling thread).</summary>
    public bool CanInsertDTMF
    {
        get
        {
            _transceiver.Connection.ThrowIfDisposed();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_dtmf_can_insert(_transceiver.Handle, out var canInsert));
            return canInsert != 0;
        }
    }

    /// <summary>The tones not yet played (W3C toneBuffer), in upper case. The tone being played has left it.</summary>
    public unsafe string ToneBuffer
    {
        get
        {
            _transceiver.Connection.ThrowIfDisposed();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_dtmf_get_tone_buffer(_transceiver.Handle, out var tones));
            try
            {
                return Utf8.Decode(tones) ?? "";
            }
            finally
            {
                RtcnNativeMethods.rtcn_free((nint)tones);
            }
        }
    }

    /// <summary>The duration and gap the engine plays the tones with, as clamped by the last <see cref="InsertDTMF"/>
    /// (not part of the W3C interface: a diagnostic).</summary>
    internal (int Duration, int InterToneGap) EngineTiming
    {
        get
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_dtmf_get_timing(_transceiver.Handle, out var duration, out var gap));
            return (duration, gap);
        }
    }

    /// <summary>Replaces the tone buffer with <paramref name="tones"/> and plays them (W3C insertDTMF()).</summary>
    /// <param name="tones">0-9, A-D (either case), #, * and ',' (a 2 second pause); "" empties the buffer.</param>
    /// <param name="duration">Each tone's length in milliseconds, clamped to 40..6000.</param>
    /// <param name="interToneGap">The pause after each tone in milliseconds, clamped to 30..6000 (as Chrome does).</param>
    /// <exception cref="RTCException">"InvalidStateError" when DTMF cannot be sent (see <see cref="CanInsertDTMF"/>),
    /// checked first; "InvalidCharacterError" for any other character.</exception>
    public void InsertDTMF(string tones, int duration = DefaultDuration, int interToneGap = DefaultInterToneGap)
    {
        ArgumentNullException.ThrowIfNull(tones);
        _transceiver.Connection.ThrowIfDisposed();
        // A NUL would end the native string early and hide what follows: sent as another character the shim refuses,
        // so the error still comes after the state check, as the spec orders them.
        var native = tones.Contains('\0', StringComparison.Ordinal) ? tones.Replace('\0', '\uFFFD') : tones;
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_rtp_sender_dtmf_insert(_transceiver.Handle, native, duration, interToneGap));
    }

    /// <summary>Dispatcher: the engine started a tone ("" once the buffer emptied).</summary>
    internal void RaiseToneChange(string tone) => ToneChange?.Invoke(this, new RTCDTMFToneChangeEventArgs(tone));
}
