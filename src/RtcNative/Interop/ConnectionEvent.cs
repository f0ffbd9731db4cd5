namespace RtcNative.Interop;

/// <summary>The events a connection's native callbacks queue (the Kind of its dispatch items).</summary>
internal enum ConnectionEvent
{
    IceGatheringStateChange,
    IceConnectionStateChange,
    ConnectionStateChange,
    IceCandidate,
    IceCandidateError,
    NegotiationNeeded,
    DataChannel,
    TransportsChange,
    Track,
    ReceiverTrackEvent,
    DtmfToneChange,
}
