namespace RtcNative.Tests;

// Modelled on web-platform-tests webrtc/RTCConfiguration-bundlePolicy.html, -iceServers.html,
// -iceTransportPolicy.html, -iceCandidatePoolSize.html, -rtcpMuxPolicy.html and their
// RTCConfiguration-helper.js config_test (each check through the constructor and setConfiguration).
public sealed class ConfigurationTests : LoopbackFixture
{
    [Test] // RTCConfiguration-bundlePolicy.html "Default bundlePolicy should be balanced", -iceServers.html defaults
    public void TheDefaultConfigurationIsReportedMemberByMember()
    {
        using var connection = Factory.CreatePeerConnection();

        var configuration = connection.GetConfiguration();

        Assert.That(configuration.IceServers, Is.Empty);
        Assert.That(configuration.IceTransportPolicy, Is.EqualTo(RTCIceTransportPolicy.All));
        Assert.That(configuration.BundlePolicy, Is.EqualTo(RTCBundlePolicy.Balanced));
        Assert.That(configuration.RtcpMuxPolicy, Is.EqualTo(RTCRtcpMuxPolicy.Require));
        Assert.That(configuration.IceCandidatePoolSize, Is.Zero);
        Assert.That(configuration.Certificates, Is.Empty);
    }

    [Test] // RTCConfiguration-iceServers.html "with one turns server, one turn server, username, credential should succeed"
    public async Task EveryMemberRoundTripsThroughGetConfiguration()
    {
        var certificate = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        var given = new RTCConfiguration
        {
            IceServers =
            {
                new RTCIceServer { Urls = { "stun:stun1.example.net", "stun:stun2.example.net" } },
                new RTCIceServer { Urls = { "turns:turn.example.org", "turn:turn.example.net" }, Username = "user", Credential = "cred" },
                new RTCIceServer { Urls = { "turn:[2001:db8::1]:3478?transport=udp" }, Username = "u2", Credential = "c2" },
            },
            IceTransportPolicy = RTCIceTransportPolicy.Relay,
            BundlePolicy = RTCBundlePolicy.MaxBundle,
            IceCandidatePoolSize = 3,
            Certificates = { certificate },
        };
        using var connection = Factory.CreatePeerConnection(given);

        var reported = connection.GetConfiguration();

        AssertSameConfiguration(reported, given);
    }

    [Test]
    public void GetConfigurationIsADeepCopyUntouchedByLaterEdits()
    {
        var given = new RTCConfiguration { IceServers = { new RTCIceServer { Urls = { "stun:stun1.example.net" } } } };
        using var connection = Factory.CreatePeerConnection(given);

        given.IceServers[0].Urls.Add("stun:added.example.net");
        given.IceServers.Add(new RTCIceServer { Urls = { "stun:other.example.net" } });
        var first = connection.GetConfiguration();
        first.IceServers[0].Urls.Clear();
        first.IceServers[0].Username = "changed";
        first.BundlePolicy = RTCBundlePolicy.MaxCompat;

        var second = connection.GetConfiguration();
        Assert.That(second.IceServers, Has.Count.EqualTo(1));
        Assert.That(second.IceServers[0].Urls, Is.EqualTo(new[] { "stun:stun1.example.net" }));
        Assert.That(second.IceServers[0].Username, Is.Null);
        Assert.That(second.BundlePolicy, Is.EqualTo(RTCBundlePolicy.Balanced));
        Assert.That(second, Is.Not.SameAs(first));
    }

    [Test]
    public void GetConfigurationWorksAfterCloseAndThrowsAfterDispose()
    {
        var connection = Factory.CreatePeerConnection(new RTCConfiguration { BundlePolicy = RTCBundlePolicy.MaxCompat });
        connection.Close();

        Assert.That(connection.GetConfiguration().BundlePolicy, Is.EqualTo(RTCBundlePolicy.MaxCompat));

        connection.Dispose();
        Assert.That(() => connection.GetConfiguration(), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => connection.SetConfiguration(new RTCConfiguration()), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test] // config_test's setConfiguration half: servers, transport policy and pool size change
    public void SetConfigurationChangesTheMutableMembers()
    {
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { BundlePolicy = RTCBundlePolicy.MaxBundle });
        var next = new RTCConfiguration
        {
            IceServers = { new RTCIceServer { Urls = { "turn:turn.example.net?transport=tcp" }, Username = "u", Credential = "c" } },
            IceTransportPolicy = RTCIceTransportPolicy.Relay,
            BundlePolicy = RTCBundlePolicy.MaxBundle,
            IceCandidatePoolSize = 2,
        };

        connection.SetConfiguration(next);

        AssertSameConfiguration(connection.GetConfiguration(), next);
    }

