namespace RtcNative;

/// <summary>The <see cref="RTCPeerConnection.IceCandidateError"/> event (W3C RTCPeerConnectionIceErrorEvent):
/// a STUN or TURN server could not be used.</summary>
public sealed class RTCPeerConnectionIceErrorEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public RTCPeerConnectionIceErrorEventArgs(string? address, ushort? port, string url, ushort errorCode, string errorText)
    {
        Address = address;
        Port = port;
        Url = url ?? throw new ArgumentNullException(nameof(url));
        ErrorCode = errorCode;
        ErrorText = errorText ?? throw new ArgumentNullException(nameof(errorText));
    }

    /// <summary>The local address used to reach the server, or null when not exposed.</summary>
    public string? Address { get; }

    /// <summary>The local port used to reach the server, or null when not exposed.</summary>
    public ushort? Port { get; }

    /// <summary>The STUN or TURN URL of the server.</summary>
    public string Url { get; }

    /// <summary>The STUN error code (300-699), or 701 when the server could not be reached.</summary>
    public ushort ErrorCode { get; }

    /// <summary>The STUN reason phrase.</summary>
    public string ErrorText { get; }
}
