namespace RtcNative;

/// <summary>W3C RTCRtcpParameters.</summary>
public sealed record RTCRtcpParameters
{
    /// <summary>The RTCP canonical name.</summary>
    public string? Cname { get; init; }

    /// <summary>Whether reduced-size RTCP (RFC 5506) is used.</summary>
    public bool ReducedSize { get; init; }
}
