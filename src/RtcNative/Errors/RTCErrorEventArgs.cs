namespace RtcNative;

/// <summary>The <see cref="RTCDataChannel.Error"/> event (W3C RTCErrorEvent).</summary>
public sealed class RTCErrorEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public RTCErrorEventArgs(RTCException error) => Error = error ?? throw new ArgumentNullException(nameof(error));

    /// <summary>What went wrong.</summary>
    public RTCException Error { get; }
}
