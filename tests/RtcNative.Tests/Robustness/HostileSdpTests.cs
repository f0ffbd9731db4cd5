namespace RtcNative.Tests;

/// <summary>
/// Issue 7, "A remote peer can crash the process": an m= section of an unknown media type with the DTLS/SCTP protocol
/// (m=foo, m=text) was accepted, and reading the remote description back, answering it, applying the answer, adding a
/// candidate with a usernameFragment or rolling back then killed the process inside libwebrtc's SDP serializer. JSEP
/// (RFC 8829 5.3.1) answers such a section with port 0; Chrome 156 keeps it as "m=foo 0 UDP/DTLS/SCTP 0" in the remote
/// description and answers the same. Then a structural fuzz of remote descriptions: none may crash or hang.
/// </summary>
public sealed class HostileSdpTests : LoopbackFixture
{
    private const string DataLine = "m=application ";

    [TestCase("m=foo", "UDP/DTLS/SCTP webrtc-datachannel", "m=foo 0 UDP/DTLS/SCTP 0")]
    [TestCase("m=text", "UDP/DTLS/SCTP webrtc-datachannel", "m=text 0 UDP/DTLS/SCTP 0")]
    [TestCase("m=text", "RTP/AVP 0", "m=text 0 RTP/AVP 0")]
    [TestCase("m=foo", "DTLS/SCTP 5000", "m=foo 0 DTLS/SCTP 0")]
    public async Task AnUnknownSectionIsKeptRejectedAndAnsweredWithPortZeroAsChromeDoes(string media, string rest, string rejected)
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("data");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        var port = SdpEdit.Lines(offer.Sdp).Single(l => l.StartsWith(DataLine, StringComparison.Ordinal)).Split(' ')[1];
        var munged = SdpEdit.ReplaceLines(offer.Sdp, DataLine, $"{media} {port} {rest}");

        await ExerciseAsync(peers.Callee, munged);

        // As Chrome: the remote description keeps the section, rejected; the answer rejects it the same way.
        var callee = peers.Callee;
        await callee.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, munged)).WithTimeout();
        var answer = await callee.CreateAnswerAsync().WithTimeout();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SdpEdit.Lines(callee.RemoteDescription!.Sdp), Does.Contain(rejected));
            Assert.That(SdpEdit.Lines(answer.Sdp), Does.Contain(rejected));
            Assert.That(answer.Sdp, Does.Not.Contain("RTCN-"), "an internal marker leaked");
            Assert.That(callee.CanTrickleIceCandidates, Is.True);
        }

        await callee.SetLocalDescriptionAsync(answer).WithTimeout();
        Assert.That(callee.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
        Assert.That(SdpEdit.Lines(callee.LocalDescription!.Sdp), Does.Contain(rejected));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task AnUnknownSectionBesideTheDataSectionLeavesTheDataChannelWorking(bool inBundle)
    {
        var appended = "m=foo 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n";
        // The callee gets the extra section; the caller, which never offered it, gets the answer without it.
        var channels = await ConnectedChannels.OpenAsync(Factory,
            editAnswer: answer => answer[..answer.IndexOf("m=foo", StringComparison.Ordinal)],
            offerEdit: sdp =>
            {
                var edited = sdp + appended;
                return inBundle ? SdpEdit.ReplaceLines(edited, "a=group:BUNDLE ", "a=group:BUNDLE 0 1") : edited;
            });
        using (channels)
        {
            var received = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            channels.Remote.Message += (_, e) => received.TrySetResult(e.Text);
            channels.Local.Send("still working");
            Assert.That(await received.Task.WithTimeout(), Is.EqualTo("still working"));
            Assert.That(SdpEdit.Lines(channels.Peers.Callee.LocalDescription!.Sdp), Does.Contain("m=foo 0 UDP/DTLS/SCTP 0"));
        }
    }

    [Test] // the structural fuzz: seeded, so a failure names a reproducible case
    public async Task MutatedRemoteDescriptionsNeverCrashOrHang([Values(1, 2, 3)] int seed)
    {
        var template = await DataOfferAsync();
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < 120; i++)
        {
            var mutated = SdpMutator.Mutate(template, random);
            using var connection = Factory.CreatePeerConnection();
            if (await ExerciseAsync(connection, mutated))
            {
                accepted++;
            }
        }

        TestContext.Out.WriteLine($"seed {seed}: {accepted} of 120 mutated offers accepted");
        Assert.That(accepted, Is.GreaterThan(0), "the mutations never produced an acceptable offer: the fuzz tests nothing");
    }

    [Test] // sections added, renamed and mangled in re-offers on an established connection
    public async Task MutatedReOffersOnAConnectedPairNeverCrashOrHang()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var random = new Random(42);
        for (var i = 0; i < 60; i++)
        {
            var reOffer = await channels.Peers.Caller.CreateOfferAsync().WithTimeout();
            await ExerciseAsync(channels.Peers.Callee, SdpMutator.Mutate(reOffer.Sdp, random));
            if (channels.Peers.Callee.SignalingState == RTCSignalingState.HaveRemoteOffer)
            {
                // M109 can refuse even this (a mangled BUNDLE group it cannot restore): an error, never a crash.
                await Attempt(channels.Peers.Callee.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "")));
            }
        }

        Assert.That(channels.Peers.Callee.SignalingState, Is.Not.EqualTo(RTCSignalingState.Closed));
    }

    private async Task<string> DataOfferAsync()
    {
        using var offerer = Factory.CreatePeerConnection();
        offerer.CreateDataChannel("fuzz");
        return (await offerer.CreateOfferAsync().WithTimeout()).Sdp;
    }

    /// <summary>Everything that used to crash on a bad remote offer: read it back, trickle a candidate with a
    /// usernameFragment, answer, apply the answer, roll back. Returns whether the offer was accepted. Every step is
    /// bounded; a failure is an RTCException (never a crash, never a hang).</summary>
    private static async Task<bool> ExerciseAsync(RTCPeerConnection connection, string offer)
    {
        try
        {
            await connection.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, offer)).WithTimeout();
        }
        catch (RTCException)
        {
            _ = connection.RemoteDescription?.Sdp; // refused: whatever is there still reads back
            return false;
        }

        _ = connection.RemoteDescription!.Sdp;
        _ = connection.CanTrickleIceCandidates;
        var ufrag = SdpEdit.Attribute(connection.RemoteDescription.Sdp, "ice-ufrag") ?? "x";
        await Attempt(connection.AddIceCandidateAsync(new RTCIceCandidateInit
        {
            Candidate = "candidate:1 1 udp 2122260223 127.0.0.1 9 typ host",
            SdpMLineIndex = 0,
            UsernameFragment = ufrag,
        }));
        await Attempt(connection.AddIceCandidateAsync(new RTCIceCandidateInit { Candidate = "", SdpMid = "nope" }));
        _ = connection.RemoteDescription?.Sdp;
        if (await Attempt(connection.CreateAnswerAsync()) is { } answer)
        {
            await Attempt(connection.SetLocalDescriptionAsync(answer));
            _ = connection.LocalDescription?.Sdp;
        }
        else
        {
            await Attempt(connection.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "")));
        }

        _ = connection.CurrentRemoteDescription?.Sdp;
        return true;
    }

    private static async Task<T?> Attempt<T>(Task<T> task) where T : class
    {
        try
        {
            return await task.WithTimeout();
        }
        catch (RTCException)
        {
            return null;
        }
    }

    private static async Task Attempt(Task task)
    {
        try
        {
            await task.WithTimeout();
        }
        catch (RTCException)
        {
        }
    }
}
