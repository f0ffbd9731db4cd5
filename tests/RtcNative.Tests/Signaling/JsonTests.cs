namespace RtcNative.Tests;

public sealed class JsonTests
{
    // JSON.stringify(pc.localDescription) in Chromium, for an offer with one data channel.
    private const string BrowserOffer =
        """{"type":"offer","sdp":"v=0\r\no=- 4215775240449105457 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:hV+b\r\na=ice-pwd:Ed1f/9wD5zBqKrbZR2cY3bWn\r\na=ice-options:trickle\r\na=fingerprint:sha-256 3C:4B:7E:0A:1F:55:7D:2E:31:5B:41:D0:9A:E2:69:1B:4E:1E:45:77:2A:F8:DC:8E:9C:91:00:21:60:BB:AD:5A\r\na=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"}""";

    // JSON.stringify(event.candidate) in Chromium.
    private const string BrowserCandidate =
        """{"candidate":"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag hV+b network-cost 999","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"hV+b"}""";

    [Test]
    public void SessionDescriptionRoundTripsTheBrowsersJson()
    {
        var description = RTCSessionDescriptionInit.FromJson(BrowserOffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(description.Type, Is.EqualTo(RTCSdpType.Offer));
            Assert.That(description.Sdp, Does.StartWith("v=0\r\no=- 4215775240449105457 2 IN IP4 127.0.0.1\r\n"));
            Assert.That(description.Sdp, Does.Contain("a=ice-ufrag:hV+b\r\n"));
            Assert.That(description.ToJson(), Is.EqualTo(BrowserOffer));
            Assert.That(new RTCSessionDescription(description).ToJson(), Is.EqualTo(BrowserOffer));
        }
    }

    [TestCase("""{"type":"answer","sdp":"v=0\r\n"}""", RTCSdpType.Answer)]
    [TestCase("""{"type":"pranswer","sdp":"v=0\r\n"}""", RTCSdpType.Pranswer)]
    [TestCase("""{"type":"rollback","sdp":""}""", RTCSdpType.Rollback)]
    public void SessionDescriptionTypesUseTheW3CStrings(string json, RTCSdpType type)
    {
        var description = RTCSessionDescriptionInit.FromJson(json);

        Assert.That(description.Type, Is.EqualTo(type));
        Assert.That(description.ToJson(), Is.EqualTo(json));
    }

    [Test]
    public void SessionDescriptionWithoutSdpHasEmptySdp()
    {
        Assert.That(RTCSessionDescriptionInit.FromJson("""{"type":"rollback"}""").Sdp, Is.Empty);
    }

    [TestCase("{}")]
    [TestCase("garbage")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("""{"type":"bogus","sdp":"v=0"}""")]
    [TestCase("""{"type":"Offer","sdp":"v=0"}""")]
    [TestCase("""{"type":1,"sdp":"v=0"}""")]
    [TestCase("""{"type":"offer","sdp":null}""")]
    [TestCase("""{"candidate":"candidate:1 1 udp 1 127.0.0.1 1 typ host","sdpMid":"0"}""")]
    public void SessionDescriptionFromOtherJsonThrowsFormatException(string json)
    {
        Assert.That(() => RTCSessionDescriptionInit.FromJson(json), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void CandidateRoundTripsTheBrowsersJson()
    {
        var init = RTCIceCandidateInit.FromJson(BrowserCandidate);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(init.Candidate, Does.StartWith("candidate:842163049 1 udp"));
            Assert.That(init.SdpMid, Is.EqualTo("0"));
            Assert.That(init.SdpMLineIndex, Is.EqualTo((ushort)0));
            Assert.That(init.UsernameFragment, Is.EqualTo("hV+b"));
            Assert.That(init.ToJson(), Is.EqualTo(BrowserCandidate));
            Assert.That(new RTCIceCandidate(init).ToJson(), Is.EqualTo(BrowserCandidate));
        }
    }

    [Test]
    public void CandidateAcceptsOmittedMembersAndWritesThemAsNull()
    {
        var init = RTCIceCandidateInit.FromJson("""{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host","sdpMid":"0"}""");

        Assert.That(init.SdpMLineIndex, Is.Null);
        Assert.That(init.UsernameFragment, Is.Null);
        Assert.That(init.ToJson(), Is.EqualTo("""{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host","sdpMid":"0","sdpMLineIndex":null,"usernameFragment":null}"""));
    }

    [Test]
    public void CandidateAcceptsExplicitNullsAndIgnoresUnknownMembers()
    {
        var init = RTCIceCandidateInit.FromJson("""{"candidate":"","sdpMid":null,"sdpMLineIndex":null,"usernameFragment":null,"extra":[1,2]}""");

        Assert.That(init.Candidate, Is.Empty);
        Assert.That(init.SdpMid, Is.Null);
        Assert.That(init.ToJson(), Is.EqualTo("""{"candidate":"","sdpMid":null,"sdpMLineIndex":null,"usernameFragment":null}"""));
    }

    [TestCase("{}")]
    [TestCase("garbage")]
    [TestCase("null")]
    [TestCase("""{"candidate":null}""")]
    [TestCase("""{"candidate":5}""")]
    [TestCase("""{"candidate":"x","sdpMLineIndex":-1}""")]
    [TestCase("""{"candidate":"x","sdpMLineIndex":65536}""")]
    [TestCase("""{"candidate":"x","sdpMLineIndex":"0"}""")]
    [TestCase("""{"candidate":"x","sdpMid":0}""")]
    [TestCase("""{"type":"offer","sdp":"v=0"}""")]
    public void CandidateFromOtherJsonThrowsFormatException(string json)
    {
        Assert.That(() => RTCIceCandidateInit.FromJson(json), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void FromJsonOfNullThrowsArgumentNullException()
    {
        Assert.That(() => RTCIceCandidateInit.FromJson(null!), Throws.TypeOf<ArgumentNullException>());
        Assert.That(() => RTCSessionDescriptionInit.FromJson(null!), Throws.TypeOf<ArgumentNullException>());
    }

    [Test]
    public void EnumsSerializeAsTheW3CStrings()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(System.Text.Json.JsonSerializer.Serialize(RTCSignalingState.HaveLocalOffer), Is.EqualTo("\"have-local-offer\""));
            Assert.That(System.Text.Json.JsonSerializer.Serialize(RTCBundlePolicy.MaxBundle), Is.EqualTo("\"max-bundle\""));
            Assert.That(System.Text.Json.JsonSerializer.Deserialize<RTCSdpType>("\"pranswer\""), Is.EqualTo(RTCSdpType.Pranswer));
        }
    }
}
