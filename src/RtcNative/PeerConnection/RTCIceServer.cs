namespace RtcNative;

/// <summary>A STUN or TURN server (W3C RTCIceServer).</summary>
public sealed class RTCIceServer
{
    /// <summary>The server's URLs: <c>stun:host[:port]</c>, <c>stuns:</c>, <c>turn:host[:port][?transport=udp|tcp]</c>, <c>turns:</c>.</summary>
    public IList<string> Urls { get; set; } = new List<string>();

    /// <summary>The TURN username; required for turn: and turns: URLs.</summary>
    public string? Username { get; set; }

    /// <summary>The TURN credential (password); required for turn: and turns: URLs.</summary>
    public string? Credential { get; set; }
}
