namespace RtcNative.Interop;

/// <summary>The events a connection's native callbacks queue (the Kind of its dispatch items).</summary>
internal enum ConnectionEvent
{
    SignalingStateChange,
    IceGatheringStateChange,
    IceConnectionStateChange,
    ConnectionStateChange,
    IceCandidate,
    IceCandidateError,
    NegotiationNeeded,
    DataChannel,
    TransportStateChange,
}
