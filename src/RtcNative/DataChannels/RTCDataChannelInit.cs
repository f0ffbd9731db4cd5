namespace RtcNative;

/// <summary>Options of <see cref="RTCPeerConnection.CreateDataChannel"/> (W3C RTCDataChannelInit).</summary>
public sealed class RTCDataChannelInit
{
    private string _protocol = "";

    /// <summary>Whether messages are delivered in order.</summary>
    public bool Ordered { get; set; } = true;

    /// <summary>How long (ms) an unreliable channel retransmits a message; null = reliable. Exclusive with <see cref="MaxRetransmits"/>.</summary>
    public ushort? MaxPacketLifeTime { get; set; }

    /// <summary>How often an unreliable channel retransmits a message; null = reliable. Exclusive with <see cref="MaxPacketLifeTime"/>.</summary>
    public ushort? MaxRetransmits { get; set; }

    /// <summary>The subprotocol name, at most 65535 UTF-8 bytes.</summary>
    public string Protocol
    {
        get => _protocol;
        set => _protocol = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>True when the application negotiates the channel out of band (both sides create it with the same <see cref="Id"/>).</summary>
    public bool Negotiated { get; set; }

    /// <summary>The SCTP stream id (0-1023 here) of a <see cref="Negotiated"/> channel, where it is required; ignored
    /// otherwise, as webrtc-pc says: the engine then picks an id by DTLS role.</summary>
    public ushort? Id { get; set; }
}
