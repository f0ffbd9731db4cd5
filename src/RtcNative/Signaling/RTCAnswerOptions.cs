namespace RtcNative;

/// <summary>Options of <see cref="RTCPeerConnection.CreateAnswerAsync"/> (W3C RTCAnswerOptions, which has no members yet).</summary>
public sealed class RTCAnswerOptions
{
}
