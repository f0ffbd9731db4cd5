namespace RtcNative.Tests;

/// <summary>
/// A TURN server that refuses the credentials (issue 11): coturn answers the Allocate request with 401 each time,
/// libwebrtc raises IceCandidateError with that code and the server's URL, gathering completes without a relay
/// candidate, and the connection stays usable (a second offer works, Close and Dispose return).
/// </summary>
[TestFixture]
public sealed class TurnErrorTests : LoopbackFixture
{
    private CoturnServer _coturn = null!;

    [OneTimeSetUp]
    public async Task StartCoturn() => _coturn = await CoturnServer.StartAsync(CoturnAuth.LongTerm("alice", "the right password"));

    [OneTimeTearDown]
    public void StopCoturn() => _coturn?.Dispose();

    [TestCase("udp")]
    [TestCase("tcp")]
    public async Task AWrongPasswordRaisesIceCandidateError401AndNoRelayCandidate(string transport)
    {
        var url = transport == "udp" ? _coturn.UdpUrl : _coturn.TcpUrl;
        using var connection = Factory.CreatePeerConnection(TurnRelayTests.RelayOnly(
            new RTCIceServer { Urls = { url }, Username = "alice", Credential = "a wrong password" }));

        var gathered = await IceGathering.GatherAsync(connection);
        var (candidates, errors) = gathered;

        using (Assert.EnterMultipleScope())
        {
            // libwebrtc also uses a turn: UDP server as a STUN server; with the relay-only policy it has no socket
            // to send that binding from and reports 701 "STUN server address is incompatible" for
            // "stun:127.0.0.1:port" (seen here). The TURN URL itself gets the server's 401 "Unauthorized".
            var turnErrors = errors.Where(e => e.Url == url).ToList();
            Assert.That(turnErrors, Is.Not.Empty, gathered.ErrorsText);
            Assert.That(turnErrors.Select(e => e.ErrorCode), Is.All.EqualTo(401));
            Assert.That(turnErrors.Select(e => e.ErrorText), Is.All.EqualTo("Unauthorized")); // coturn's reason phrase
            Assert.That(errors.Except(turnErrors).Select(e => e.Url), Is.All.StartsWith("stun:127.0.0.1:"));
            Assert.That(candidates, Is.Empty);
            Assert.That(connection.LocalDescription!.Sdp, Does.Not.Contain("typ relay"));
        }

        // Still a working connection: a new offer, then Close.
        var offer = await connection.CreateOfferAsync().WithTimeout();
        Assert.That(offer.Sdp, Does.Contain("m=application"));
        connection.Close();
        Assert.That(connection.ConnectionState, Is.EqualTo(RTCPeerConnectionState.Closed));
    }
}
