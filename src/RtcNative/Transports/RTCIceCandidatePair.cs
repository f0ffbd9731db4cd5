namespace RtcNative;

/// <summary>A local and a remote candidate that ICE paired (W3C RTCIceCandidatePair).</summary>
public sealed class RTCIceCandidatePair
{
    public RTCIceCandidatePair(RTCIceCandidate local, RTCIceCandidate remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        Local = local;
        Remote = remote;
    }

    /// <summary>The local candidate of the pair.</summary>
    public RTCIceCandidate Local { get; }

    /// <summary>The remote candidate of the pair.</summary>
    public RTCIceCandidate Remote { get; }
}
