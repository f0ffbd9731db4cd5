namespace RtcNative;

/// <summary>
/// webrtc-identity's RTCIdentityAssertion: the identity provider's domain and the asserted name.
/// Exists for API completeness: no browser engine implements peer identity, and neither does
/// RtcNative (see <see cref="RTCPeerConnection.PeerIdentity"/>).
/// </summary>
public sealed class RTCIdentityAssertion
{
    /// <summary>Creates an assertion.</summary>
    public RTCIdentityAssertion(string idp, string name)
    {
        ArgumentNullException.ThrowIfNull(idp);
        ArgumentNullException.ThrowIfNull(name);
        Idp = idp;
        Name = name;
    }

    /// <summary>The domain of the identity provider.</summary>
    public string Idp { get; }

    /// <summary>The identity the provider asserted.</summary>
    public string Name { get; }
}
