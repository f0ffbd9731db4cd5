using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>
/// The TLS certificate of a <c>turns:</c> server (issue 11): by default (<see cref="TlsCertificatePolicy.Secure"/>)
/// a certificate of an unknown CA or for another host name is refused, so that server gives no relay candidate;
/// <see cref="RTCIceServer.TlsTrustedRootCertificatesPem"/> trusts a private CA (the host name is still checked) and
/// <see cref="TlsCertificatePolicy.InsecureNoCheck"/> accepts anything. Three coturns: a certificate of the test's CA
/// for 127.0.0.1, one of the same CA for another name, a self-signed one for 127.0.0.1.
/// </summary>
[TestFixture]
public sealed class TurnsCertificateTests : LoopbackFixture
{
    private const string User = "alice";
    private const string Password = "tls password";
    private TurnCertificates _authority = null!;
    private TurnCertificates _otherAuthority = null!;
    private CoturnServer _rightHost = null!;
    private CoturnServer _wrongHost = null!;
    private CoturnServer _selfSigned = null!;

    [OneTimeSetUp]
    public async Task StartCoturns()
    {
        _authority = new TurnCertificates();
        _otherAuthority = new TurnCertificates();
        var auth = CoturnAuth.LongTerm(User, Password);
        _rightHost = await CoturnServer.StartAsync(auth, _authority.IssueServer("127.0.0.1"));
        _wrongHost = await CoturnServer.StartAsync(auth, _authority.IssueServer("turn.example.org"));
        _selfSigned = await CoturnServer.StartAsync(auth, TurnCertificates.SelfSigned("127.0.0.1"));
    }

    [OneTimeTearDown]
    public void StopCoturns()
    {
        _rightHost?.Dispose();
        _wrongHost?.Dispose();
        _selfSigned?.Dispose();
        _authority?.Dispose();
        _otherAuthority?.Dispose();
    }

    [Test]
    public async Task AnUnknownCaIsRefusedByDefault()
    {
        var (candidates, errors) = await GatherAsync(Server(_rightHost));

        AssertRefused(candidates, errors, _rightHost);
    }

    [Test]
    public async Task ASelfSignedCertificateIsRefusedByDefault()
    {
        var (candidates, errors) = await GatherAsync(Server(_selfSigned));

        AssertRefused(candidates, errors, _selfSigned);
    }

    [Test]
    public async Task ATrustedPrivateCaIsAccepted()
    {
        var (candidates, _) = await GatherAsync(Server(_rightHost, roots: _authority.AuthorityPem));

        AssertRelayed(candidates);
    }

    [Test]
    public async Task AnotherCaThanTheTrustedOneIsRefused()
    {
        var (candidates, errors) = await GatherAsync(Server(_rightHost, roots: _otherAuthority.AuthorityPem));

        AssertRefused(candidates, errors, _rightHost);
    }

    [Test]
    public async Task AWrongHostNameIsRefusedEvenFromTheTrustedCa()
    {
        var (candidates, errors) = await GatherAsync(Server(_wrongHost, roots: _authority.AuthorityPem));

        AssertRefused(candidates, errors, _wrongHost);
    }

    [Test]
    public async Task InsecureNoCheckAcceptsASelfSignedCertificate()
    {
        var (candidates, _) = await GatherAsync(Server(_selfSigned, policy: TlsCertificatePolicy.InsecureNoCheck));

        AssertRelayed(candidates);
    }

    [Test]
    public async Task InsecureNoCheckAcceptsAWrongHostName()
    {
        var (candidates, _) = await GatherAsync(Server(_wrongHost, policy: TlsCertificatePolicy.InsecureNoCheck));

        AssertRelayed(candidates);
    }

    // The roots are per connection in libwebrtc: SetConfiguration replaces them with the new servers'.
    [Test]
    public async Task SetConfigurationChangesTheTrustedRoots()
    {
        using var connection = Factory.CreatePeerConnection(TurnRelayTests.RelayOnly(Server(_rightHost)));
        connection.SetConfiguration(TurnRelayTests.RelayOnly(Server(_rightHost, roots: _authority.AuthorityPem)));

        var (candidates, _) = await GatherAsync(connection);

        AssertRelayed(candidates);
    }

