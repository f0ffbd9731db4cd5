using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcNative.Tests;

public sealed class JsonTests
{
    // JSON.stringify(pc.localDescription) in Chromium, for an offer with one data channel.
    private const string BrowserOffer =
        """{"type":"offer","sdp":"v=0\r\no=- 4215775240449105457 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:hV+b\r\na=ice-pwd:Ed1f/9wD5zBqKrbZR2cY3bWn\r\na=ice-options:trickle\r\na=fingerprint:sha-256 3C:4B:7E:0A:1F:55:7D:2E:31:5B:41:D0:9A:E2:69:1B:4E:1E:45:77:2A:F8:DC:8E:9C:91:00:21:60:BB:AD:5A\r\na=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"}""";

    // JSON.stringify(event.candidate) in Chromium.
    private const string BrowserCandidate =
        """{"candidate":"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag hV+b network-cost 999","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"hV+b"}""";

    // Text that is not the JSON of a session description (JSON null aside, which the serializer maps to null).
    private static readonly string[] MalformedDescriptions =
    [
        "{}",
        "garbage",
        "",
        "[]",
        "\"offer\"",
        """{"type":"bogus","sdp":"v=0"}""",
        """{"type":"Offer","sdp":"v=0"}""",
        """{"Type":"offer","Sdp":"v=0"}""",
        """{"type":1,"sdp":"v=0"}""",
        """{"type":"offer","sdp":null}""",
        """{"type":"offer","sdp":5}""",
        """{"type":"offer","sdp":"v=0""",
        """{"candidate":"candidate:1 1 udp 1 127.0.0.1 1 typ host","sdpMid":"0"}""",
    ];

    // Text that is not the JSON of an ICE candidate (JSON null aside).
    private static readonly string[] MalformedCandidates =
    [
        "{}",
        "garbage",
        "",
        "[]",
        "\"candidate:1 1 udp 1 127.0.0.1 1 typ host\"",
        """{"candidate":null}""",
        """{"candidate":5}""",
        """{"Candidate":"x","SdpMid":"0"}""",
        """{"candidate":"x","sdpMLineIndex":-1}""",
        """{"candidate":"x","sdpMLineIndex":65536}""",
        """{"candidate":"x","sdpMLineIndex":0.5}""",
        """{"candidate":"x","sdpMLineIndex":"0"}""",
        """{"candidate":"x","sdpMid":0}""",
        """{"candidate":"x","usernameFragment":false}""",
        """{"type":"offer","sdp":"v=0"}""",
    ];

