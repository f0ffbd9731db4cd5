namespace RtcNative.Tests;

/// <summary>createOffer/createAnswer, setLocalDescription/setRemoteDescription (explicit, implicit, pranswer),
/// the six description attributes, wrong-state errors and malformed SDP.</summary>
public sealed class SignalingTests : LoopbackFixture
{
    // webrtc/RTCPeerConnection-createOffer-offerToReceive.html: each true flag adds a recvonly transceiver of
    // its kind (kept for later offers); a false flag turns such a transceiver inactive.
    [Test]
    public async Task LegacyOfferToReceiveFlagsAddRecvOnlyMediaSections()
    {
        using var both = Factory.CreatePeerConnection();
        using var audioOnly = Factory.CreatePeerConnection();
        using var none = Factory.CreatePeerConnection();

        var bothOffer = await both.CreateOfferAsync(new RTCOfferOptions { OfferToReceiveAudio = true, OfferToReceiveVideo = true }).WithTimeout();
        var audioOffer = await audioOnly.CreateOfferAsync(new RTCOfferOptions { OfferToReceiveAudio = true, OfferToReceiveVideo = false }).WithTimeout();
        var noneOffer = await none.CreateOfferAsync(new RTCOfferOptions { OfferToReceiveAudio = false }).WithTimeout();
        var again = await both.CreateOfferAsync().WithTimeout();
        var turnedOff = await both.CreateOfferAsync(new RTCOfferOptions { OfferToReceiveVideo = false }).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bothOffer.Type, Is.EqualTo(RTCSdpType.Offer));
            Assert.That(MediaSections(bothOffer.Sdp), Is.EqualTo(new[] { "audio recvonly", "video recvonly" }));
            Assert.That(MediaSections(audioOffer.Sdp), Is.EqualTo(new[] { "audio recvonly" }));
            Assert.That(MediaSections(noneOffer.Sdp), Is.Empty);
            Assert.That(MediaSections(again.Sdp), Is.EqualTo(new[] { "audio recvonly", "video recvonly" }));
            Assert.That(MediaSections(turnedOff.Sdp), Is.EqualTo(new[] { "audio recvonly", "video inactive" }));
        }
    }

    // webrtc/RTCPeerConnection-createOffer.html (iceRestart) and RTCPeerConnection-restartIce.https.html
    [Test]
    public async Task IceRestartOptionGivesNewCredentialsAPlainOfferKeepsThem()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("restart");
        await peers.NegotiateAsync();
        var current = SdpEdit.Attribute(peers.Caller.CurrentLocalDescription!.Sdp, "ice-ufrag");

        var plain = await peers.Caller.CreateOfferAsync().WithTimeout();
        var restart = await peers.Caller.CreateOfferAsync(new RTCOfferOptions { IceRestart = true }).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(current, Is.Not.Null);
            Assert.That(SdpEdit.Attribute(plain.Sdp, "ice-ufrag"), Is.EqualTo(current));
            Assert.That(SdpEdit.Attribute(restart.Sdp, "ice-ufrag"), Is.Not.EqualTo(current));
            Assert.That(SdpEdit.Attribute(restart.Sdp, "ice-pwd"), Is.Not.EqualTo(SdpEdit.Attribute(plain.Sdp, "ice-pwd")));
        }
    }

    // webrtc/RTCPeerConnection-setLocalDescription-pranswer.html, RTCPeerConnection-setRemoteDescription-pranswer.html,
    // RTCPeerConnection-description-attributes-timing.https.html
    [Test]
    public async Task TheSixDescriptionAttributesFollowOfferPranswerAnswer()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("attributes");
        var callerLog = new SignalingRecorder(peers.Caller);
        var calleeLog = new SignalingRecorder(peers.Callee);

        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        await peers.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        AssertDescriptions(peers.Caller, local: offer, pendingLocal: offer, currentLocal: null, remote: null, pendingRemote: null, currentRemote: null);

        await peers.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        AssertDescriptions(peers.Callee, local: null, pendingLocal: null, currentLocal: null, remote: offer, pendingRemote: offer, currentRemote: null);

        var answer = await peers.Callee.CreateAnswerAsync().WithTimeout();
        var pranswer = new RTCSessionDescriptionInit(RTCSdpType.Pranswer, answer.Sdp);
        await peers.Callee.SetLocalDescriptionAsync(pranswer).WithTimeout();
        Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalPranswer));
        AssertDescriptions(peers.Callee, local: pranswer, pendingLocal: pranswer, currentLocal: null, remote: offer, pendingRemote: offer, currentRemote: null);

        await peers.Caller.SetRemoteDescriptionAsync(pranswer).WithTimeout();
        Assert.That(peers.Caller.SignalingState, Is.EqualTo(RTCSignalingState.HaveRemotePranswer));
        AssertDescriptions(peers.Caller, local: offer, pendingLocal: offer, currentLocal: null, remote: pranswer, pendingRemote: pranswer, currentRemote: null);

        await peers.Callee.SetLocalDescriptionAsync(answer).WithTimeout();
        AssertDescriptions(peers.Callee, local: answer, pendingLocal: null, currentLocal: answer, remote: offer, pendingRemote: null, currentRemote: offer);

        await peers.Caller.SetRemoteDescriptionAsync(answer).WithTimeout();
        AssertDescriptions(peers.Caller, local: offer, pendingLocal: null, currentLocal: offer, remote: answer, pendingRemote: null, currentRemote: answer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(callerLog.Entries, Is.EqualTo(new[] { "HaveLocalOffer", "HaveRemotePranswer", "Stable" }));
            Assert.That(calleeLog.Entries, Is.EqualTo(new[] { "HaveRemoteOffer", "HaveLocalPranswer", "Stable" }));
        }

        peers.CallerCandidates.RemoteDescriptionSet();
        peers.CalleeCandidates.RemoteDescriptionSet();
        await peers.ConnectedAsync();
    }

    // webrtc/RTCPeerConnection-setLocalDescription-parameterless.https.html
    [Test]
    public async Task ImplicitSetLocalDescriptionAnswersARemoteOffer()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("implicit");
        await peers.Caller.SetLocalDescriptionAsync().WithTimeout();
        await peers.Callee.SetRemoteDescriptionAsync(peers.Caller.LocalDescription!).WithTimeout();

        await peers.Callee.SetLocalDescriptionAsync().WithTimeout();
        await peers.Caller.SetRemoteDescriptionAsync(peers.Callee.LocalDescription!).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(peers.Callee.CurrentLocalDescription?.Type, Is.EqualTo(RTCSdpType.Answer));
            Assert.That(peers.Caller.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
        }
    }

    // webrtc/RTCPeerConnection-setLocalDescription-offer.html ("type offer and null sdp"),
    // RTCPeerConnection-setLocalDescription-pranswer.html
    [Test]
    public async Task ATypedDescriptionWithoutSdpIsCreatedWithThatType()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("typed");

        await peers.Caller.SetLocalDescriptionAsync(new RTCSessionDescriptionInit { Type = RTCSdpType.Offer }).WithTimeout();
        await peers.Callee.SetRemoteDescriptionAsync(peers.Caller.LocalDescription!).WithTimeout();
        await peers.Callee.SetLocalDescriptionAsync(new RTCSessionDescriptionInit { Type = RTCSdpType.Pranswer }).WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(peers.Caller.PendingLocalDescription?.Type, Is.EqualTo(RTCSdpType.Offer));
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalPranswer));
            Assert.That(peers.Callee.PendingLocalDescription?.Type, Is.EqualTo(RTCSdpType.Pranswer));
        }

        // An offer cannot be set while answering: created, then refused by the state check.
        await AssertInvalidState(peers.Callee.SetLocalDescriptionAsync(new RTCSessionDescriptionInit { Type = RTCSdpType.Offer }));
        Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalPranswer));
    }

    // webrtc/RTCPeerConnection-setLocalDescription-answer.html ("setLocalDescription(answer) from stable state
    // should reject with InvalidStateError"), RTCPeerConnection-setLocalDescription-offer.html ("... from
    // have-remote-offer state should reject with InvalidStateError")
    [Test]
    public async Task LocalDescriptionsOfTheWrongTypeForTheStateFaultWithInvalidStateError()
    {
        var (peers, offer, answer) = await OfferSetOnCalleeAsync("wrong-local-state");
        using var disposePeers = peers;
        using var stable = Factory.CreatePeerConnection();

        await AssertInvalidState(stable.SetLocalDescriptionAsync(answer));
        await AssertInvalidState(peers.Callee.SetLocalDescriptionAsync(offer));
        await peers.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        await AssertInvalidState(peers.Caller.SetLocalDescriptionAsync(answer));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stable.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveRemoteOffer));
            Assert.That(peers.Caller.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalOffer));
        }
    }

    // webrtc/RTCPeerConnection-createAnswer.html, RTCPeerConnection-setRemoteDescription-answer.html,
    // RTCPeerConnection-setRemoteDescription-pranswer.html
    [Test]
    public async Task DescriptionsOfTheWrongTypeForTheStateFaultWithInvalidStateError()
    {
        var (peers, offer, answer) = await OfferSetOnCalleeAsync("wrong-state");
        using var disposePeers = peers;
        using var stable = Factory.CreatePeerConnection();

        await AssertInvalidState(stable.CreateAnswerAsync());
        await AssertInvalidState(stable.SetRemoteDescriptionAsync(answer));
        await AssertInvalidState(stable.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Pranswer, answer.Sdp)));
        await peers.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        await AssertInvalidState(peers.Caller.CreateAnswerAsync()); // have-local-offer: nothing to answer

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stable.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(stable.RemoteDescription, Is.Null);
            Assert.That(stable.LocalDescription, Is.Null);
            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.HaveRemoteOffer));
            Assert.That(peers.Caller.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalOffer));
        }
    }

    // webrtc/RTCPeerConnection-setRemoteDescription-offer.html ("invalid SDP should reject with RTCError"),
    // RTCPeerConnection-setLocalDescription.html
    [Test]
    public async Task AMalformedLineFaultsWithSdpSyntaxErrorItsLineNumberAndNoStateChange()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("malformed");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        var broken = SdpEdit.ReplaceLines(offer.Sdp, "m=application", "m=application notaport UDP/DTLS/SCTP webrtc-datachannel");
        var line = SdpEdit.LineNumber(broken, "m=application");
        var signalingEvents = 0;
        peers.Callee.SignalingStateChange += (_, _) => Interlocked.Increment(ref signalingEvents);

        var remote = await Assert.ThrowsAsync<RTCException>(() =>
            peers.Callee.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, broken)).WithTimeout());
        var local = await Assert.ThrowsAsync<RTCException>(() =>
            peers.Caller.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, broken)).WithTimeout());

        using (Assert.EnterMultipleScope())
        {
            foreach (var error in new[] { remote!, local! })
            {
                Assert.That(error.ErrorName, Is.EqualTo("OperationError"));
                Assert.That(error.ErrorDetail, Is.EqualTo(RTCErrorDetailType.SdpSyntaxError));
                Assert.That(error.SdpLineNumber, Is.EqualTo(line));
            }

            Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(peers.Callee.RemoteDescription, Is.Null);
            Assert.That(peers.Caller.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
            Assert.That(peers.Caller.LocalDescription, Is.Null);
            Assert.That(signalingEvents, Is.Zero);
        }

        await peers.NegotiateAsync(); // still usable
        await peers.ConnectedAsync();
    }

    // webrtc/RTCPeerConnection-createOffer.html ("createOffer() after connection is closed") and
    // RTCPeerConnection-setLocalDescription-parameterless.https.html ("rejects with InvalidStateError if already closed")
    [Test]
    public async Task EveryOperationOnAClosedConnectionFaultsWithInvalidStateError()
    {
        using var peers = new PeerPair(Factory);
        var offer = await peers.Caller.CreateOfferAsync(new RTCOfferOptions { OfferToReceiveAudio = true }).WithTimeout();
        peers.Callee.Close();

        await AssertInvalidState(peers.Callee.CreateOfferAsync());
        await AssertInvalidState(peers.Callee.CreateAnswerAsync());
        await AssertInvalidState(peers.Callee.SetLocalDescriptionAsync());
        await AssertInvalidState(peers.Callee.SetRemoteDescriptionAsync(offer));
        await AssertInvalidState(peers.Callee.AddIceCandidateAsync());
        Assert.That(peers.Callee.SignalingState, Is.EqualTo(RTCSignalingState.Closed));
    }

    /// <summary>A pair whose caller created an offer (not applied locally) that the callee applied, and the callee's answer (not applied).</summary>
    private async Task<(PeerPair Peers, RTCSessionDescriptionInit Offer, RTCSessionDescriptionInit Answer)> OfferSetOnCalleeAsync(string label)
    {
        var peers = new PeerPair(Factory);
        try
        {
            peers.Caller.CreateDataChannel(label);
            var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
            await peers.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
            var answer = await peers.Callee.CreateAnswerAsync().WithTimeout();
            return (peers, offer, answer);
        }
        catch
        {
            peers.Dispose();
            throw;
        }
    }

    internal static async Task AssertInvalidState(Task task)
    {
        var error = await Assert.ThrowsAsync<RTCException>(() => task.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"), error.Message);
    }

    internal static void AssertSameDescription(RTCSessionDescription? actual, RTCSessionDescriptionInit? expected, string what)
    {
        if (expected is null)
        {
            Assert.That(actual, Is.Null, what);
            return;
        }

        Assert.That(actual, Is.Not.Null, what);
        Assert.That(actual!.Type, Is.EqualTo(expected.Type), what);
        Assert.That(SdpText.WithoutGatheringChanges(actual.Sdp), Is.EqualTo(SdpText.WithoutGatheringChanges(expected.Sdp)), what);
    }

    private static void AssertDescriptions(RTCPeerConnection connection,
        RTCSessionDescriptionInit? local, RTCSessionDescriptionInit? pendingLocal, RTCSessionDescriptionInit? currentLocal,
        RTCSessionDescriptionInit? remote, RTCSessionDescriptionInit? pendingRemote, RTCSessionDescriptionInit? currentRemote)
    {
        using (Assert.EnterMultipleScope())
        {
            AssertSameDescription(connection.LocalDescription, local, nameof(local));
            AssertSameDescription(connection.PendingLocalDescription, pendingLocal, nameof(pendingLocal));
            AssertSameDescription(connection.CurrentLocalDescription, currentLocal, nameof(currentLocal));
            AssertSameDescription(connection.RemoteDescription, remote, nameof(remote));
            AssertSameDescription(connection.PendingRemoteDescription, pendingRemote, nameof(pendingRemote));
            AssertSameDescription(connection.CurrentRemoteDescription, currentRemote, nameof(currentRemote));
        }
    }

    /// <summary>"kind direction" of each m-section.</summary>
    private static string[] MediaSections(string sdp)
    {
        var sections = new List<string>();
        foreach (var line in SdpEdit.Lines(sdp))
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                sections.Add(line[2..line.IndexOf(' ')]);
            }
            else if (line is "a=sendrecv" or "a=sendonly" or "a=recvonly" or "a=inactive" && sections.Count > 0)
            {
                sections[^1] += " " + line[2..];
            }
        }

        return [.. sections];
    }
}
