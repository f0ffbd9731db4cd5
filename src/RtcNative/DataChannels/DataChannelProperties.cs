namespace RtcNative;

/// <summary>The fixed properties of a data channel, known at creation or read once from the engine.</summary>
internal sealed record DataChannelProperties(
    string Label,
    string Protocol,
    bool Ordered,
    ushort? MaxPacketLifeTime,
    ushort? MaxRetransmits,
    bool Negotiated);
