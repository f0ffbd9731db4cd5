using System.Security.Cryptography;

namespace RtcNative.Tests;

/// <summary>RTCRtpSender.transport and RTCRtpReceiver.transport: the DTLS transports of the m= sections, with and
/// without data channels, bundled and not (webrtc/RTCRtpSender-transport.https.html, RTCDtlsTransport-state.html).</summary>
public sealed class RtpTransportTests : LoopbackFixture
{
    // A media-only call has no SCTP transport, yet its senders and receivers have a DTLS transport: null before a
    // description, then one object (bundled) that connects, raises its state changes in order, and names the peer's
    // certificate; its ICE transport has the role and a selected pair.
    [Test]
    public async Task AMediaOnlyCallHasOneBundledTransportThatConnects()
    {
        using var call = new MediaCall(Factory);
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        var videoSender = call.Caller.AddTrack(video.Track);
        var audioSender = call.Caller.AddTrack(audio.Track);
        Assert.That(videoSender.Transport, Is.Null, "null before a description");

        var offer = await call.Caller.CreateOfferAsync().WithTimeout();
        await call.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        var transport = videoSender.Transport;
        Assert.That(transport, Is.Not.Null, "set by setLocalDescription");
        var events = new List<RTCDtlsTransportState>();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mismatches = 0;
        var iceWhenConnected = RTCIceTransportState.New;
        await call.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        call.Peers.CallerCandidates.RemoteDescriptionSet();
        var answer = await call.Callee.CreateAnswerAsync().WithTimeout();
        await call.Callee.SetLocalDescriptionAsync(answer).WithTimeout();
        await call.Caller.SetRemoteDescriptionAsync(answer).WithTimeout();
        call.Peers.CalleeCandidates.RemoteDescriptionSet();

        // Bundled by the answer: one transport for both senders (the balanced policy offered one per m= section).
        transport = videoSender.Transport!;
        transport.StateChange += (sender, state) =>
        {
            lock (events)
            {
                events.Add(state);
            }

            if (!ReferenceEquals(sender, transport) || transport.State != state)
            {
                Interlocked.Increment(ref mismatches);
            }

            if (state == RTCDtlsTransportState.Connected)
            {
                iceWhenConnected = transport.IceTransport.State;
                connected.TrySetResult();
            }
        };
        if (transport.State == RTCDtlsTransportState.Connected)
        {
            iceWhenConnected = transport.IceTransport.State;
            connected.TrySetResult();
        }

        await connected.Task.WithTimeout();
        Assert.That(call.Caller.Sctp, Is.Null, "no data m-line");
        Assert.That(audioSender.Transport, Is.SameAs(transport));
        Assert.That(videoSender.Transport, Is.SameAs(transport), "[SameObject] while it lives");
        Assert.That(call.Caller.GetTransceivers().Select(t => t.Receiver.Transport), Is.All.SameAs(transport));
        lock (events)
        {
            Assert.That(events, Is.SubsetOf(new[] { RTCDtlsTransportState.Connecting, RTCDtlsTransportState.Connected }));
            Assert.That(events, Is.Ordered.And.Unique);
        }

        Assert.That(mismatches, Is.Zero, "the attribute equals the event's state inside the handler");
        Assert.That(iceWhenConnected, Is.AnyOf(RTCIceTransportState.Connected, RTCIceTransportState.Completed),
            "the ICE transport is pushed with its DTLS transport: connected before DTLS is");
        Assert.That(transport.IceTransport.GatheringState, Is.Not.EqualTo(RTCIceGathererState.New));

        var certificates = transport.GetRemoteCertificates();
        Assert.That(certificates, Is.Not.Empty);
        var fingerprint = SdpEdit.Attribute(answer.Sdp, "fingerprint")!;
        Assert.That(Convert.ToHexString(SHA256.HashData(certificates[0])),
            Is.EqualTo(fingerprint["sha-256 ".Length..].Replace(":", "", StringComparison.Ordinal)).IgnoreCase);
        Assert.That(transport.IceTransport.Role, Is.EqualTo(RTCIceRole.Controlling));
        Assert.That(transport.IceTransport.GetSelectedCandidatePair(), Is.Not.Null);
        Assert.That(transport.IceTransport.State, Is.AnyOf(RTCIceTransportState.Connected, RTCIceTransportState.Completed));

        var calleeTransport = call.Callee.GetReceivers()[0].Transport!;
        await WaitForStateAsync(calleeTransport, RTCDtlsTransportState.Connected);
        Assert.That(calleeTransport.IceTransport.Role, Is.EqualTo(RTCIceRole.Controlled));
        Assert.That(call.Callee.GetSenders().Select(s => s.Transport), Is.All.SameAs(calleeTransport));

        call.Caller.Close();
        Assert.That(videoSender.Transport, Is.SameAs(transport), "kept after close");
        Assert.That(transport.State, Is.EqualTo(RTCDtlsTransportState.Closed));
    }

