namespace RtcNative.Tests;

public sealed class ValidationTests : LoopbackFixture
{
    [Test]
    public void BothReliabilityLimitsAreATypeError()
    {
        using var connection = Factory.CreatePeerConnection();
        Assert.That(() => connection.CreateDataChannel("x", new RTCDataChannelInit { MaxRetransmits = 1, MaxPacketLifeTime = 100 }),
            Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void NegotiatedWithoutIdIsATypeError()
    {
        using var connection = Factory.CreatePeerConnection();
        Assert.That(() => connection.CreateDataChannel("x", new RTCDataChannelInit { Negotiated = true }),
            Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Id65535IsATypeError()
    {
        using var connection = Factory.CreatePeerConnection();
        Assert.That(() => connection.CreateDataChannel("x", new RTCDataChannelInit { Negotiated = true, Id = 65535 }),
            Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void LabelAndProtocolOver65535BytesAreTypeErrors()
    {
        using var connection = Factory.CreatePeerConnection();
        var tooLong = new string('é', 32768); // 65536 UTF-8 bytes

        Assert.That(() => connection.CreateDataChannel(tooLong), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => connection.CreateDataChannel("x", new RTCDataChannelInit { Protocol = tooLong }), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => connection.CreateDataChannel(null!), Throws.InstanceOf<ArgumentNullException>());
    }

    [Test]
    public void ALabelOfExactly65535BytesIsAccepted()
    {
        using var connection = Factory.CreatePeerConnection();
        using var channel = connection.CreateDataChannel(new string('a', 65535));
        Assert.That(channel.Label, Has.Length.EqualTo(65535));
    }

    [TestCase("turn:turn.example.org")]
    [TestCase("turns:turn.example.org:5349?transport=tcp")]
    public void TurnWithoutCredentialsIsInvalidAccessError(string url)
    {
        var configuration = new RTCConfiguration { IceServers = { new RTCIceServer { Urls = { url }, Username = "user" } } };

        var error = Assert.Throws<RTCException>(() => Factory.CreatePeerConnection(configuration));
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidAccessError"));
    }

    [TestCase("http://stun.example.org")]
    [TestCase("stun.example.org")]
    [TestCase("stun:")]
    [TestCase("stun://stun.example.org")]
    [TestCase("stun:stun.example.org?transport=udp")]
    [TestCase("stun:stun.example.org:0")]
    [TestCase("stun:stun.example.org:70000")]
    [TestCase("stun:stun.example.org#fragment")]
    [TestCase("turn:turn.example.org?transport=sctp")]
    [TestCase("stun:[::1")]
    [TestCase("")]
    public void MalformedIceServerUrlsAreSyntaxErrors(string url)
    {
        var configuration = new RTCConfiguration
        {
            IceServers = { new RTCIceServer { Urls = { url }, Username = "user", Credential = "secret" } },
        };

        var error = Assert.Throws<RTCException>(() => Factory.CreatePeerConnection(configuration));
        Assert.That(error!.ErrorName, Is.EqualTo("SyntaxError"));
    }

    [Test]
    public void AnIceServerWithoutUrlsIsASyntaxError()
    {
        var configuration = new RTCConfiguration { IceServers = { new RTCIceServer() } };

        var error = Assert.Throws<RTCException>(() => Factory.CreatePeerConnection(configuration));
        Assert.That(error!.ErrorName, Is.EqualTo("SyntaxError"));
    }

    [Test]
    public void WellFormedIceServersAreAccepted()
    {
        // Nothing is contacted: no description is ever set on this connection.
        var configuration = new RTCConfiguration
        {
            IceServers =
            {
                new RTCIceServer { Urls = { "stun:127.0.0.1:3478", "stun:[::1]", "STUN:localhost" } },
                new RTCIceServer { Urls = { "turn:127.0.0.1:3478?transport=udp", "turns:localhost" }, Username = "u", Credential = "c" },
            },
            IceCandidatePoolSize = 0,
            BundlePolicy = RTCBundlePolicy.MaxBundle,
        };

        using var connection = Factory.CreatePeerConnection(configuration);
        Assert.That(connection.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
    }

    [TestCase(-1)]
    [TestCase(256)]
    public void IceCandidatePoolSizeOutsideAnOctetIsARangeError(int size)
    {
        Assert.That(() => Factory.CreatePeerConnection(new RTCConfiguration { IceCandidatePoolSize = size }),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AddIceCandidateWithoutMidAndIndexIsATypeErrorThrownSynchronously()
    {
        using var connection = Factory.CreatePeerConnection();
        Assert.That(() => connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host" }),
            Throws.InstanceOf<ArgumentException>());
    }

    [TestCase(-1, 0)]
    [TestCase(0, 65536)]
    [TestCase(6000, 5000)]
    public void PortRangeMustBeValid(int minPort, int maxPort)
    {
        Assert.That(() => new PeerConnectionFactory(new PeerConnectionFactoryOptions { MinPort = minPort, MaxPort = maxPort }),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void NetworkInterfaceNamesMustNotBeEmpty()
    {
        Assert.That(() => new PeerConnectionFactory(new PeerConnectionFactoryOptions { NetworkInterfaces = ["lo", ""] }),
            Throws.InstanceOf<ArgumentException>());
    }

    // A U+0000 would cut a string short at the native boundary; each field gets the error the whole
    // string deserves instead (the engine never sees the truncated prefix).
    [Test]
    public async Task StringsHoldingNulGetTheErrorOfTheirField()
    {
        using var connection = Factory.CreatePeerConnection();
        connection.CreateDataChannel("nul");
        var offer = await connection.CreateOfferAsync().WithTimeout();
        using var remote = Factory.CreatePeerConnection();

        var sdp = await Assert.ThrowsAsync<RTCException>(() => remote.SetRemoteDescriptionAsync(
            new RTCSessionDescriptionInit(RTCSdpType.Offer, offer.Sdp + "\0a=junk\r\n")).WithTimeout());
        await remote.SetRemoteDescriptionAsync(offer).WithTimeout();
        var candidate = await Assert.ThrowsAsync<RTCException>(() => remote.AddIceCandidateAsync(
            new RTCIceCandidateInit { Candidate = "candidate:1 1 udp 1 127.0.0.1 9\0 typ host", SdpMid = "0" }).WithTimeout());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sdp!.ErrorName, Is.EqualTo("OperationError"));
            Assert.That(sdp.ErrorDetail, Is.EqualTo(RTCErrorDetailType.SdpSyntaxError));
            Assert.That(sdp.SdpLineNumber, Is.EqualTo(offer.Sdp!.Count(c => c == '\n') + 1));
            Assert.That(candidate!.ErrorName, Is.EqualTo("OperationError"));
            Assert.That(() => Factory.CreatePeerConnection(new RTCConfiguration { IceServers = { new RTCIceServer { Urls = { "stun:localhost\0:1" } } } }),
                Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("SyntaxError"));
            Assert.That(() => Factory.CreatePeerConnection(new RTCConfiguration
            {
                IceServers = { new RTCIceServer { Urls = { "turn:localhost" }, Username = "user", Credential = "pass\0word" } },
            }), Throws.ArgumentException);
        }
    }
}
