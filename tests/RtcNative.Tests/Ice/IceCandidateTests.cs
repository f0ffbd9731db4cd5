namespace RtcNative.Tests;

public sealed class IceCandidateTests
{
    [Test]
    public void ParsesAHostCandidate()
    {
        var candidate = Parse("candidate:1467250027 1 udp 2122260223 192.168.1.10 54400 typ host generation 0 ufrag Oa7w network-id 1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidate.Foundation, Is.EqualTo("1467250027"));
            Assert.That(candidate.Component, Is.EqualTo(RTCIceComponent.Rtp));
            Assert.That(candidate.Protocol, Is.EqualTo(RTCIceProtocol.Udp));
            Assert.That(candidate.Priority, Is.EqualTo(2122260223u));
            Assert.That(candidate.Address, Is.EqualTo("192.168.1.10"));
            Assert.That(candidate.Port, Is.EqualTo((ushort)54400));
            Assert.That(candidate.Type, Is.EqualTo(RTCIceCandidateType.Host));
            Assert.That(candidate.TcpType, Is.Null);
            Assert.That(candidate.RelatedAddress, Is.Null);
            Assert.That(candidate.RelatedPort, Is.Null);
            Assert.That(candidate.UsernameFragment, Is.EqualTo("Oa7w"), "parsed from ufrag");
        }
    }

    [Test]
    public void ParsesAServerReflexiveCandidate()
    {
        var candidate = Parse("candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46155 generation 0");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidate.Type, Is.EqualTo(RTCIceCandidateType.Srflx));
            Assert.That(candidate.Address, Is.EqualTo("203.0.113.7"));
            Assert.That(candidate.RelatedAddress, Is.EqualTo("10.0.0.2"));
            Assert.That(candidate.RelatedPort, Is.EqualTo((ushort)46155));
            Assert.That(candidate.UsernameFragment, Is.Null);
        }
    }

    [Test]
    public void ParsesARelayCandidateOfTheRtcpComponent()
    {
        var candidate = Parse("candidate:3 2 UDP 16785407 198.51.100.9 61000 typ relay raddr 203.0.113.7 rport 46154");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidate.Type, Is.EqualTo(RTCIceCandidateType.Relay));
            Assert.That(candidate.Component, Is.EqualTo(RTCIceComponent.Rtcp));
            Assert.That(candidate.Protocol, Is.EqualTo(RTCIceProtocol.Udp));
            Assert.That(candidate.Priority, Is.EqualTo(16785407u));
            Assert.That(candidate.RelatedPort, Is.EqualTo((ushort)46154));
        }
    }

    [Test]
    public void ParsesATcpCandidate()
    {
        var candidate = Parse("candidate:4 1 tcp 1518280447 ::1 9 typ host tcptype active generation 0 ufrag x+/y");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidate.Protocol, Is.EqualTo(RTCIceProtocol.Tcp));
            Assert.That(candidate.TcpType, Is.EqualTo(RTCIceTcpCandidateType.Active));
            Assert.That(candidate.Address, Is.EqualTo("::1"));
            Assert.That(candidate.Port, Is.EqualTo((ushort)9));
            Assert.That(candidate.UsernameFragment, Is.EqualTo("x+/y"));
        }
    }

    [Test]
    public void GivenUsernameFragmentWinsOverTheParsedOne()
    {
        var candidate = new RTCIceCandidate(new RTCIceCandidateInit
        {
            Candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host ufrag parsed",
            SdpMLineIndex = 0,
            UsernameFragment = "given",
        });

        Assert.That(candidate.UsernameFragment, Is.EqualTo("given"));
    }

    [TestCase("")]
    [TestCase("not a candidate")]
    [TestCase("candidate:1 1 udp")]
    [TestCase("candidate:1 x udp 1 127.0.0.1 5000 typ host")]
    [TestCase("candidate:1 1 udp 1 127.0.0.1 99999 typ host")]
    [TestCase("candidate:1 1 udp 1 127.0.0.1 5000 type host")]
    public void MalformedCandidatesLeaveTheParsedFieldsNull(string text)
    {
        var candidate = Parse(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidate.Candidate, Is.EqualTo(text));
            Assert.That(candidate.Foundation, Is.Null);
            Assert.That(candidate.Address, Is.Null);
            Assert.That(candidate.Port, Is.Null);
            Assert.That(candidate.Type, Is.Null);
        }
    }

    [Test]
    public void ACandidateWithoutMidAndIndexIsATypeError()
    {
        Assert.That(() => new RTCIceCandidate(new RTCIceCandidateInit { Candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host" }),
            Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void ACandidateConvertsToItsInit()
    {
        var candidate = Parse("candidate:1 1 udp 1 127.0.0.1 5000 typ host ufrag abcd");

        RTCIceCandidateInit init = candidate;

        Assert.That((init.Candidate, init.SdpMid, init.SdpMLineIndex, init.UsernameFragment),
            Is.EqualTo((candidate.Candidate, "0", (ushort?)0, "abcd")));
    }

    private static RTCIceCandidate Parse(string text) =>
        new(new RTCIceCandidateInit { Candidate = text, SdpMid = "0", SdpMLineIndex = 0 });
}
