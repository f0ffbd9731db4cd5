namespace RtcNative.Tests;

/// <summary>ICE against a STUN server of the test's own on 127.0.0.1: IceCandidateError, and candidate pool
/// pre-gathering (IceCandidatePoolSize) seen as STUN traffic before any description is set.</summary>
public sealed class IceServerTests : LoopbackFixture
{
    // webrtc/RTCPeerConnection-onicecandidateerror.html
    [Test]
    public async Task AStunErrorResponseRaisesIceCandidateErrorAndGatheringStillCompletes()
    {
        using var stun = new LoopbackStunServer(errorCode: 420, reason: "Unknown Attribute");
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { IceServers = { new RTCIceServer { Urls = { stun.Url } } } });
        var errors = new System.Collections.Concurrent.ConcurrentQueue<RTCPeerConnectionIceErrorEventArgs>();
        connection.IceCandidateError += (_, e) => errors.Enqueue(e);
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.IceGatheringStateChange += (_, s) =>
        {
            if (s == RTCIceGatheringState.Complete)
            {
                complete.TrySetResult();
            }
        };
        var hostPorts = new System.Collections.Concurrent.ConcurrentQueue<ushort>();
        connection.IceCandidate += (_, e) =>
        {
            if (e.Candidate is { Type: RTCIceCandidateType.Host, Address: "127.0.0.1", Port: { } port })
            {
                hostPorts.Enqueue(port);
            }
        };
        connection.CreateDataChannel("stun");

        await connection.SetLocalDescriptionAsync().WithTimeout();
        await complete.Task.WithTimeout();

        // The IPv4 port got the server's answer; an IPv6 port (::1), if any, cannot reach an IPv4 server at all.
        var answered = errors.SingleOrDefault(e => e.ErrorText == "Unknown Attribute");
        var unreachable = errors.Where(e => e.ErrorText != "Unknown Attribute").ToArray();
        Assert.That(answered, Is.Not.Null, string.Join("; ", errors.Select(e => $"{e.Address}:{e.Port} {e.ErrorCode} {e.ErrorText}")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answered!.Url, Is.EqualTo(stun.Url));
            // webrtc-pc wants the STUN code, 420; libwebrtc M109 passes only its number part (attr->number() in
            // p2p/base/stun_port.cc), so the class is lost before it reaches us.
            Assert.That(answered.ErrorCode, Is.EqualTo((ushort)20));
            // libwebrtc only hands over a masked local address ("127.0.0.x"): not exposed, so null with its port.
            Assert.That(errors.Select(e => (e.Address, e.Port)), Has.All.EqualTo(((string?)null, (ushort?)null)));
            Assert.That(stun.Requests, Is.GreaterThanOrEqualTo(1));
            Assert.That(unreachable.Select(e => (e.Url, e.ErrorCode)), Has.All.EqualTo((stun.Url, (ushort)701)));
            Assert.That(hostPorts, Is.Not.Empty, "the host candidates were still gathered");
        }
    }

    // webrtc/RTCConfiguration-iceCandidatePoolSize.html: a pool gathers before setLocalDescription; without one
    // nothing is gathered until then.
    [Test]
    public async Task ACandidatePoolGathersBeforeAnyDescriptionIsSet()
    {
        using var pooledServer = new LoopbackStunServer(errorCode: 400, reason: "Bad Request");
        using var plainServer = new LoopbackStunServer(errorCode: 400, reason: "Bad Request");
        using var pooled = Factory.CreatePeerConnection(new RTCConfiguration
        {
            IceServers = { new RTCIceServer { Urls = { pooledServer.Url } } },
            IceCandidatePoolSize = 1,
        });
        using var plain = Factory.CreatePeerConnection(new RTCConfiguration { IceServers = { new RTCIceServer { Urls = { plainServer.Url } } } });

        await pooledServer.FirstRequest.WithTimeout();
        await Task.Delay(500); // the unpooled connection would have sent its request by now, if it gathered early

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pooled.LocalDescription, Is.Null);
            Assert.That(pooled.IceGatheringState, Is.EqualTo(RTCIceGatheringState.New), "pre-gathering is not ICE gathering yet");
            Assert.That(plainServer.Requests, Is.Zero);
        }

        plain.CreateDataChannel("now");
        await plain.SetLocalDescriptionAsync().WithTimeout();
        await plainServer.FirstRequest.WithTimeout();
    }
}
