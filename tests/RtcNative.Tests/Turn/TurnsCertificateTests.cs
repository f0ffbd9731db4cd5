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
        var gathered = await GatherAsync(Server(_rightHost));

        AssertRefused(gathered, _rightHost);
    }

    [Test]
    public async Task ASelfSignedCertificateIsRefusedByDefault()
    {
        var gathered = await GatherAsync(Server(_selfSigned));

        AssertRefused(gathered, _selfSigned);
    }

    [Test]
    public async Task ATrustedPrivateCaIsAccepted()
    {
        var gathered = await GatherAsync(Server(_rightHost, roots: _authority.AuthorityPem));

        AssertRelayed(gathered);
    }

    [Test]
    public async Task AnotherCaThanTheTrustedOneIsRefused()
    {
        var gathered = await GatherAsync(Server(_rightHost, roots: _otherAuthority.AuthorityPem));

        AssertRefused(gathered, _rightHost);
    }

    [Test]
    public async Task AWrongHostNameIsRefusedEvenFromTheTrustedCa()
    {
        var gathered = await GatherAsync(Server(_wrongHost, roots: _authority.AuthorityPem));

        AssertRefused(gathered, _wrongHost);
    }

    [Test]
    public async Task InsecureNoCheckAcceptsASelfSignedCertificate()
    {
        var gathered = await GatherAsync(Server(_selfSigned, policy: TlsCertificatePolicy.InsecureNoCheck));

        AssertRelayed(gathered);
    }

    [Test]
    public async Task InsecureNoCheckAcceptsAWrongHostName()
    {
        var gathered = await GatherAsync(Server(_wrongHost, policy: TlsCertificatePolicy.InsecureNoCheck));

        AssertRelayed(gathered);
    }

    // The roots are per connection in libwebrtc: SetConfiguration replaces them with the new servers'.
    [Test]
    public async Task SetConfigurationChangesTheTrustedRoots()
    {
        using var connection = Factory.CreatePeerConnection(TurnRelayTests.RelayOnly(Server(_rightHost)));
        connection.SetConfiguration(TurnRelayTests.RelayOnly(Server(_rightHost, roots: _authority.AuthorityPem)));

        var gathered = await IceGathering.GatherAsync(connection);

        AssertRelayed(gathered);
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

    private Task<GatheringResult> GatherAsync(RTCIceServer server) =>
        IceGathering.GatherAsync(Factory, TurnRelayTests.RelayOnly(server));

    private static void AssertRelayed(GatheringResult gathered)
    {
        Assert.That(gathered.Candidates, Is.Not.Empty, gathered.ErrorsText);
        Assert.That(gathered.Candidates.Select(c => c.Type), Is.All.EqualTo(RTCIceCandidateType.Relay));
    }

    /// <summary>libwebrtc closes the TLS connection when the certificate check fails; the TURN port then reports the
    /// server unreachable: IceCandidateError 701 for the turns: URL (with an empty ErrorText, seen here), and gathering
    /// completes without a candidate.</summary>
    private static void AssertRefused(GatheringResult gathered, CoturnServer coturn)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gathered.Candidates, Is.Empty, string.Join("\n", gathered.Candidates.Select(c => c.Candidate)));
            Assert.That(gathered.Errors.Select(e => (e.Url, e.ErrorCode)), Does.Contain((coturn.TlsUrl, (ushort)701)), gathered.ErrorsText);
        }
    }
}
