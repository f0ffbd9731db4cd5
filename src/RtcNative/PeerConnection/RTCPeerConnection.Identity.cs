namespace RtcNative;

// webrtc-identity: no browser engine implements it (Chrome, Firefox and Safari ship none of it, and
// libwebrtc has no identity provider support), so each member says so instead of pretending.
public sealed partial class RTCPeerConnection
{
    private const string IdentityNotSupported =
        "WebRTC peer identity (webrtc-identity) is implemented by no browser engine and not by RtcNative.";

    /// <summary>webrtc-identity's setIdentityProvider: not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void SetIdentityProvider(string provider, string? protocol = null, string? usernameHint = null)
    {
        ThrowIfDisposed();
        throw new NotSupportedException(IdentityNotSupported);
    }

    /// <summary>webrtc-identity's getIdentityAssertion: the task faults with <see cref="NotSupportedException"/>.</summary>
    public Task<string> GetIdentityAssertionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.FromException<string>(new NotSupportedException(IdentityNotSupported));
    }

    /// <summary>webrtc-identity's peerIdentity: a task faulted with <see cref="NotSupportedException"/>.</summary>
    public Task<RTCIdentityAssertion> PeerIdentity
    {
        get
        {
            ThrowIfDisposed();
            return Task.FromException<RTCIdentityAssertion>(new NotSupportedException(IdentityNotSupported));
        }
    }
}
