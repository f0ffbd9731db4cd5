namespace RtcNative;

/// <summary>The <see cref="RTCPeerConnection.IceCandidate"/> event (W3C RTCPeerConnectionIceEvent).</summary>
public sealed class RTCPeerConnectionIceEventArgs : EventArgs
{
    /// <summary>Creates the event for a gathered candidate, or for the end of gathering (null).</summary>
    public RTCPeerConnectionIceEventArgs(RTCIceCandidate? candidate) => Candidate = candidate;

    /// <summary>The new candidate, to signal to the remote peer; null once gathering completed.</summary>
    public RTCIceCandidate? Candidate { get; }
}
