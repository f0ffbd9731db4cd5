namespace RtcNative.Tests;

/// <summary>
/// Relay-only calls through Debian's coturn on 127.0.0.1 with long-term credentials (issue 11): over TURN/UDP,
/// TURN/TCP and TURNS (TLS with a certificate of the test's own CA, trusted through
/// <see cref="RTCIceServer.TlsTrustedRootCertificatesPem"/>). Each gathers only relay candidates, the stats show the
/// selected pair's local candidate as relay with its relayProtocol, and data-channel messages go both ways.
/// </summary>
[TestFixture]
public sealed class TurnRelayTests : LoopbackFixture
{
    private const string User = "alice";
    private const string Password = "correct horse battery staple";
    private TurnCertificates _certificates = null!;
    private CoturnServer _coturn = null!;

    [OneTimeSetUp]
    public async Task StartCoturn()
    {
        _certificates = new TurnCertificates();
        _coturn = await CoturnServer.StartAsync(CoturnAuth.LongTerm(User, Password), _certificates.IssueServer("127.0.0.1"));
    }

    [OneTimeTearDown]
    public void StopCoturn()
    {
        _coturn?.Dispose();
        _certificates?.Dispose();
    }

    [TestCase("udp")]
    [TestCase("tcp")]
    [TestCase("tls")]
    public async Task PeersConnectOnlyThroughTheRelay(string relayProtocol)
    {
        var url = relayProtocol switch
        {
            "udp" => _coturn.UdpUrl,
            "tcp" => _coturn.TcpUrl,
            _ => _coturn.TlsUrl,
        };
        var server = new RTCIceServer
        {
            Urls = { url },
            Username = User,
            Credential = Password,
            TlsTrustedRootCertificatesPem = relayProtocol == "tls" ? _certificates.AuthorityPem : null,
        };
        using var call = await RelayCall.ConnectAsync(Factory, RelayOnly(server), RelayOnly(server));

        var fromCaller = new MessageCollector(call.Remote);
        var fromCallee = new MessageCollector(call.Local);
        for (var i = 0; i < 20; i++)
        {
            call.Local.Send($"caller {i}");
            call.Remote.Send($"callee {i}");
        }

        var atCallee = (await fromCaller.TakeAsync(20)).Select(m => m.Text);
        var atCaller = (await fromCallee.TakeAsync(20)).Select(m => m.Text);
        var (callerPair, callerLocal, callerRemote) = await RelayCall.SelectedPairAsync(call.Caller);
        var (_, calleeLocal, _) = await RelayCall.SelectedPairAsync(call.Callee);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(atCallee, Is.EqualTo(Enumerable.Range(0, 20).Select(i => $"caller {i}")));
            Assert.That(atCaller, Is.EqualTo(Enumerable.Range(0, 20).Select(i => $"callee {i}")));
            Assert.That(call.GatheredCandidates, Is.Not.Empty);
            Assert.That(call.GatheredCandidates.Select(c => c.Type), Is.All.EqualTo(RTCIceCandidateType.Relay),
                string.Join("\n", call.GatheredCandidates.Select(c => c.Candidate)));
            Assert.That(callerPair["nominated"], Is.EqualTo(true));
            // The selected pair's "state" flips between succeeded and in-progress as libwebrtc's checks go out and
            // come back (seen both here): that a check was answered through the relay is what matters.
            Assert.That(callerPair["state"], Is.AnyOf("succeeded", "in-progress"));
            Assert.That(Convert.ToDouble(callerPair["responsesReceived"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(Convert.ToDouble(callerPair["bytesReceived"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(callerLocal["candidateType"], Is.EqualTo("relay"));
            Assert.That(callerLocal["relayProtocol"], Is.EqualTo(relayProtocol));
            Assert.That(callerRemote["candidateType"], Is.EqualTo("relay"), "the callee's end is its relay address too");
            Assert.That(calleeLocal["candidateType"], Is.EqualTo("relay"));
            Assert.That(calleeLocal["relayProtocol"], Is.EqualTo(relayProtocol));
            Assert.That(call.CallerCandidates.Errors.Concat(call.CalleeCandidates.Errors), Is.Empty);
        }
    }

    /// <summary>A configuration that lets ICE use relay candidates only, through <paramref name="servers"/>.</summary>
    internal static RTCConfiguration RelayOnly(params RTCIceServer[] servers)
    {
        var configuration = new RTCConfiguration { IceTransportPolicy = RTCIceTransportPolicy.Relay };
        foreach (var server in servers)
        {
            configuration.IceServers.Add(server);
        }

        return configuration;
    }
}
