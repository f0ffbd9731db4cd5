using System.Collections.Concurrent;

namespace RtcNative.Tests;

public sealed class OfferAnswerTests : LoopbackFixture
{
    [Test]
    public async Task OfferAnswerWithTrickleIceConnectsBothSides()
    {
        using var peers = new PeerPair(Factory);
        var callerLog = RecordSignaling(peers.Caller);
        var calleeLog = RecordSignaling(peers.Callee);
        var connected = peers.ConnectedAsync();
        peers.Caller.CreateDataChannel("negotiate-something"); // an m=application section to connect

        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        await peers.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        callerLog.Enqueue("setLocalDescription done");
        await peers.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        calleeLog.Enqueue("setRemoteDescription done");
        peers.CallerCandidates.RemoteDescriptionSet();
        var answer = await peers.Callee.CreateAnswerAsync().WithTimeout();
        await peers.Callee.SetLocalDescriptionAsync(answer).WithTimeout();
        calleeLog.Enqueue("setLocalDescription done");
        await peers.Caller.SetRemoteDescriptionAsync(answer).WithTimeout();
        callerLog.Enqueue("setRemoteDescription done");
        peers.CalleeCandidates.RemoteDescriptionSet();

        await connected;
        var callerGathered = await GatheringCompleteAsync(peers.CallerCandidates);
        var calleeGathered = await GatheringCompleteAsync(peers.CalleeCandidates);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.Type, Is.EqualTo(RTCSdpType.Offer));
            Assert.That(answer.Type, Is.EqualTo(RTCSdpType.Answer));
            Assert.That(callerLog, Is.EqualTo(new[]
            {
                "HaveLocalOffer (property HaveLocalOffer)", "setLocalDescription done",
                "Stable (property Stable)", "setRemoteDescription done",
            }));
            Assert.That(calleeLog, Is.EqualTo(new[]
            {
                "HaveRemoteOffer (property HaveRemoteOffer)", "setRemoteDescription done",
                "Stable (property Stable)", "setLocalDescription done",
            }));
            AssertSameDescription(peers.Caller.LocalDescription, offer);
            AssertSameDescription(peers.Caller.RemoteDescription, answer);
            AssertSameDescription(peers.Callee.RemoteDescription, offer);
            AssertSameDescription(peers.Callee.LocalDescription, answer);
            Assert.That(peers.Caller.PendingLocalDescription, Is.Null);
            AssertSameDescription(peers.Caller.CurrentLocalDescription, offer);
            AssertSameDescription(peers.Callee.CurrentRemoteDescription, offer);
            Assert.That(callerGathered.Count(c => c is not null), Is.GreaterThanOrEqualTo(1));
            Assert.That(callerGathered.Count(c => c is null), Is.EqualTo(1));
            Assert.That(callerGathered.Last(), Is.Null, "the null candidate comes last");
            Assert.That(calleeGathered.Count(c => c is not null), Is.GreaterThanOrEqualTo(1));
            Assert.That(calleeGathered.Count(c => c is null), Is.EqualTo(1));
            Assert.That(callerGathered.OfType<RTCIceCandidate>().Select(c => c.Address), Has.All.Matches<string?>(a => a is "127.0.0.1" or "::1"), "loopback only");
            Assert.That(peers.CallerCandidates.Errors, Is.Empty);
            Assert.That(peers.CalleeCandidates.Errors, Is.Empty);
            Assert.That(peers.Caller.ConnectionState, Is.EqualTo(RTCPeerConnectionState.Connected));
            Assert.That(peers.Callee.ConnectionState, Is.EqualTo(RTCPeerConnectionState.Connected));
            Assert.That(peers.Caller.IceConnectionState, Is.AnyOf(RTCIceConnectionState.Connected, RTCIceConnectionState.Completed));
            Assert.That(peers.Caller.IceGatheringState, Is.EqualTo(RTCIceGatheringState.Complete));
        }
    }

    [Test]
    public async Task ImplicitSetLocalDescriptionCreatesTheOffer()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("implicit");

        await peers.Caller.SetLocalDescriptionAsync().WithTimeout();

        var local = peers.Caller.LocalDescription;
        Assert.That(local, Is.Not.Null);
        Assert.That(local!.Type, Is.EqualTo(RTCSdpType.Offer));
        Assert.That(local.Sdp, Does.Contain("m=application"));
        Assert.That(peers.Caller.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalOffer));
    }

    [Test]
    public async Task MalformedRemoteSdpFaultsWithSdpSyntaxErrorAndLeavesTheConnectionUsable()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("after-the-error");
        var malformed = new RTCSessionDescriptionInit(RTCSdpType.Offer, "v=0\r\nthis is not SDP\r\n");

        var task = peers.Callee.SetRemoteDescriptionAsync(malformed);
        var error = await Assert.ThrowsAsync<RTCException>(() => task.WithTimeout());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.ErrorName, Is.EqualTo("OperationError"));
            Assert.That(error.ErrorDetail, Is.EqualTo(RTCErrorDetailType.SdpSyntaxError));
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(peers.Callee.RemoteDescription, Is.Null);
        }

        await peers.NegotiateAsync();
        await peers.ConnectedAsync();
    }

    [Test]
    public async Task TheFirstDataChannelRaisesNegotiationNeeded()
    {
        using var connection = Factory.CreatePeerConnection();
        var needed = new TaskCompletionSource<RTCSignalingState>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.NegotiationNeeded += (sender, _) => needed.TrySetResult(((RTCPeerConnection)sender!).SignalingState);

        connection.CreateDataChannel("first");

        Assert.That(await needed.Task.WithTimeout(), Is.EqualTo(RTCSignalingState.Stable));
    }

    [Test]
    public void SetRemoteDescriptionWithNullThrowsArgumentNullException()
    {
        using var connection = Factory.CreatePeerConnection();
        Assert.Throws<ArgumentNullException>(() => connection.SetRemoteDescriptionAsync(null!));
    }

    [Test]
    public async Task CreateAnswerWithoutRemoteOfferFaultsWithInvalidStateError()
    {
        using var connection = Factory.CreatePeerConnection();

        var task = connection.CreateAnswerAsync();

        var error = await Assert.ThrowsAsync<RTCException>(() => task.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public void CancelledTokenCancelsTheTask()
    {
        using var connection = Factory.CreatePeerConnection();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var task = connection.CreateOfferAsync(cancellationToken: cancellation.Token);

        Assert.That(task.IsCanceled, Is.True);
    }

    private static ConcurrentQueue<string> RecordSignaling(RTCPeerConnection connection)
    {
        var log = new ConcurrentQueue<string>();
        connection.SignalingStateChange += (sender, state) =>
            log.Enqueue($"{state} (property {((RTCPeerConnection)sender!).SignalingState})");
        return log;
    }

    private static async Task<RTCIceCandidate?[]> GatheringCompleteAsync(CandidateRelay relay)
    {
        Assert.That(await Timeouts.PollAsync(() => relay.Gathered.Contains(null)), Is.True, "gathering never completed");
        await Task.Delay(200); // a second null candidate, if one came, would come now
        return [.. relay.Gathered];
    }

    private static void AssertSameDescription(RTCSessionDescription? actual, RTCSessionDescriptionInit expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(actual!.Type, Is.EqualTo(expected.Type));
        Assert.That(SdpText.WithoutGatheringChanges(actual.Sdp), Is.EqualTo(SdpText.WithoutGatheringChanges(expected.Sdp)));
    }
}
