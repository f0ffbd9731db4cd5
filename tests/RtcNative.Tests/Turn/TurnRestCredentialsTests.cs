namespace RtcNative.Tests;

/// <summary>
/// <see cref="TurnRestCredentials"/> (issue 11): the TURN REST API's ephemeral credentials, checked against vectors
/// computed independently (Python's hmac and <c>openssl dgst -sha1 -hmac</c>) and against a coturn started with
/// <c>use-auth-secret</c>, which relays with fresh credentials and refuses expired ones with 401.
/// </summary>
[TestFixture]
public sealed class TurnRestCredentialsTests : LoopbackFixture
{
    private const string Secret = "shared secret of the test";
    private CoturnServer _coturn = null!;

    [OneTimeSetUp]
    public async Task StartCoturn() => _coturn = await CoturnServer.StartAsync(CoturnAuth.RestSecret(Secret));

    [OneTimeTearDown]
    public void StopCoturn() => _coturn?.Dispose();

    // username "1700000000:alice", secret "north": base64(HMAC-SHA1) = Cd/49soE35ICqcJF/bCTn8Z4OyE=
    [Test]
    public void CredentialsMatchTheKnownVector()
    {
        var credentials = TurnRestCredentials.Create("north", DateTimeOffset.FromUnixTimeSeconds(1700000000), "alice");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(credentials.Username, Is.EqualTo("1700000000:alice"));
            Assert.That(credentials.Credential, Is.EqualTo("Cd/49soE35ICqcJF/bCTn8Z4OyE="));
            Assert.That(credentials.Expires, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1700000000)));
        }
    }

    // Without a user id the username is the expiry alone; sub-second parts of the expiry are dropped.
    [Test]
    public void WithoutAUserIdTheUsernameIsTheExpiry()
    {
        var credentials = TurnRestCredentials.Create("logen", DateTimeOffset.FromUnixTimeMilliseconds(1433895918_750));

        Assert.That(credentials.Username, Is.EqualTo("1433895918"));
        Assert.That(credentials.Credential, Is.EqualTo("4g+EP8tdFlrqJULBUxrvgsMFtPQ="));
    }

    [Test]
    public void ALifetimeCountsFromTheTimeProvidersClock()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1699996400));

        var credentials = TurnRestCredentials.Create("north", TimeSpan.FromHours(1), "alice", clock);

        Assert.That(credentials.Username, Is.EqualTo("1700000000:alice"));
    }

    [Test]
    public void BadArgumentsAreRefused()
    {
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => TurnRestCredentials.Create("", expires), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => TurnRestCredentials.Create(null!, expires), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => TurnRestCredentials.Create("s", expires, "a:b"), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => TurnRestCredentials.Create("s", DateTimeOffset.FromUnixTimeSeconds(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TurnRestCredentials.Create("s", TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void ToIceServerCarriesTheCredentials()
    {
        var credentials = TurnRestCredentials.Create("north", DateTimeOffset.FromUnixTimeSeconds(1700000000), "alice");

        var server = credentials.ToIceServer("turn:127.0.0.1:3478", "turns:127.0.0.1:5349");

        Assert.That(server.Urls, Is.EqualTo(new[] { "turn:127.0.0.1:3478", "turns:127.0.0.1:5349" }));
        Assert.That(server.Username, Is.EqualTo(credentials.Username));
        Assert.That(server.Credential, Is.EqualTo(credentials.Credential));
    }

    [Test]
    public async Task CoturnRelaysWithFreshCredentials()
    {
        var caller = TurnRestCredentials.Create(Secret, TimeSpan.FromMinutes(10), "caller").ToIceServer(_coturn.UdpUrl);
        var callee = TurnRestCredentials.Create(Secret, TimeSpan.FromMinutes(10), "callee").ToIceServer(_coturn.UdpUrl);
        using var call = await RelayCall.ConnectAsync(Factory, TurnRelayTests.RelayOnly(caller), TurnRelayTests.RelayOnly(callee));
        var received = new MessageCollector(call.Remote);

        call.Local.Send("through the REST-authenticated relay");

        Assert.That((await received.TakeAsync(1))[0].Text, Is.EqualTo("through the REST-authenticated relay"));
        Assert.That(call.GatheredCandidates.Select(c => c.Type), Is.All.EqualTo(RTCIceCandidateType.Relay));
        Assert.That((await RelayCall.SelectedPairAsync(call.Caller)).LocalCandidate["candidateType"], Is.EqualTo("relay"));
    }

    [Test]
    public async Task CoturnRefusesExpiredCredentialsWith401()
    {
        var expired = TurnRestCredentials.Create(Secret, DateTimeOffset.UtcNow.AddMinutes(-1), "late").ToIceServer(_coturn.UdpUrl);
        var (relayed, errors) = await IceGathering.GatherAsync(Factory, TurnRelayTests.RelayOnly(expired));

        // (the STUN use of the same server reports 701 with the relay-only policy: TurnErrorTests)
        Assert.That(errors.Where(e => e.Url == _coturn.UdpUrl).Select(e => e.ErrorCode), Is.Not.Empty.And.All.EqualTo(401), _coturn.Log);
        Assert.That(relayed, Is.Empty);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