    [Test]
    public void TheTlsSettingsRoundTripThroughGetConfiguration()
    {
        using var connection = Factory.CreatePeerConnection(TurnRelayTests.RelayOnly(
            Server(_rightHost, TlsCertificatePolicy.InsecureNoCheck, _authority.AuthorityPem)));

        var server = connection.GetConfiguration().IceServers.Single();

        Assert.That(server.TlsCertificatePolicy, Is.EqualTo(TlsCertificatePolicy.InsecureNoCheck));
        Assert.That(server.TlsTrustedRootCertificatesPem, Is.EqualTo(_authority.AuthorityPem));
    }

    [TestCase("not a certificate")]
    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void MalformedTrustedRootsAreAnArgumentException(string pem)
    {
        var configuration = TurnRelayTests.RelayOnly(Server(_rightHost, roots: pem));

        Assert.That(() => Factory.CreatePeerConnection(configuration), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void AnUndefinedPolicyIsAnArgumentException()
    {
        var configuration = TurnRelayTests.RelayOnly(Server(_rightHost, policy: (TlsCertificatePolicy)7));

        Assert.That(() => Factory.CreatePeerConnection(configuration), Throws.InstanceOf<ArgumentException>());
    }

    private static RTCIceServer Server(CoturnServer coturn, TlsCertificatePolicy policy = TlsCertificatePolicy.Secure, string? roots = null) => new()
    {
        Urls = { coturn.TlsUrl },
        Username = User,
        Credential = Password,
        TlsCertificatePolicy = policy,
        TlsTrustedRootCertificatesPem = roots,
    };

    private async Task<(List<RTCIceCandidate> Candidates, List<RTCPeerConnectionIceErrorEventArgs> Errors)> GatherAsync(RTCIceServer server)
    {
        using var connection = Factory.CreatePeerConnection(TurnRelayTests.RelayOnly(server));
        return await GatherAsync(connection);
    }

    /// <summary>Gathers relay candidates for a data-channel offer until gathering completes (bounded).</summary>
    private static async Task<(List<RTCIceCandidate> Candidates, List<RTCPeerConnectionIceErrorEventArgs> Errors)> GatherAsync(RTCPeerConnection connection)
    {
        var candidates = new ConcurrentQueue<RTCIceCandidate>();
        var errors = new ConcurrentQueue<RTCPeerConnectionIceErrorEventArgs>();
        connection.IceCandidate += (_, e) =>
        {
            if (e.Candidate is { } candidate)
            {
                candidates.Enqueue(candidate);
            }
        };
        connection.IceCandidateError += (_, e) => errors.Enqueue(e);
        var complete = StateWait.ReachedAsync(() => connection.IceGatheringState, h => connection.IceGatheringStateChange += h, RTCIceGatheringState.Complete);
        connection.CreateDataChannel("tls");
        await connection.SetLocalDescriptionAsync().WithTimeout();
        await complete;
        return (candidates.ToList(), errors.ToList());
    }

    private static void AssertRelayed(List<RTCIceCandidate> candidates)
    {
        Assert.That(candidates, Is.Not.Empty);
        Assert.That(candidates.Select(c => c.Type), Is.All.EqualTo(RTCIceCandidateType.Relay));
    }

    /// <summary>libwebrtc closes the TLS connection when the certificate check fails; the TURN port then reports the
    /// server unreachable: IceCandidateError 701 for the turns: URL, and no candidate.</summary>
    private static void AssertRefused(List<RTCIceCandidate> candidates, List<RTCPeerConnectionIceErrorEventArgs> errors, CoturnServer coturn)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidates, Is.Empty, string.Join("\n", candidates.Select(c => c.Candidate)));
            Assert.That(errors.Select(e => (e.Url, e.ErrorCode)), Does.Contain((coturn.TlsUrl, (ushort)701)),
                string.Join("\n", errors.Select(e => $"{e.Url} {e.ErrorCode} {e.ErrorText}")));
        }
    }
}
