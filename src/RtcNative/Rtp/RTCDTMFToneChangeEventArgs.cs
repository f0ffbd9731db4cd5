namespace RtcNative;

/// <summary>A DTMF tone started, or the tone buffer emptied (W3C RTCDTMFToneChangeEvent).</summary>
public sealed class RTCDTMFToneChangeEventArgs : EventArgs
{
    /// <summary>Creates the event's arguments.</summary>
    /// <param name="tone">The tone that started (one character), or "" when the buffer emptied.</param>
    public RTCDTMFToneChangeEventArgs(string tone)
    {
        ArgumentNullException.ThrowIfNull(tone);
        Tone = tone;
    }

    /// <summary>The tone that started (one of 0-9, A-D, #, * or ','), or "" once the tone buffer emptied.</summary>
    public string Tone { get; }
}
