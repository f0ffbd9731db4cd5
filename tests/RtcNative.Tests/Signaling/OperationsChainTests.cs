using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>
/// Issue 7: the operations chain. Operations complete in the order they were chained, failures included (a failed
/// operation never overtakes one queued before it); preconditions are checked when an operation's turn comes, where
/// the state lives; cancellation means "not performed"; the state other threads see changes with the completion.
/// </summary>
public sealed class OperationsChainTests : LoopbackFixture
{
    [Test] // webrtc-pc: parsing and state checks happen in the chain, so their failures keep their place in it
    public async Task FailuresCompleteInChainOrderAfterTheOperationsQueuedBeforeThem()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("order");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        await peers.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();

        var answer = peers.Callee.CreateAnswerAsync();
        // A local rollback while the remote peer's offer is pending: InvalidStateError, known before the engine runs it.
        var rollback = peers.Callee.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, ""));
        // A description with U+0000 cannot even reach the engine: still reported in its turn.
        var nul = peers.Callee.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, "v=0\0"));

        // Continuations run asynchronously, in any order; what each sees of the earlier tasks shows the order in
        // which the tasks completed.
        var rollbackSaw = rollback.ContinueWith(_ => answer.IsCompleted, TaskScheduler.Default);
        var nulSaw = nul.ContinueWith(_ => (answer.IsCompleted, rollback.IsCompleted), TaskScheduler.Default);
        await Task.WhenAll(answer, rollbackSaw, nulSaw).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rollback.Exception?.InnerException, Is.InstanceOf<RTCException>().With.Property("ErrorName").EqualTo("InvalidStateError"));
            Assert.That(nul.Exception?.InnerException, Is.InstanceOf<RTCException>().With.Property("ErrorName").EqualTo("OperationError"));
            Assert.That(await rollbackSaw, Is.True, "the rollback's failure overtook the answer");
            Assert.That(await nulSaw, Is.EqualTo((true, true)), "the early failure overtook the operations queued before it");
        }
    }

    [Test] // issue 7: "the description still gets applied after the caller saw OperationCanceledException"
    public async Task ACanceledOperationIsNotPerformedAndAnotherOneIsReportedAsItEnded([Values(0, 1, 2)] int round)
    {
        var canceled = 0;
        for (var i = 0; i < 20; i++)
        {
            using var connection = Factory.CreatePeerConnection();
            connection.CreateDataChannel("cancel");
            using var cancellation = new CancellationTokenSource();
            _ = connection.CreateOfferAsync(); // ahead in the chain: the next one waits for its turn
            var setLocal = connection.SetLocalDescriptionAsync(null, cancellation.Token);
            cancellation.Cancel();
            await setLocal.ContinueWith(_ => { }, TaskScheduler.Default).WithTimeout();
            await connection.CreateOfferAsync().WithTimeout(); // after the canceled one in the chain: it ran or was skipped

            if (setLocal.IsCanceled)
            {
                canceled++;
                Assert.That((connection.SignalingState, connection.LocalDescription), Is.EqualTo((RTCSignalingState.Stable, (RTCSessionDescription?)null)),
                    "canceled, yet the description was applied");
            }
            else
            {
                Assert.That(setLocal.IsCompletedSuccessfully, Is.True, $"{setLocal.Status}: {setLocal.Exception?.InnerException}");
                Assert.That(connection.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalOffer));
            }
        }

        TestContext.Out.WriteLine($"round {round}: {canceled} of 20 canceled before their turn");
        Assert.That(canceled, Is.GreaterThan(0), "a cancellation while waiting for the turn never took effect");
    }

    [Test] // the rollback check used to read the descriptions ahead of a queued setRemoteDescription
    public async Task ARollbackIsCheckedAgainstTheStateItsTurnFinds()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("rollback");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();

        var remote = peers.Callee.SetRemoteDescriptionAsync(offer);
        var rollback = peers.Callee.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "")); // not awaited before

        await remote.WithTimeout();
        var error = await Assert.ThrowsAsync<RTCException>(async () => await rollback.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
        Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveRemoteOffer), "the remote offer was rolled back");
    }

    [Test] // the usernameFragment check used to be skipped while a setRemoteDescription was queued
    public async Task AUsernameFragmentIsCheckedAgainstTheDescriptionsItsTurnFinds()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("ufrag");
        await peers.NegotiateAsync();
        peers.Caller.RestartIce();
        var restart = await peers.Caller.CreateOfferAsync().WithTimeout();
        await peers.Caller.SetLocalDescriptionAsync(restart).WithTimeout();
        var newUfrag = SdpEdit.Attribute(restart.Sdp, "ice-ufrag")!;
        var candidate = "candidate:1 1 udp 2122260223 127.0.0.1 9 typ host";

        // Queued right behind the description that brings the new ufrag: checked against it.
        var remote = peers.Callee.SetRemoteDescriptionAsync(restart);
        var matching = peers.Callee.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = candidate, SdpMid = "0", UsernameFragment = newUfrag });
        var unknown = peers.Callee.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = candidate, SdpMid = "0", UsernameFragment = "nope" });

        await remote.WithTimeout();
        await matching.WithTimeout();
        var error = await Assert.ThrowsAsync<RTCException>(async () => await unknown.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("OperationError"));
    }

    [Test] // webrtc-pc [[LastCreatedOffer]]: setLocalDescription({type: "offer"}) applies the offer createOffer made
    public async Task ATypedDescriptionWithoutSdpAppliesTheLastCreatedOneAlsoWhenStartedBackToBack()
    {
        using var connection = Factory.CreatePeerConnection();
        connection.CreateDataChannel("last");
        var created = await connection.CreateOfferAsync().WithTimeout();
        await connection.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, "")).WithTimeout();
        Assert.That(Origin(connection.LocalDescription!.Sdp), Is.EqualTo(Origin(created.Sdp)), "awaited");

        using var other = Factory.CreatePeerConnection();
        other.CreateDataChannel("last");
        var createdBackToBack = other.CreateOfferAsync();
        var applied = other.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, ""));
        await Task.WhenAll(createdBackToBack, applied).WithTimeout();
        Assert.That(Origin(other.LocalDescription!.Sdp), Is.EqualTo(Origin((await createdBackToBack).Sdp)), "back to back");

        // The o= line carries the session version, which every createOffer increments.
        static string Origin(string sdp) => SdpEdit.Lines(sdp).Single(line => line.StartsWith("o=", StringComparison.Ordinal));
    }

    [Test] // Chrome: "The SDP does not match the previously generated SDP for this type" (a changed fingerprint)
    public async Task AnOfferWhoseFingerprintWasChangedIsAnInvalidModification()
    {
        using var connection = Factory.CreatePeerConnection();
        connection.CreateDataChannel("munged");
        var offer = await connection.CreateOfferAsync().WithTimeout();
        var fingerprint = SdpEdit.Attribute(offer.Sdp, "fingerprint")!;
        var munged = SdpEdit.ReplaceLines(offer.Sdp, "a=fingerprint:", "a=fingerprint:" + fingerprint[..^2] + (fingerprint[^2..] == "00" ? "11" : "00"));

        var error = await Assert.ThrowsAsync<RTCException>(async () =>
            await connection.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, munged)).WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidModificationError"));

        // Other munging is allowed, as in Chrome.
        var withoutTrickle = SdpEdit.WithoutLines(offer.Sdp, line => line.StartsWith("a=ice-options:", StringComparison.Ordinal));
        await connection.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, withoutTrickle)).WithTimeout();
    }

    [Test] // webrtc-pc changes the signaling state in the task that resolves the promise
    public async Task OtherThreadsSeeTheSignalingStateChangeWhenTheTaskCompletes()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("atomic");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        var insideHandler = new ConcurrentQueue<string>();
        peers.Callee.SignalingStateChange += (sender, state) =>
        {
            insideHandler.Enqueue($"{state}={((RTCPeerConnection)sender!).SignalingState}");
            Thread.Sleep(200); // a slow handler: the window another thread must not see into
        };

        var remote = peers.Callee.SetRemoteDescriptionAsync(offer);
        var seenEarly = new List<(RTCSignalingState, bool, RTCSessionDescription?)>();
        while (!remote.IsCompleted)
        {
            var state = peers.Callee.SignalingState;
            var description = peers.Callee.RemoteDescription;
            var completed = remote.IsCompleted;
            if (!completed && (state != RTCSignalingState.Stable || description is not null))
            {
                seenEarly.Add((state, completed, description));
            }

            await Task.Yield();
        }

        await remote.WithTimeout();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seenEarly, Is.Empty, "the new state was visible before the task completed");
            Assert.That(insideHandler, Is.EqualTo(new[] { "HaveRemoteOffer=HaveRemoteOffer" }), "the handler sees the new state");
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveRemoteOffer));
            Assert.That(peers.Callee.RemoteDescription, Is.Not.Null);
        }
    }

    [Test] // issue 7: "a pending CreateAnswer can complete successfully after Close() returned"
    public async Task NoOperationSucceedsAfterCloseReturned()
    {
        var offerer = Factory.CreatePeerConnection();
        offerer.CreateDataChannel("close");
        var offer = await offerer.CreateOfferAsync().WithTimeout();
        offerer.Dispose();

        var outcomes = new Dictionary<TaskStatus, int>();
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            using var connection = Factory.CreatePeerConnection();
            await connection.SetRemoteDescriptionAsync(offer).WithTimeout();
            var answer = connection.CreateAnswerAsync();
            Thread.SpinWait(random.Next(0, 200_000)); // close around the moment the answer completes

            connection.Close();
            var statusWhenCloseReturned = answer.Status;
            await answer.ContinueWith(_ => { }, TaskScheduler.Default).WithTimeout();
            outcomes[answer.Status] = outcomes.GetValueOrDefault(answer.Status) + 1;
            if (statusWhenCloseReturned != TaskStatus.RanToCompletion)
            {
                Assert.That(answer.Status, Is.EqualTo(TaskStatus.Faulted), $"round {i}: completed after Close() returned");
                Assert.That(answer.Exception!.InnerException, Is.InstanceOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("InvalidStateError"));
            }
        }

        TestContext.Out.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    [Test] // issue 7: getters were a blocking round trip to the engine, and could run ahead of the events
    public async Task GettersShowWhatTheEventsRaisedSoFarSaidNotWhatTheEngineDidMeanwhile()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("snapshot");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        var callee = peers.Callee;

        callee.Dispatcher.Pause();
        Task remote;
        try
        {
            remote = callee.SetRemoteDescriptionAsync(offer);
            // The engine applies the offer and queues the completion; nothing of it is raised while paused.
            Assert.That(await Timeouts.PollAsync(() => callee.Dispatcher.QueuedCount > 0), Is.True, "the engine never completed");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(remote.IsCompleted, Is.False);
                Assert.That(callee.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
                Assert.That(callee.RemoteDescription, Is.Null);
                Assert.That(callee.PendingRemoteDescription, Is.Null);
                Assert.That(callee.CanTrickleIceCandidates, Is.Null);
                Assert.That(callee.Sctp, Is.Null);
            }
        }
        finally
        {
            callee.Dispatcher.Resume();
        }

        await remote.WithTimeout();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveRemoteOffer));
            Assert.That(callee.PendingRemoteDescription?.Sdp, Is.EqualTo(offer.Sdp));
            Assert.That(callee.CanTrickleIceCandidates, Is.True);
            Assert.That(callee.Sctp, Is.Not.Null);
        }
    }

    [Test] // the transports' gathering state used to be read live while the connection's was mirrored
    public async Task TheTransportAndTheConnectionAgreeOnTheGatheringStateInsideItsEventsWhateverTheEngineDidSince()
    {
        using var connection = Factory.CreatePeerConnection();
        connection.CreateDataChannel("gathering");
        var seen = new ConcurrentQueue<string>();
        connection.IceGatheringStateChange += (sender, state) =>
            seen.Enqueue($"{state}/{((RTCPeerConnection)sender!).Sctp?.Transport.IceTransport.GatheringState}");
        await connection.SetLocalDescriptionAsync().WithTimeout();

        // Hold the events back until the engine finished gathering: the handlers then run while it is complete.
        connection.Dispatcher.Pause();
        try
        {
            Assert.That(await Timeouts.PollAsync(() => connection.Dispatcher.QueuedCount >= 2), Is.True, "no gathering events queued");
            await Task.Delay(500); // loopback gathering ends within milliseconds
        }
        finally
        {
            connection.Dispatcher.Resume();
        }

        await connection.WaitForIceGatheringCompleteAsync().WithTimeout();
        Assert.That(seen, Is.EqualTo(new[] { "Gathering/Gathering", "Complete/Complete" }));
    }
}