    // With data channels and media bundled, the senders' transport is the SCTP transport's.
    [Test]
    public async Task MediaAndDataShareTheSctpTransportsDtlsTransport()
    {
        using var call = new MediaCall(Factory);
        using var channel = call.Caller.CreateDataChannel("x");
        using var video = new VideoTrackGenerator(Factory);
        var sender = call.Caller.AddTrack(video.Track);
        await call.ConnectAsync();

        Assert.That(sender.Transport, Is.Not.Null);
        Assert.That(sender.Transport, Is.SameAs(call.Caller.Sctp!.Transport));
        Assert.That(call.Callee.GetReceivers()[0].Transport, Is.SameAs(call.Callee.Sctp!.Transport));
        await WaitForStateAsync(sender.Transport!, RTCDtlsTransportState.Connected);
    }

    // An answer without BUNDLE keeps one transport per m= section: each sender has its own, and each connects.
    [Test]
    public async Task AnUnbundledCallHasATransportPerSection()
    {
        using var call = new MediaCall(Factory);
        using var video = new VideoTrackGenerator(Factory);
        using var audio = new AudioTrackGenerator(Factory);
        var videoSender = call.Caller.AddTrack(video.Track);
        var audioSender = call.Caller.AddTrack(audio.Track);
        await call.Peers.NegotiateAsync(editOffer: sdp => SdpEdit.WithoutLines(sdp, l => l.StartsWith("a=group:BUNDLE", StringComparison.Ordinal)));
        await call.Peers.ConnectedAsync();

        var videoTransport = videoSender.Transport!;
        var audioTransport = audioSender.Transport!;
        Assert.That(videoTransport, Is.Not.SameAs(audioTransport));
        await WaitForStateAsync(videoTransport, RTCDtlsTransportState.Connected);
        await WaitForStateAsync(audioTransport, RTCDtlsTransportState.Connected);
        Assert.That(videoTransport.IceTransport, Is.Not.SameAs(audioTransport.IceTransport));
        Assert.That(videoTransport.IceTransport.GetSelectedCandidatePair(), Is.Not.Null);
        Assert.That(audioTransport.IceTransport.GetSelectedCandidatePair(), Is.Not.Null);
        var receivers = call.Callee.GetReceivers();
        Assert.That(receivers.Select(r => r.Transport).Distinct().Count(), Is.EqualTo(2));
    }

    // A rolled-back offer drops the transports it made: they read closed, the sender's transport is null again.
    [Test]
    public async Task ARolledBackOfferDropsItsTransport()
    {
        using var connection = Factory.CreatePeerConnection();
        using var video = new VideoTrackGenerator(Factory);
        var sender = connection.AddTrack(video.Track);
        var offer = await connection.CreateOfferAsync().WithTimeout();
        await connection.SetLocalDescriptionAsync(offer).WithTimeout();
        var transport = sender.Transport!;
        Assert.That(transport.State, Is.EqualTo(RTCDtlsTransportState.New));
        var closed = new TaskCompletionSource<RTCDtlsTransportState>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.StateChange += (_, state) => closed.TrySetResult(state);

        await connection.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "")).WithTimeout();
        Assert.That(sender.Transport, Is.Null);
        Assert.That(transport.State, Is.EqualTo(RTCDtlsTransportState.Closed));
        Assert.That(await closed.Task.WithTimeout(), Is.EqualTo(RTCDtlsTransportState.Closed));
    }

    private static Task WaitForStateAsync(RTCDtlsTransport transport, RTCDtlsTransportState state) =>
        StateWait.ReachedAsync(() => transport.State, h => transport.StateChange += h, state);
}
