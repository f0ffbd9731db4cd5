namespace RtcNative.Tests;

/// <summary>Explicit rollback of a local or remote offer, rollback in the wrong state, glare (a remote offer
/// while having a local one: implicit rollback) and the operations chain.</summary>
public sealed class RollbackTests : LoopbackFixture
{
    // webrtc/RTCPeerConnection-setLocalDescription-rollback.html
    [Test]
    public async Task LocalRollbackReturnsToStableWithoutALocalDescription()
    {
        using var connection = Factory.CreatePeerConnection();
        connection.CreateDataChannel("rollback");
        var log = new SignalingRecorder(connection);

        await log.MarkAsync(connection.SetLocalDescriptionAsync(), "offer set");
        await log.MarkAsync(connection.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "!<Invalid SDP Content>;")),
            "rolled back");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.Entries, Is.EqualTo(new[] { "HaveLocalOffer", "offer set", "Stable", "rolled back" }));
            Assert.That(connection.LocalDescription, Is.Null);
            Assert.That(connection.PendingLocalDescription, Is.Null);
            Assert.That(connection.CurrentLocalDescription, Is.Null);
        }
    }

    // webrtc/RTCPeerConnection-setRemoteDescription-rollback.html
    [Test]
    public async Task RemoteRollbackReturnsToStableWithoutARemoteDescription()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("rollback");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        var log = new SignalingRecorder(peers.Callee);

        await log.MarkAsync(peers.Callee.SetRemoteDescriptionAsync(offer), "offer set");
        await log.MarkAsync(peers.Callee.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "!<Invalid SDP Content>;")),
            "rolled back");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.Entries, Is.EqualTo(new[] { "HaveRemoteOffer", "offer set", "Stable", "rolled back" }));
            Assert.That(peers.Callee.RemoteDescription, Is.Null);
            Assert.That(peers.Callee.PendingRemoteDescription, Is.Null);
            Assert.That(peers.Callee.CurrentRemoteDescription, Is.Null);
        }

        // The rolled-back side can now make its own offer.
        await peers.Callee.SetLocalDescriptionAsync().WithTimeout();
        Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalOffer));
    }

    // webrtc/RTCPeerConnection-setLocalDescription-rollback.html and -setRemoteDescription-rollback.html:
    // rollback only undoes an offer of the same side, never a completed exchange.
    [Test]
    public async Task RollbackInAnyOtherStateFaultsWithInvalidStateError()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("rollback");
        var rollback = new RTCSessionDescriptionInit { Type = RTCSdpType.Rollback };

        await SignalingTests.AssertInvalidState(peers.Caller.SetLocalDescriptionAsync(rollback)); // stable
        await SignalingTests.AssertInvalidState(peers.Caller.SetRemoteDescriptionAsync(rollback)); // stable

        await peers.Caller.SetLocalDescriptionAsync().WithTimeout();
        await peers.Callee.SetRemoteDescriptionAsync(peers.Caller.LocalDescription!).WithTimeout();
        await SignalingTests.AssertInvalidState(peers.Caller.SetRemoteDescriptionAsync(rollback)); // have-local-offer
        await SignalingTests.AssertInvalidState(peers.Callee.SetLocalDescriptionAsync(rollback)); // have-remote-offer

        await peers.Callee.SetLocalDescriptionAsync().WithTimeout();
        await SignalingTests.AssertInvalidState(peers.Callee.SetLocalDescriptionAsync(rollback)); // answered: stable

        using (Assert.EnterMultipleScope())
        {
            Assert.That(peers.Caller.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalOffer));
            Assert.That(peers.Caller.PendingLocalDescription, Is.Not.Null);
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(peers.Callee.CurrentRemoteDescription, Is.Not.Null);
        }
    }

    // webrtc/RTCPeerConnection-setRemoteDescription-offer.html ("from have-local-offer should roll back and succeed",
    // "fires signalingstatechange twice", "is glare-proof")
    [Test]
    public async Task ARemoteOfferDuringALocalOfferRollsTheLocalOneBackAndConnects()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("caller-offer");
        peers.Callee.CreateDataChannel("callee-offer");
        await peers.Caller.SetLocalDescriptionAsync().WithTimeout();
        await peers.Callee.SetLocalDescriptionAsync().WithTimeout(); // both offered: glare
        var callerOffer = peers.Caller.LocalDescription!;
        var log = new SignalingRecorder(peers.Caller);

        // The caller is polite: it takes the callee's offer, which rolls its own back first.
        await log.MarkAsync(peers.Caller.SetRemoteDescriptionAsync(peers.Callee.LocalDescription!), "remote offer set");
        Assert.That(peers.Caller.PendingLocalDescription, Is.Null, "the local offer was rolled back");
        await log.MarkAsync(peers.Caller.SetLocalDescriptionAsync(), "answer set");
        peers.CalleeCandidates.RemoteDescriptionSet();
        await peers.Callee.SetRemoteDescriptionAsync(peers.Caller.LocalDescription!).WithTimeout();
        peers.CallerCandidates.RemoteDescriptionSet();
        await peers.ConnectedAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.Entries, Is.EqualTo(new[] { "Stable", "HaveRemoteOffer", "remote offer set", "Stable", "answer set" }));
            Assert.That(peers.Caller.CurrentLocalDescription?.Type, Is.EqualTo(RTCSdpType.Answer));
            Assert.That(peers.Callee.CurrentLocalDescription?.Type, Is.EqualTo(RTCSdpType.Offer));
            Assert.That(callerOffer.Type, Is.EqualTo(RTCSdpType.Offer));
        }
    }

    // webrtc/RTCPeerConnection-operations.https.html ("createAnswer/setLocalDescription/setRemoteDescription use
    // operations chain"): calls made back to back run one after the other, in call order.
    [Test]
    public async Task OperationsStartedBackToBackRunInCallOrder()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("chain");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();

        // createAnswer is only valid after the remote offer: it succeeds because it waits for it.
        var setRemote = peers.Callee.SetRemoteDescriptionAsync(offer);
        var createAnswer = peers.Callee.CreateAnswerAsync();
        var setLocal = peers.Callee.SetLocalDescriptionAsync();
        var addEnd = peers.Callee.AddIceCandidateAsync();
        var answerAfterRemote = createAnswer.ContinueWith(_ => setRemote.IsCompletedSuccessfully, TaskScheduler.Default);
        var localAfterAnswer = setLocal.ContinueWith(_ => createAnswer.IsCompletedSuccessfully, TaskScheduler.Default);
        var endAfterLocal = addEnd.ContinueWith(_ => setLocal.IsCompletedSuccessfully, TaskScheduler.Default);

        await Task.WhenAll(setRemote, createAnswer, setLocal, addEnd).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await answerAfterRemote.WithTimeout(), Is.True, "createAnswer completed before setRemoteDescription");
            Assert.That(await localAfterAnswer.WithTimeout(), Is.True, "setLocalDescription completed before createAnswer");
            Assert.That(await endAfterLocal.WithTimeout(), Is.True, "addIceCandidate completed before setLocalDescription");
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(peers.Callee.CurrentLocalDescription?.Type, Is.EqualTo(RTCSdpType.Answer));
        }
    }
}
