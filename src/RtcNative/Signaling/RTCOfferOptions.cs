namespace RtcNative;

/// <summary>Options of <see cref="RTCPeerConnection.CreateOfferAsync"/> (W3C RTCOfferOptions).</summary>
public sealed class RTCOfferOptions
{
    /// <summary>Generate new ICE credentials, restarting ICE when the offer is applied.</summary>
    public bool IceRestart { get; set; }

    /// <summary>Legacy: whether to offer to receive audio without a track (null = not set).</summary>
    public bool? OfferToReceiveAudio { get; set; }

    /// <summary>Legacy: whether to offer to receive video without a track (null = not set).</summary>
    public bool? OfferToReceiveVideo { get; set; }
}