    [TestCase(RTCBundlePolicy.Balanced)]
    [TestCase(RTCBundlePolicy.MaxCompat)]
    [TestCase(RTCBundlePolicy.MaxBundle)]
    public void SetConfigurationWithTheSameBundlePolicySucceeds(RTCBundlePolicy policy)
    {
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { BundlePolicy = policy });

        connection.SetConfiguration(new RTCConfiguration { BundlePolicy = policy });

        Assert.That(connection.GetConfiguration().BundlePolicy, Is.EqualTo(policy));
    }

    [Test] // RTCConfiguration-bundlePolicy.html "setConfiguration({}) with initial bundlePolicy max-bundle should throw"
    public void ChangingTheBundlePolicyIsAnInvalidModificationError()
    {
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { BundlePolicy = RTCBundlePolicy.MaxBundle });

        var toCompat = Assert.Throws<RTCException>(() => connection.SetConfiguration(new RTCConfiguration { BundlePolicy = RTCBundlePolicy.MaxCompat }));
        var toDefault = Assert.Throws<RTCException>(() => connection.SetConfiguration(new RTCConfiguration()));

        Assert.That(toCompat!.ErrorName, Is.EqualTo("InvalidModificationError"));
        Assert.That(toDefault!.ErrorName, Is.EqualTo("InvalidModificationError"));
        Assert.That(connection.GetConfiguration().BundlePolicy, Is.EqualTo(RTCBundlePolicy.MaxBundle), "a refused configuration is not stored");
    }

    [Test] // RTCConfiguration-iceCandidatePoolSize.html: the pool size is fixed once a local description is set
    public async Task ChangingThePoolSizeAfterSetLocalDescriptionIsAnInvalidModificationError()
    {
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { IceCandidatePoolSize = 1 });
        connection.CreateDataChannel("pool");
        await connection.SetLocalDescriptionAsync().WithTimeout();

        connection.SetConfiguration(new RTCConfiguration { IceCandidatePoolSize = 1 });
        var error = Assert.Throws<RTCException>(() => connection.SetConfiguration(new RTCConfiguration { IceCandidatePoolSize = 2 }));

        Assert.That(error!.ErrorName, Is.EqualTo("InvalidModificationError"));
        Assert.That(connection.GetConfiguration().IceCandidatePoolSize, Is.EqualTo(1));
    }

    [Test] // webrtc-pc setConfiguration step 1
    public void SetConfigurationAfterCloseIsAnInvalidStateError()
    {
        using var connection = Factory.CreatePeerConnection();
        connection.Close();

        var error = Assert.Throws<RTCException>(() => connection.SetConfiguration(new RTCConfiguration()));

        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [TestCase("turn:turn.example.net", null, null)]
    [TestCase("turn:turn.example.net", "user", null)]
    [TestCase("turns:turn.example.net", null, "cred")]
    public void SetConfigurationRejectsTurnWithoutCredentialsAsInvalidAccessError(string url, string? username, string? credential)
    {
        using var connection = Factory.CreatePeerConnection();
        var configuration = new RTCConfiguration { IceServers = { new RTCIceServer { Urls = { url }, Username = username, Credential = credential } } };

        var error = Assert.Throws<RTCException>(() => connection.SetConfiguration(configuration));

        Assert.That(error!.ErrorName, Is.EqualTo("InvalidAccessError"));
        Assert.That(connection.GetConfiguration().IceServers, Is.Empty);
    }

    [TestCase("")]
    [TestCase("relative-url")]
    [TestCase("http://example.com")]
    [TestCase("turn://example.org/foo?x=y")]
    [TestCase("stun://example.org/foo?x=y")]
    [TestCase("stun:example.net:65536")]
    [TestCase("stun:example.net#foo")]
    public void MalformedUrlsAreSyntaxErrorsInBothConstructorAndSetConfiguration(string url)
    {
        var configuration = new RTCConfiguration { IceServers = { new RTCIceServer { Urls = { "stun:stun1.example.net", url } } } };
        using var connection = Factory.CreatePeerConnection();

        var fromConstructor = Assert.Throws<RTCException>(() => Factory.CreatePeerConnection(configuration));
        var fromSet = Assert.Throws<RTCException>(() => connection.SetConfiguration(configuration));

        Assert.That(fromConstructor!.ErrorName, Is.EqualTo("SyntaxError"));
        Assert.That(fromSet!.ErrorName, Is.EqualTo("SyntaxError"));
    }

    [Test] // RTCConfiguration-iceServers.html "{ iceServers: null } / [null] should throw TypeError"
    public void NullMembersAreTypeErrors()
    {
        using var connection = Factory.CreatePeerConnection();

        Assert.That(() => Factory.CreatePeerConnection(new RTCConfiguration { IceServers = null! }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => Factory.CreatePeerConnection(new RTCConfiguration { IceServers = { null! } }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => Factory.CreatePeerConnection(new RTCConfiguration { Certificates = null! }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => connection.SetConfiguration(new RTCConfiguration { Certificates = { null! } }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => connection.SetConfiguration(null!), Throws.InstanceOf<ArgumentNullException>());
        Assert.That(() => connection.SetConfiguration(new RTCConfiguration { IceCandidatePoolSize = 256 }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => Factory.CreatePeerConnection(new RTCConfiguration { BundlePolicy = (RTCBundlePolicy)42 }), Throws.InstanceOf<ArgumentException>());
    }

    [Test] // RTCConfiguration-iceTransportPolicy.html: "relay" gathers no host candidates, also once set later
    public async Task RelayPolicySetLaterStopsHostCandidates()
    {
        using var all = Factory.CreatePeerConnection();
        using var relay = Factory.CreatePeerConnection();
        relay.SetConfiguration(new RTCConfiguration { IceTransportPolicy = RTCIceTransportPolicy.Relay });

        var withAll = await GatheredSdpAsync(all);
        var withRelay = await GatheredSdpAsync(relay);

        Assert.That(withAll, Does.Contain("a=candidate:"), "loopback host candidates under policy all");
        Assert.That(withRelay, Does.Not.Contain("a=candidate:"), "no relay server, so no candidate at all under policy relay");
    }

    private static async Task<string> GatheredSdpAsync(RTCPeerConnection connection)
    {
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.IceGatheringStateChange += (_, state) =>
        {
            if (state == RTCIceGatheringState.Complete)
            {
                complete.TrySetResult();
            }
        };
        connection.CreateDataChannel("gather");
        await connection.SetLocalDescriptionAsync().WithTimeout();
        await complete.Task.WithTimeout();
        return connection.LocalDescription!.Sdp;
    }

    private static void AssertSameConfiguration(RTCConfiguration actual, RTCConfiguration expected)
    {
        Assert.That(actual.IceServers, Has.Count.EqualTo(expected.IceServers.Count));
        for (var i = 0; i < expected.IceServers.Count; i++)
        {
            Assert.That(actual.IceServers[i].Urls, Is.EqualTo(expected.IceServers[i].Urls));
            Assert.That(actual.IceServers[i].Username, Is.EqualTo(expected.IceServers[i].Username));
            Assert.That(actual.IceServers[i].Credential, Is.EqualTo(expected.IceServers[i].Credential));
            Assert.That(actual.IceServers[i], Is.Not.SameAs(expected.IceServers[i]));
        }

        Assert.That(actual.IceTransportPolicy, Is.EqualTo(expected.IceTransportPolicy));
        Assert.That(actual.BundlePolicy, Is.EqualTo(expected.BundlePolicy));
        Assert.That(actual.RtcpMuxPolicy, Is.EqualTo(expected.RtcpMuxPolicy));
        Assert.That(actual.IceCandidatePoolSize, Is.EqualTo(expected.IceCandidatePoolSize));
        Assert.That(actual.Certificates, Is.EqualTo(expected.Certificates));
    }
}