    // The browser's shape with the options' naming policies, which must not rename W3C members; the
    // relaxed encoder writes '+' as JSON.stringify does, so the text is the browser's byte for byte.
    private static readonly TestCaseData[] BrowserTextOptions =
    [
        new TestCaseData(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).SetArgDisplayNames("Default"),
        new TestCaseData(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).SetArgDisplayNames("Web"),
        new TestCaseData(new JsonSerializerOptions { PropertyNamingPolicy = null, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).SetArgDisplayNames("NoNamingPolicy"),
        new TestCaseData(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).SetArgDisplayNames("SnakeCaseUpper"),
    ];

    private static readonly TestCaseData[] ReadingOptions =
    [
        new TestCaseData(JsonSerializerOptions.Default).SetArgDisplayNames("Default"),
        new TestCaseData(JsonSerializerOptions.Web).SetArgDisplayNames("Web"),
        new TestCaseData(new JsonSerializerOptions { PropertyNamingPolicy = null, AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip }).SetArgDisplayNames("Lenient"),
    ];

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

    [TestCase("null")]
    [TestCaseSource(nameof(MalformedDescriptions))]
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

    [TestCase("null")]
    [TestCaseSource(nameof(MalformedCandidates))]
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
            Assert.That(JsonSerializer.Serialize(RTCSignalingState.HaveLocalOffer), Is.EqualTo("\"have-local-offer\""));
            Assert.That(JsonSerializer.Serialize(RTCBundlePolicy.MaxBundle), Is.EqualTo("\"max-bundle\""));
            Assert.That(JsonSerializer.Deserialize<RTCSdpType>("\"pranswer\""), Is.EqualTo(RTCSdpType.Pranswer));
        }
    }

    [TestCaseSource(nameof(BrowserTextOptions))]
    public void SerializerWritesTheBrowsersJson(JsonSerializerOptions options)
    {
        var description = RTCSessionDescriptionInit.FromJson(BrowserOffer);
        var candidate = RTCIceCandidateInit.FromJson(BrowserCandidate);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Serialize(description, options), Is.EqualTo(BrowserOffer));
            Assert.That(JsonSerializer.Serialize(new RTCSessionDescription(description), options), Is.EqualTo(BrowserOffer));
            Assert.That(JsonSerializer.Serialize(candidate, options), Is.EqualTo(BrowserCandidate));
            Assert.That(JsonSerializer.Serialize(new RTCIceCandidate(candidate), options), Is.EqualTo(BrowserCandidate));
        }
    }

    [Test]
    public void SerializerWithDefaultOptionsWritesTheBrowsersShapeEscapedAsTheOptionsSay()
    {
        var description = RTCSessionDescriptionInit.FromJson(BrowserOffer);
        var candidate = RTCIceCandidateInit.FromJson(BrowserCandidate);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Serialize(description), Is.EqualTo(DefaultEscaped(BrowserOffer)));
            Assert.That(JsonSerializer.Serialize(new RTCSessionDescription(description)), Is.EqualTo(DefaultEscaped(BrowserOffer)));
            Assert.That(JsonSerializer.Serialize(candidate), Is.EqualTo(DefaultEscaped(BrowserCandidate)));
            Assert.That(JsonSerializer.Serialize(new RTCIceCandidate(candidate)), Is.EqualTo(DefaultEscaped(BrowserCandidate)));
            Assert.That(JsonSerializer.Serialize(description, JsonSerializerOptions.Web), Is.EqualTo(DefaultEscaped(BrowserOffer)));
            Assert.That(JsonSerializer.Serialize(new RTCIceCandidate(candidate), JsonSerializerOptions.Web), Is.EqualTo(DefaultEscaped(BrowserCandidate)));
        }
    }

    [TestCaseSource(nameof(ReadingOptions))]
    public void SerializerReadsTheBrowsersJson(JsonSerializerOptions options)
    {
        var init = JsonSerializer.Deserialize<RTCSessionDescriptionInit>(BrowserOffer, options);
        var description = JsonSerializer.Deserialize<RTCSessionDescription>(BrowserOffer, options);
        var candidateInit = JsonSerializer.Deserialize<RTCIceCandidateInit>(BrowserCandidate, options);
        var candidate = JsonSerializer.Deserialize<RTCIceCandidate>(BrowserCandidate, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(init?.Type, Is.EqualTo(RTCSdpType.Offer));
            Assert.That(init?.Sdp, Does.StartWith("v=0\r\no=- 4215775240449105457 2 IN IP4 127.0.0.1\r\ns=-\r\n"));
            Assert.That(init?.Sdp, Does.EndWith("a=max-message-size:262144\r\n"));
            Assert.That(init?.Sdp, Is.EqualTo(RTCSessionDescriptionInit.FromJson(BrowserOffer).Sdp));
            Assert.That(description, Is.EqualTo(new RTCSessionDescription(RTCSessionDescriptionInit.FromJson(BrowserOffer))));

            Assert.That(candidateInit?.Candidate, Does.StartWith("candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx"));
            Assert.That(candidateInit?.SdpMid, Is.EqualTo("0"));
            Assert.That(candidateInit?.SdpMLineIndex, Is.EqualTo((ushort)0));
            Assert.That(candidateInit?.UsernameFragment, Is.EqualTo("hV+b"));

            Assert.That(candidate?.Candidate, Is.EqualTo(candidateInit?.Candidate));
            Assert.That(candidate?.SdpMid, Is.EqualTo("0"));
            Assert.That(candidate?.SdpMLineIndex, Is.EqualTo((ushort)0));
            Assert.That(candidate?.UsernameFragment, Is.EqualTo("hV+b"));
            Assert.That(candidate?.Foundation, Is.EqualTo("842163049"));
            Assert.That(candidate?.Component, Is.EqualTo(RTCIceComponent.Rtp));
            Assert.That(candidate?.Protocol, Is.EqualTo(RTCIceProtocol.Udp));
            Assert.That(candidate?.Priority, Is.EqualTo(1677729535u));
            Assert.That(candidate?.Address, Is.EqualTo("203.0.113.7"));
            Assert.That(candidate?.Port, Is.EqualTo((ushort)46154));
            Assert.That(candidate?.Type, Is.EqualTo(RTCIceCandidateType.Srflx));
            Assert.That(candidate?.RelatedAddress, Is.EqualTo("10.0.0.2"));
            Assert.That(candidate?.RelatedPort, Is.EqualTo((ushort)46154));
        }
    }

    [TestCase("offer", RTCSdpType.Offer)]
    [TestCase("pranswer", RTCSdpType.Pranswer)]
    [TestCase("answer", RTCSdpType.Answer)]
    [TestCase("rollback", RTCSdpType.Rollback)]
    public void SerializerUsesTheW3CTypeStrings(string name, RTCSdpType type)
    {
        var json = $$"""{"type":"{{name}}","sdp":"v=0\r\n"}""";
        var description = new RTCSessionDescriptionInit(type, "v=0\r\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Serialize(description), Is.EqualTo(json));
            Assert.That(JsonSerializer.Serialize(new RTCSessionDescription(description)), Is.EqualTo(json));
            Assert.That(JsonSerializer.Deserialize<RTCSessionDescriptionInit>(json)?.Type, Is.EqualTo(type));
            Assert.That(JsonSerializer.Deserialize<RTCSessionDescription>(json)?.Type, Is.EqualTo(type));
        }
    }

    [Test]
    public void SerializerReadsAMissingSdpAsEmpty()
    {
        var description = JsonSerializer.Deserialize<RTCSessionDescription>("""{"type":"rollback"}""");

        Assert.That(description?.Sdp, Is.Empty);
        Assert.That(JsonSerializer.Serialize(description), Is.EqualTo("""{"type":"rollback","sdp":""}"""));
    }

    [Test]
    public void SerializerWritesAbsentCandidateMembersAsNullAndAcceptsThemOmitted()
    {
        const string attribute = "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host";
        const string written = $$"""{"candidate":"{{attribute}}","sdpMid":null,"sdpMLineIndex":1,"usernameFragment":null}""";
        var init = new RTCIceCandidateInit { Candidate = attribute, SdpMLineIndex = 1 };

        var omitted = JsonSerializer.Deserialize<RTCIceCandidateInit>($$"""{"candidate":"{{attribute}}","sdpMLineIndex":1}""");
        var nulls = JsonSerializer.Deserialize<RTCIceCandidate>(written);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Serialize(init), Is.EqualTo(written));
            Assert.That(JsonSerializer.Serialize(new RTCIceCandidate(init)), Is.EqualTo(written));
            Assert.That(omitted?.SdpMid, Is.Null);
            Assert.That(omitted?.SdpMLineIndex, Is.EqualTo((ushort)1));
            Assert.That(omitted?.UsernameFragment, Is.Null);
            Assert.That(JsonSerializer.Serialize(omitted), Is.EqualTo(written));
            Assert.That(nulls?.SdpMid, Is.Null);
            Assert.That(nulls?.UsernameFragment, Is.Null);
            Assert.That(nulls?.Type, Is.EqualTo(RTCIceCandidateType.Host));
            Assert.That(JsonSerializer.Serialize(nulls), Is.EqualTo(written));
        }
    }

    [Test]
    public void DeserializedCandidateIsParsedAsTheConstructorDoes()
    {
        // No usernameFragment member: RTCIceCandidate takes it from the candidate's ufrag, as browsers do.
        const string json = """{"candidate":"candidate:3 1 tcp 1518280447 192.0.2.9 9 typ host tcptype active generation 0 ufrag Zx9/","sdpMid":"1"}""";
        var expected = new RTCIceCandidate(RTCIceCandidateInit.FromJson(json));

        var candidate = JsonSerializer.Deserialize<RTCIceCandidate>(json);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidate?.UsernameFragment, Is.EqualTo("Zx9/"));
            Assert.That(candidate?.UsernameFragment, Is.EqualTo(expected.UsernameFragment));
            Assert.That(candidate?.Protocol, Is.EqualTo(RTCIceProtocol.Tcp));
            Assert.That(candidate?.TcpType, Is.EqualTo(RTCIceTcpCandidateType.Active));
            Assert.That(candidate?.Port, Is.EqualTo(expected.Port));
            Assert.That(candidate?.ToJson(), Is.EqualTo(expected.ToJson()));
            Assert.That(
                JsonSerializer.Serialize(candidate),
                Is.EqualTo("""{"candidate":"candidate:3 1 tcp 1518280447 192.0.2.9 9 typ host tcptype active generation 0 ufrag Zx9/","sdpMid":"1","sdpMLineIndex":null,"usernameFragment":"Zx9/"}"""));
        }
    }

    [Test]
    public void CandidateWithNeitherMidNorIndexIsAnInitButNotAnRTCIceCandidate()
    {
        const string json = """{"candidate":"candidate:1 1 udp 1 192.0.2.1 1 typ host","sdpMid":null}""";

        Assert.That(JsonSerializer.Deserialize<RTCIceCandidateInit>(json)?.SdpMid, Is.Null);
        Assert.That(
            () => JsonSerializer.Deserialize<RTCIceCandidate>(json),
            Throws.InstanceOf<JsonException>().With.InnerException.InstanceOf<ArgumentException>());
    }

    [Test]
    public void SerializerHonoursWriteIndented()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" };
        var description = new RTCSessionDescriptionInit(RTCSdpType.Answer, "v=0\r\n");
        var candidate = new RTCIceCandidateInit { Candidate = "", SdpMid = "0" };
        const string indentedDescription = "{\n  \"type\": \"answer\",\n  \"sdp\": \"v=0\\r\\n\"\n}";
        const string indentedCandidate = "{\n  \"candidate\": \"\",\n  \"sdpMid\": \"0\",\n  \"sdpMLineIndex\": null,\n  \"usernameFragment\": null\n}";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Serialize(description, options), Is.EqualTo(indentedDescription));
            Assert.That(JsonSerializer.Serialize(new RTCSessionDescription(description), options), Is.EqualTo(indentedDescription));
            Assert.That(JsonSerializer.Serialize(candidate, options), Is.EqualTo(indentedCandidate));
            Assert.That(JsonSerializer.Serialize(new RTCIceCandidate(candidate), options), Is.EqualTo(indentedCandidate));
            Assert.That(JsonSerializer.Deserialize<RTCSessionDescription>(indentedDescription, options)?.Sdp, Is.EqualTo("v=0\r\n"));
            Assert.That(JsonSerializer.Deserialize<RTCIceCandidate>(indentedCandidate, options)?.SdpMid, Is.EqualTo("0"));
        }
    }

    [Test]
    public void AppMessagesCarryTheBrowsersShapeWithDefaultOptions()
    {
        var description = RTCSessionDescriptionInit.FromJson(BrowserOffer);
        var candidate = RTCIceCandidateInit.FromJson(BrowserCandidate);
        var offerMessage = $$"""{"Kind":"offer","Description":{{DefaultEscaped(BrowserOffer)}},"Candidate":null}""";
        var candidateMessage = $$"""{"Kind":"candidate","Description":null,"Candidate":{{DefaultEscaped(BrowserCandidate)}}}""";
        var snapshot = $$"""{"LocalDescription":{{DefaultEscaped(BrowserOffer)}},"Candidates":[{{DefaultEscaped(BrowserCandidate)}}]}""";

        var offerRead = JsonSerializer.Deserialize<SignalingMessage>(offerMessage);
        var candidateRead = JsonSerializer.Deserialize<SignalingMessage>(candidateMessage);
        var snapshotRead = JsonSerializer.Deserialize<PeerSnapshot>(snapshot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Serialize(new SignalingMessage("offer", description, null)), Is.EqualTo(offerMessage));
            Assert.That(JsonSerializer.Serialize(new SignalingMessage("candidate", null, candidate)), Is.EqualTo(candidateMessage));
            Assert.That(
                JsonSerializer.Serialize(new PeerSnapshot(new RTCSessionDescription(description), [new RTCIceCandidate(candidate)])),
                Is.EqualTo(snapshot));

            Assert.That(offerRead?.Description?.ToJson(), Is.EqualTo(BrowserOffer));
            Assert.That(offerRead?.Candidate, Is.Null);
            Assert.That(candidateRead?.Description, Is.Null);
            Assert.That(candidateRead?.Candidate?.ToJson(), Is.EqualTo(BrowserCandidate));
            Assert.That(snapshotRead?.LocalDescription, Is.EqualTo(new RTCSessionDescription(description)));
            Assert.That(snapshotRead?.Candidates.Single().Type, Is.EqualTo(RTCIceCandidateType.Srflx));
            Assert.That(JsonSerializer.Serialize(snapshotRead), Is.EqualTo(snapshot));
        }
    }

    [Test]
    public void AppMessagesFromTheBrowserReadWithWebOptions()
    {
        // What a page sends with JSON.stringify({kind, description: pc.localDescription}) and
        // JSON.stringify({kind, candidate: event.candidate}); camelCase app members, W3C members inside.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var offerFromPage = $$"""{"kind":"offer","description":{{BrowserOffer}}}""";
        var candidateFromPage = $$"""{"kind":"candidate","candidate":{{BrowserCandidate}}}""";
        var snapshot = $$"""{"localDescription":{{BrowserOffer}},"candidates":[{{BrowserCandidate}},{{BrowserCandidate}}]}""";

        var offer = JsonSerializer.Deserialize<SignalingMessage>(offerFromPage, options);
        var candidate = JsonSerializer.Deserialize<SignalingMessage>(candidateFromPage, options);
        var snapshotRead = JsonSerializer.Deserialize<PeerSnapshot>(snapshot, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer?.Description?.Type, Is.EqualTo(RTCSdpType.Offer));
            Assert.That(offer?.Description?.Sdp, Is.EqualTo(RTCSessionDescriptionInit.FromJson(BrowserOffer).Sdp));
            Assert.That(offer?.Candidate, Is.Null);
            Assert.That(candidate?.Description, Is.Null);
            Assert.That(candidate?.Candidate?.SdpMid, Is.EqualTo("0"));
            Assert.That(candidate?.Candidate?.UsernameFragment, Is.EqualTo("hV+b"));
            Assert.That(
                JsonSerializer.Serialize(offer, options),
                Is.EqualTo($$"""{"kind":"offer","description":{{BrowserOffer}},"candidate":null}"""));
            Assert.That(
                JsonSerializer.Serialize(candidate, options),
                Is.EqualTo($$"""{"kind":"candidate","description":null,"candidate":{{BrowserCandidate}}}"""));
            Assert.That(snapshotRead?.Candidates.Select(c => c.RelatedPort), Is.EqualTo(new ushort?[] { 46154, 46154 }));
            Assert.That(JsonSerializer.Serialize(snapshotRead, options), Is.EqualTo(snapshot));
        }
    }

    [Test]
    public void AppMessagesWorkWithASourceGeneratedContext()
    {
        // The Native AOT path: the generated code creates the (public) converters named on the types.
        var description = RTCSessionDescriptionInit.FromJson(BrowserOffer);
        var candidate = RTCIceCandidateInit.FromJson(BrowserCandidate);
        var offerMessage = $$"""{"kind":"offer","description":{{DefaultEscaped(BrowserOffer)}},"candidate":null}""";
        var snapshot = $$"""{"localDescription":{{DefaultEscaped(BrowserOffer)}},"candidates":[{{DefaultEscaped(BrowserCandidate)}}]}""";

        var offerRead = JsonSerializer.Deserialize(offerMessage, SignalingJsonContext.Default.SignalingMessage);
        var snapshotRead = JsonSerializer.Deserialize(snapshot, SignalingJsonContext.Default.PeerSnapshot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                JsonSerializer.Serialize(new SignalingMessage("offer", description, null), SignalingJsonContext.Default.SignalingMessage),
                Is.EqualTo(offerMessage));
            Assert.That(
                JsonSerializer.Serialize(new PeerSnapshot(new RTCSessionDescription(description), [new RTCIceCandidate(candidate)]), SignalingJsonContext.Default.PeerSnapshot),
                Is.EqualTo(snapshot));
            Assert.That(offerRead?.Description?.ToJson(), Is.EqualTo(BrowserOffer));
            Assert.That(snapshotRead?.Candidates.Single().ToJson(), Is.EqualTo(BrowserCandidate));
        }
    }

    [Test]
    public void JsonNullIsANullValue()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Deserialize<RTCSessionDescriptionInit>("null"), Is.Null);
            Assert.That(JsonSerializer.Deserialize<RTCSessionDescription>("null"), Is.Null);
            Assert.That(JsonSerializer.Deserialize<RTCIceCandidateInit>("null"), Is.Null);
            Assert.That(JsonSerializer.Deserialize<RTCIceCandidate>("null"), Is.Null);
            Assert.That(JsonSerializer.Serialize<RTCIceCandidate?>(null), Is.EqualTo("null"));
            Assert.That(JsonSerializer.Serialize(new SignalingMessage("bye", null, null)), Is.EqualTo("""{"Kind":"bye","Description":null,"Candidate":null}"""));
            Assert.That(JsonSerializer.Serialize(new PeerSnapshot(null, [])), Is.EqualTo("""{"LocalDescription":null,"Candidates":[]}"""));
            Assert.That(JsonSerializer.Deserialize<PeerSnapshot>("""{"LocalDescription":null,"Candidates":[]}""")?.LocalDescription, Is.Null);

            // An end-of-candidates marker with null members, as a browser signals it.
            const string endOfCandidates = """{"candidate":"","sdpMid":null,"sdpMLineIndex":0,"usernameFragment":null}""";
            var marker = JsonSerializer.Deserialize<RTCIceCandidate>(endOfCandidates);
            Assert.That(marker?.Candidate, Is.Empty);
            Assert.That(marker?.Foundation, Is.Null);
            Assert.That(JsonSerializer.Serialize(marker), Is.EqualTo(endOfCandidates));
        }
    }

    [Test]
    public void DeserializeOfOtherJsonThanADescriptionThrowsJsonException(
        [ValueSource(nameof(MalformedDescriptions))] string json, [Values] bool webOptions)
    {
        var options = webOptions ? JsonSerializerOptions.Web : JsonSerializerOptions.Default;

        Assert.That(() => JsonSerializer.Deserialize<RTCSessionDescriptionInit>(json, options), Throws.InstanceOf<JsonException>());
        Assert.That(() => JsonSerializer.Deserialize<RTCSessionDescription>(json, options), Throws.InstanceOf<JsonException>());
    }

    [Test]
    public void DeserializeOfOtherJsonThanACandidateThrowsJsonException(
        [ValueSource(nameof(MalformedCandidates))] string json, [Values] bool webOptions)
    {
        var options = webOptions ? JsonSerializerOptions.Web : JsonSerializerOptions.Default;

        Assert.That(() => JsonSerializer.Deserialize<RTCIceCandidateInit>(json, options), Throws.InstanceOf<JsonException>());
        Assert.That(() => JsonSerializer.Deserialize<RTCIceCandidate>(json, options), Throws.InstanceOf<JsonException>());
    }

    [Test]
    public void DeserializeOfABadMemberOfAnAppMessageNamesItsPath()
    {
        const string json = """{"Kind":"offer","Description":{"type":"bogus","sdp":"v=0"},"Candidate":null}""";

        Assert.That(
            () => JsonSerializer.Deserialize<SignalingMessage>(json),
            Throws.InstanceOf<JsonException>()
                .With.Message.Contains("\"bogus\" is not an RTCSdpType")
                .And.Property(nameof(JsonException.Path)).EqualTo("$.Description"));
    }

    [TestCase("""{"type":"bogus","sdp":null}""", "\"bogus\" is not an RTCSdpType")]
    [TestCase("""{"sdp":"v=0"}""", "needs a string member \"type\"")]
    [TestCase("""{"type":"offer","sdp":null}""", "needs a string member \"sdp\"")]
    public void FromJsonAndDeserializeReportTheSameProblemWithADescription(string json, string problem)
    {
        Assert.That(() => RTCSessionDescriptionInit.FromJson(json), Throws.TypeOf<FormatException>().With.Message.Contains(problem));
        Assert.That(() => JsonSerializer.Deserialize<RTCSessionDescriptionInit>(json), Throws.InstanceOf<JsonException>().With.Message.Contains(problem));
        Assert.That(() => JsonSerializer.Deserialize<RTCSessionDescription>(json), Throws.InstanceOf<JsonException>().With.Message.Contains(problem));
    }

    [TestCase("""{"sdpMid":"0"}""", "needs a string member \"candidate\"")]
    [TestCase("""{"candidate":"x","sdpMLineIndex":65536}""", "\"sdpMLineIndex\" of an ICE candidate must be an integer from 0 to 65535")]
    [TestCase("""{"candidate":"x","sdpMid":0}""", "\"sdpMid\" of an ICE candidate must be a string or null")]
    public void FromJsonAndDeserializeReportTheSameProblemWithACandidate(string json, string problem)
    {
        Assert.That(() => RTCIceCandidateInit.FromJson(json), Throws.TypeOf<FormatException>().With.Message.Contains(problem));
        Assert.That(() => JsonSerializer.Deserialize<RTCIceCandidateInit>(json), Throws.InstanceOf<JsonException>().With.Message.Contains(problem));
        Assert.That(() => JsonSerializer.Deserialize<RTCIceCandidate>(json), Throws.InstanceOf<JsonException>().With.Message.Contains(problem));
    }

    [Test]
    public void TryFromJsonParsesTheBrowsersJson()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RTCSessionDescriptionInit.TryFromJson(BrowserOffer, out var description), Is.True);
            Assert.That(description?.ToJson(), Is.EqualTo(BrowserOffer));
            Assert.That(RTCIceCandidateInit.TryFromJson(BrowserCandidate, out var candidate), Is.True);
            Assert.That(candidate?.ToJson(), Is.EqualTo(BrowserCandidate));
            Assert.That(RTCSessionDescriptionInit.TryFromJson("""{"type":"rollback"}""", out var rollback), Is.True);
            Assert.That(rollback?.Sdp, Is.Empty);
            Assert.That(RTCIceCandidateInit.TryFromJson("""{"candidate":""}""", out var endOfCandidates), Is.True);
            Assert.That(endOfCandidates?.Candidate, Is.Empty);
        }
    }

    [TestCase("null")]
    [TestCaseSource(nameof(MalformedDescriptions))]
    public void TryFromJsonOfOtherJsonThanADescriptionIsFalse(string json)
    {
        Assert.That(RTCSessionDescriptionInit.TryFromJson(json, out var description), Is.False);
        Assert.That(description, Is.Null);
    }

    [TestCase("null")]
    [TestCaseSource(nameof(MalformedCandidates))]
    public void TryFromJsonOfOtherJsonThanACandidateIsFalse(string json)
    {
        Assert.That(RTCIceCandidateInit.TryFromJson(json, out var candidate), Is.False);
        Assert.That(candidate, Is.Null);
    }

    [Test]
    public void TryFromJsonOfNullIsFalse()
    {
        Assert.That(RTCSessionDescriptionInit.TryFromJson(null, out var description), Is.False);
        Assert.That(description, Is.Null);
        Assert.That(RTCIceCandidateInit.TryFromJson(null, out var candidate), Is.False);
        Assert.That(candidate, Is.Null);
    }

    // JsonSerializerOptions.Default's encoder writes '+' (in these fixtures' ICE credentials) as \u002B,
    // which JSON.parse reads back as '+'; the rest of the browser's text is unchanged.
    private static string DefaultEscaped(string browserJson) => browserJson.Replace("+", "\\u002B", StringComparison.Ordinal);
}

// An application's own signaling messages, as a .NET peer of a web page would declare them.
internal sealed record SignalingMessage(string Kind, RTCSessionDescriptionInit? Description, RTCIceCandidateInit? Candidate);

internal sealed record PeerSnapshot(RTCSessionDescription? LocalDescription, IReadOnlyList<RTCIceCandidate> Candidates);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignalingMessage))]
[JsonSerializable(typeof(PeerSnapshot))]
internal sealed partial class SignalingJsonContext : JsonSerializerContext;
