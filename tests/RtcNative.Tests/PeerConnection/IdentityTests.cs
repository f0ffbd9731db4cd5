namespace RtcNative.Tests;

/// <summary>webrtc-identity (webrtc-identity/RTCPeerConnection-*.html): implemented by no browser engine, so every
/// member says so with NotSupportedException rather than pretending.</summary>
public sealed class IdentityTests : LoopbackFixture
{
    [Test]
    public async Task EveryIdentityMemberReportsNotSupported()
    {
        using var connection = Factory.CreatePeerConnection();

        Assert.That(() => connection.SetIdentityProvider("idp.example", "default", "alice"),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("webrtc-identity"));
        var assertion = connection.GetIdentityAssertionAsync();
        var peer = connection.PeerIdentity;
        await Assert.ThrowsAsync<NotSupportedException>(() => assertion.WithTimeout());
        await Assert.ThrowsAsync<NotSupportedException>(() => peer.WithTimeout());

        connection.Dispose();
        Assert.That(() => connection.GetIdentityAssertionAsync(), Throws.TypeOf<ObjectDisposedException>());
    }
}
