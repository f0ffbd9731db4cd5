namespace RtcNative;

/// <summary>The <see cref="RTCPeerConnection.DataChannel"/> event (W3C RTCDataChannelEvent).</summary>
public sealed class RTCDataChannelEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public RTCDataChannelEventArgs(RTCDataChannel channel) => Channel = channel ?? throw new ArgumentNullException(nameof(channel));

    /// <summary>The channel the remote peer opened.</summary>
    public RTCDataChannel Channel { get; }
}
