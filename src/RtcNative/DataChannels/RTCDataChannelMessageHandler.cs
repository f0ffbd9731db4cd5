namespace RtcNative;

/// <summary>Handles a received data channel message without a managed array per message
/// (<see cref="RTCDataChannel.MessageReceived"/>).</summary>
/// <param name="channel">The channel the message arrived on.</param>
/// <param name="data">The message's bytes (UTF-8 for text), valid only during the call: copy what you keep.</param>
/// <param name="isBinary">Whether the remote peer sent binary (true) or text (false).</param>
public delegate void RTCDataChannelMessageHandler(RTCDataChannel channel, ReadOnlySpan<byte> data, bool isBinary);
