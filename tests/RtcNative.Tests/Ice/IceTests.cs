using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>Gathering (trickle and not), the ICE and connection states, addIceCandidate and its errors,
/// canTrickleIceCandidates and restartIce.</summary>
public sealed class IceTests : LoopbackFixture
{
    // webrtc/RTCPeerConnection-iceGatheringState.html: new, then gathering and complete with their events,
    // candidates in between, and the null candidate after complete.
    [Test]
    public async Task GatheringRaisesItsStatesAroundTheCandidatesThenANullCandidate()
    {
        using var connection = Factory.CreatePeerConnection();
        var log = new ConcurrentQueue<string>();
        connection.IceGatheringStateChange += (sender, state) =>
            log.Enqueue(state == ((RTCPeerConnection)sender!).IceGatheringState ? state.ToString() : $"{state} (property differs)");
        connection.IceCandidate += (_, e) => log.Enqueue(e.Candidate is null ? "null" : "candidate");
        connection.CreateDataChannel("gather");
        var initial = connection.IceGatheringState;

        await connection.SetLocalDescriptionAsync().WithTimeout();
        Assert.That(await Timeouts.PollAsync(() => log.Contains("null")), Is.True, "gathering never completed");
        await Task.Delay(200); // anything after the null candidate would come now

        var entries = log.ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(initial, Is.EqualTo(RTCIceGatheringState.New));
            Assert.That(entries.First(), Is.EqualTo("Gathering"));
            Assert.That(entries.TakeLast(2), Is.EqualTo(new[] { "Complete", "null" }));
            Assert.That(entries.Count(e => e == "candidate"), Is.GreaterThanOrEqualTo(1));
            Assert.That(entries.Skip(1).SkipLast(2), Has.All.EqualTo("candidate"));
            Assert.That(connection.IceGatheringState, Is.EqualTo(RTCIceGatheringState.Complete));
        }
    }

    // webrtc/RTCPeerConnection-iceConnectionState.https.html and RTCPeerConnection-connectionState.https.html
    [Test]
    public async Task ConnectingRaisesTheIceAndConnectionStatesInOrder()
    {
        using var peers = new PeerPair(Factory);
        var ice = new ConcurrentQueue<RTCIceConnectionState>();
        var connection = new ConcurrentQueue<RTCPeerConnectionState>();
        var mismatches = 0;
        peers.Caller.IceConnectionStateChange += (sender, state) =>
        {
            ice.Enqueue(state);
            if (((RTCPeerConnection)sender!).IceConnectionState != state)
            {
                Interlocked.Increment(ref mismatches);
            }
        };
        peers.Caller.ConnectionStateChange += (sender, state) =>
        {
            connection.Enqueue(state);
            if (((RTCPeerConnection)sender!).ConnectionState != state)
            {
                Interlocked.Increment(ref mismatches);
            }
        };
        peers.Caller.CreateDataChannel("states");
        var before = (peers.Caller.IceConnectionState, peers.Caller.ConnectionState);

        await peers.NegotiateAsync();
        await peers.ConnectedAsync();
        Assert.That(await Timeouts.PollAsync(() => ice.Contains(RTCIceConnectionState.Connected)), Is.True);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.EqualTo((RTCIceConnectionState.New, RTCPeerConnectionState.New)));
            Assert.That(ice.Take(2), Is.EqualTo(new[] { RTCIceConnectionState.Checking, RTCIceConnectionState.Connected }));
            Assert.That(ice.Skip(2), Is.Empty.Or.EqualTo(new[] { RTCIceConnectionState.Completed }));
            Assert.That(connection, Is.EqualTo(new[] { RTCPeerConnectionState.Connecting, RTCPeerConnectionState.Connected }));
            Assert.That(mismatches, Is.Zero, "the property equals the event's state inside the handler");
        }
    }

    // webrtc/RTCPeerConnection-addIceCandidate.html: a candidate goes to the m-section its sdpMid (else its
    // sdpMLineIndex) names and shows in remoteDescription; a valid sdpMid wins over a bad index.
    [Test]
    public async Task ACandidateIsAddedToItsMediaSectionOfTheRemoteDescription()
    {
        var (connection, ufrags) = await WithRemoteOfferAsync();
        using var _ = connection;

        await connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate1, SdpMid = "1", UsernameFragment = ufrags[1] }).WithTimeout();
        await connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate2, SdpMLineIndex = 0 }).WithTimeout();
        await connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate3, SdpMid = "0", SdpMLineIndex = 9 }).WithTimeout();

        var sections = SectionsOf(connection.RemoteDescription!.Sdp);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sections[1], Does.Contain("a=" + Candidate1));
            Assert.That(sections[0], Does.Contain("a=" + Candidate2));
            Assert.That(sections[0], Does.Contain("a=" + Candidate3));
            Assert.That(sections[0], Does.Not.Contain("a=" + Candidate1));
        }
    }

    // webrtc/RTCPeerConnection-addIceCandidate.html: the rejections, each with the spec's error name.
    [Test]
    public async Task BadCandidatesFaultWithTheSpecsErrors()
    {
        using var fresh = Factory.CreatePeerConnection();
        await SignalingTests.AssertInvalidState(fresh.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate1, SdpMid = "0" }));
        await SignalingTests.AssertInvalidState(fresh.AddIceCandidateAsync()); // end-of-candidates needs a remote description too

        var (connection, ufrags) = await WithRemoteOfferAsync();
        using var _ = connection;
        await AssertOperationError(connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate1, SdpMid = "no-such-mid", SdpMLineIndex = 0 }));
        await AssertOperationError(connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate1, SdpMLineIndex = 2 }));
        await AssertOperationError(connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate1, SdpMid = "0", UsernameFragment = "nope" }));
        await AssertOperationError(connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate1, SdpMid = "0", UsernameFragment = ufrags[1] }));
        await AssertOperationError(connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = "candidate:garbage", SdpMid = "0" }));
        await AssertOperationError(connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = "(Invalid) candidate \r\n string", SdpMid = "0" }));

        Assert.That(() => connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = Candidate1 }), Throws.InstanceOf<ArgumentException>(),
            "neither sdpMid nor sdpMLineIndex: a TypeError, thrown synchronously");
        Assert.That(SdpEdit.Lines(connection.RemoteDescription!.Sdp).Count(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)), Is.Zero,
            "no rejected candidate reached the remote description");
    }

    // webrtc/RTCPeerConnection-addIceCandidate.html ("Add with empty candidate string (end of candidate) should succeed")
    [Test]
    public async Task EndOfCandidatesIsAcceptedAsNullOrAnEmptyCandidate()
    {
        var (connection, ufrags) = await WithRemoteOfferAsync();
        using var _ = connection;

        await connection.AddIceCandidateAsync().WithTimeout();
        await connection.AddIceCandidateAsync(new RTCIceCandidateInit()).WithTimeout();
        await connection.AddIceCandidateAsync(new RTCIceCandidateInit { SdpMid = "0", UsernameFragment = ufrags[0] }).WithTimeout();
        await connection.AddIceCandidateAsync(new RTCIceCandidateInit { SdpMLineIndex = 1 }).WithTimeout();

        Assert.That(connection.SignalingState, Is.EqualTo(RTCSignalingState.HaveRemoteOffer));
    }

    // webrtc/RTCPeerConnection-canTrickleIceCandidates.html
    [Test]
    public async Task CanTrickleIceCandidatesFollowsTheRemoteIceOptions()
    {
        using var offerer = Factory.CreatePeerConnection();
        offerer.CreateDataChannel("trickle");
        var offer = await offerer.CreateOfferAsync().WithTimeout();
        using var trickling = Factory.CreatePeerConnection();
        using var notTrickling = Factory.CreatePeerConnection();
        var before = trickling.CanTrickleIceCandidates;

        await trickling.SetRemoteDescriptionAsync(offer).WithTimeout();
        await notTrickling.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer,
            SdpEdit.WithoutLines(offer.Sdp, l => l.StartsWith("a=ice-options:", StringComparison.Ordinal)))).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.Null);
            Assert.That(offer.Sdp, Does.Contain("a=ice-options:trickle"));
            Assert.That(trickling.CanTrickleIceCandidates, Is.True);
            Assert.That(notTrickling.CanTrickleIceCandidates, Is.False);
            Assert.That(offerer.CanTrickleIceCandidates, Is.Null, "no remote description yet");
        }
    }

    // Without trickle: once gathering is complete the local description carries the candidates, and two peers
    // connect from the descriptions alone (webrtc/RTCPeerConnection-iceGatheringState.html, "localDescription
    // should have candidates after gathering completes").
    [Test]
    public async Task GatheredDescriptionsCarryTheCandidatesAndConnectWithoutAddIceCandidate()
    {
        using var caller = Factory.CreatePeerConnection();
        using var callee = Factory.CreatePeerConnection();
        caller.CreateDataChannel("no-trickle");

        var offer = await GatheredLocalDescriptionAsync(caller, () => caller.SetLocalDescriptionAsync());
        await callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        var answer = await GatheredLocalDescriptionAsync(callee, () => callee.SetLocalDescriptionAsync());
        await caller.SetRemoteDescriptionAsync(answer).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SdpEdit.Lines(offer.Sdp).Count(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1));
            Assert.That(SdpEdit.Lines(answer.Sdp).Count(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1));
        }

        await Task.WhenAll(PeerPair.StateAsync(caller, RTCPeerConnectionState.Connected), PeerPair.StateAsync(callee, RTCPeerConnectionState.Connected));
    }

    // webrtc/RTCPeerConnection-restartIce.https.html: restartIce() asks for negotiation; the next offer has new
    // ICE credentials, and the connection survives the restart.
    [Test]
    public async Task RestartIceRaisesNegotiationNeededAndTheNextOfferRestarts()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, "restart");
        var peers = channels.Peers;
        var oldUfrag = SdpEdit.Attribute(peers.Caller.CurrentLocalDescription!.Sdp, "ice-ufrag");
        var needed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peers.Caller.NegotiationNeeded += (_, _) => needed.TrySetResult();

        peers.Caller.RestartIce();
        await needed.Task.WithTimeout();
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        await peers.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        await peers.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        await peers.Callee.SetLocalDescriptionAsync().WithTimeout();
        await peers.Caller.SetRemoteDescriptionAsync(peers.Callee.LocalDescription!).WithTimeout();
        var atCallee = new MessageCollector(channels.Remote);
        channels.Local.Send("after the restart");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SdpEdit.Attribute(offer.Sdp, "ice-ufrag"), Is.Not.EqualTo(oldUfrag));
            Assert.That(SdpEdit.Attribute(peers.Callee.CurrentRemoteDescription!.Sdp, "ice-ufrag"), Is.Not.EqualTo(oldUfrag));
            Assert.That((await atCallee.TakeAsync(1))[0].Text, Is.EqualTo("after the restart"));
        }
    }

    // webrtc/RTCPeerConnection-restartIce.https.html ("restartIce() has no effect on a closed peer connection")
    [Test]
    public void RestartIceOnAClosedConnectionDoesNothing()
    {
        using var connection = Factory.CreatePeerConnection();
        var needed = 0;
        connection.NegotiationNeeded += (_, _) => Interlocked.Increment(ref needed);
        connection.Close();

        Assert.That(connection.RestartIce, Throws.Nothing);
        Assert.That(needed, Is.Zero);
    }

    private const string Candidate1 = "candidate:1 1 udp 2113929471 127.0.0.1 10100 typ host";
    private const string Candidate2 = "candidate:2 1 udp 2113929470 127.0.0.1 10102 typ host";
    private const string Candidate3 = "candidate:3 1 udp 2113929469 127.0.0.1 10104 typ host";

    /// <summary>A connection with a remote offer of two m-sections (mids "0" and "1"), unbundled and given ICE
    /// credentials of their own (libwebrtc offers one ufrag for all); returns it and each section's ufrag.</summary>
    private async Task<(RTCPeerConnection Connection, string[] Ufrags)> WithRemoteOfferAsync()
    {
        using var offerer = Factory.CreatePeerConnection();
        var offer = await offerer.CreateOfferAsync(new RTCOfferOptions { OfferToReceiveAudio = true, OfferToReceiveVideo = true }).WithTimeout();
        var sections = SectionsOf(offer.Sdp);
        Assert.That(sections, Has.Length.EqualTo(2));
        var session = SdpEdit.WithoutLines(offer.Sdp[..offer.Sdp.IndexOf("m=", StringComparison.Ordinal)], l => l.StartsWith("a=group:BUNDLE", StringComparison.Ordinal));
        var second = SdpEdit.ReplaceLines(SdpEdit.ReplaceLines(sections[1], "a=ice-ufrag:", "a=ice-ufrag:second"),
            "a=ice-pwd:", "a=ice-pwd:passwordofthesecondsection");
        var munged = session + sections[0] + second;
        var connection = Factory.CreatePeerConnection();
        await connection.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, munged)).WithTimeout();
        string[] ufrags = [SdpEdit.Attribute(sections[0], "ice-ufrag")!, "second"];
        return (connection, ufrags);
    }

    /// <summary>Each m-section's text (the session part dropped).</summary>
    private static string[] SectionsOf(string sdp) => sdp.Split("m=")[1..].Select(section => "m=" + section).ToArray();

    private static async Task AssertOperationError(Task task)
    {
        var error = await Assert.ThrowsAsync<RTCException>(() => task.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("OperationError"), error.Message);
    }

    private static async Task<RTCSessionDescriptionInit> GatheredLocalDescriptionAsync(RTCPeerConnection connection, Func<Task> setLocal)
    {
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.IceGatheringStateChange += (_, s) =>
        {
            if (s == RTCIceGatheringState.Complete)
            {
                complete.TrySetResult();
            }
        };
        await setLocal().WithTimeout();
        await complete.Task.WithTimeout();
        return connection.LocalDescription!;
    }
}
