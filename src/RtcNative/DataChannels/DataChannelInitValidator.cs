using RtcNative.Interop;

namespace RtcNative;

/// <summary>The TypeError checks of webrtc-pc's createDataChannel, made before the engine sees the options.</summary>
internal static class DataChannelInitValidator
{
    private const int MaxStringBytes = ushort.MaxValue;

    /// <exception cref="ArgumentException">An option is invalid (W3C TypeError).</exception>
    public static void Validate(string label, RTCDataChannelInit init)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (Utf8.ByteCount(label) > MaxStringBytes)
        {
            throw new ArgumentException($"A data channel label is at most {MaxStringBytes} UTF-8 bytes.", nameof(label));
        }

        if (label.Contains('\0') || init.Protocol.Contains('\0'))
        {
            throw new ArgumentException("A data channel label or protocol cannot contain U+0000 (the engine takes C strings).", nameof(label));
        }

        if (Utf8.ByteCount(init.Protocol) > MaxStringBytes)
        {
            throw new ArgumentException($"A data channel protocol is at most {MaxStringBytes} UTF-8 bytes.", nameof(init));
        }

        if (init.MaxPacketLifeTime is not null && init.MaxRetransmits is not null)
        {
            throw new ArgumentException("MaxPacketLifeTime and MaxRetransmits cannot both be set.", nameof(init));
        }

        if (init.Negotiated && init.Id is null)
        {
            throw new ArgumentException("A negotiated data channel needs an Id.", nameof(init));
        }

        // Only a negotiated channel takes its Id (webrtc-pc step 15), so only then can 65535 be wrong.
        if (init.Negotiated && init.Id == ushort.MaxValue)
        {
            throw new ArgumentException("A data channel Id is at most 65534.", nameof(init));
        }
    }
}
