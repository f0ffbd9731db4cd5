using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>RTCDataChannelInit on both sides, its validation, ids by DTLS role, bufferedAmountLowThreshold and
/// the maximum message size.</summary>
public sealed class DataChannelSpecTests : LoopbackFixture
{
    // webrtc/RTCPeerConnection-createDataChannel.html ("attribute default values")
    [Test]
    public void ANewChannelHasTheSpecsDefaults()
    {
        using var connection = Factory.CreatePeerConnection();
        using var channel = connection.CreateDataChannel("");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(channel.Label, Is.Empty);
            Assert.That(channel.Ordered, Is.True);
            Assert.That(channel.MaxPacketLifeTime, Is.Null);
            Assert.That(channel.MaxRetransmits, Is.Null);
            Assert.That(channel.Protocol, Is.Empty);
            Assert.That(channel.Negotiated, Is.False);
            Assert.That(channel.Id, Is.Null);
            Assert.That(channel.ReadyState, Is.EqualTo(RTCDataChannelState.Connecting));
            Assert.That(channel.BufferedAmount, Is.Zero);
            Assert.That(channel.BufferedAmountLowThreshold, Is.Zero);
        }
    }

    // webrtc/RTCDataChannel-dcep.html: every option reaches the remote side (in-band) or is agreed (negotiated).
    [Test]
    public async Task EveryOptionIsVisibleOnBothSides()
    {
        using var peers = new PeerPair(Factory);
        var announced = new ConcurrentDictionary<string, RTCDataChannel>();
        var allAnnounced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peers.Callee.DataChannel += (_, e) =>
        {
            announced[e.Channel.Label] = e.Channel;
            if (announced.Count == 3)
            {
                allAnnounced.TrySetResult();
            }
        };
        using var counted = peers.Caller.CreateDataChannel("counted", new RTCDataChannelInit { Ordered = false, MaxRetransmits = 3, Protocol = "chat-v1" });
        using var timed = peers.Caller.CreateDataChannel("timed", new RTCDataChannelInit { MaxPacketLifeTime = 150, Protocol = "é-protocol" });
        using var reliable = peers.Caller.CreateDataChannel("reliable", new RTCDataChannelInit { Id = 40 }); // id of an in-band channel: ignored
        var agreed = new RTCDataChannelInit { Negotiated = true, Id = 3, Ordered = false, MaxRetransmits = 0, Protocol = "agreed" };
        using var callerAgreed = peers.Caller.CreateDataChannel("agreed", agreed);
        using var calleeAgreed = peers.Callee.CreateDataChannel("agreed", agreed);

        await peers.NegotiateAsync();
        await allAnnounced.Task.WithTimeout();
        await Task.Delay(200); // a DataChannel event for the negotiated channel, if one came, would come now

        using (Assert.EnterMultipleScope())
        {
            foreach (var local in new[] { counted, timed, reliable })
            {
                var remote = announced[local.Label];
                Assert.That(Options(remote), Is.EqualTo(Options(local)), local.Label);
                Assert.That(remote.Negotiated, Is.False);
                Assert.That(remote.Id, Is.Not.Null);
            }

            Assert.That(Options(counted), Is.EqualTo(("counted", false, (ushort?)3, (ushort?)null, "chat-v1", counted.Id)));
            Assert.That(Options(timed), Is.EqualTo(("timed", true, (ushort?)null, (ushort?)150, "é-protocol", timed.Id)));
            Assert.That(reliable.Id, Is.Not.EqualTo((ushort)40), "an in-band channel's id comes from the DTLS role");
            Assert.That(announced.Keys, Is.EquivalentTo(new[] { "counted", "timed", "reliable" }), "no DataChannel event for a negotiated channel");
            Assert.That(Options(calleeAgreed), Is.EqualTo(Options(callerAgreed)));
            Assert.That(Options(callerAgreed), Is.EqualTo(("agreed", false, (ushort?)0, (ushort?)null, "agreed", (ushort?)3)));
            Assert.That(calleeAgreed.Negotiated, Is.True);
        }
    }

    // webrtc/RTCPeerConnection-createDataChannel.html: ids and their errors.
    [Test]
    public void IdsAreValidatedAsTheSpecSays()
    {
        using var connection = Factory.CreatePeerConnection();

        using var inBand = connection.CreateDataChannel("in-band", new RTCDataChannelInit { Id = 65535 });
        using var first = connection.CreateDataChannel("first", new RTCDataChannelInit { Negotiated = true, Id = 42 });
        using var highest = connection.CreateDataChannel("highest", new RTCDataChannelInit { Negotiated = true, Id = 1023 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inBand.Id, Is.Null, "an in-band channel's id is ignored, even 65535");
            Assert.That(first.Id, Is.EqualTo((ushort)42));
            Assert.That(highest.Id, Is.EqualTo((ushort)1023));
            Assert.That(() => connection.CreateDataChannel("max", new RTCDataChannelInit { Negotiated = true, Id = 65535 }),
                Throws.InstanceOf<ArgumentException>());
            Assert.That(() => connection.CreateDataChannel("again", new RTCDataChannelInit { Negotiated = true, Id = 42 }),
                Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("OperationError"));
            Assert.That(() => connection.CreateDataChannel("beyond", new RTCDataChannelInit { Negotiated = true, Id = 1024 }),
                Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("OperationError"));
            Assert.That(() => connection.CreateDataChannel("too-high", new RTCDataChannelInit { Negotiated = true, Id = 65534 }),
                Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("OperationError"));
        }

        connection.Close();
        Assert.That(() => connection.CreateDataChannel("closed"),
            Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("InvalidStateError"));
    }

    // webrtc/RTCPeerConnection-createDataChannel.html ("Reusing a data channel id that is in use (after
    // setRemoteDescription, negotiated via DCEP) should throw OperationError")
    [Test]
    public async Task ANegotiatedChannelCannotTakeTheIdOfAnInBandOne()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, "in-band");

        Assert.That(() => channels.Peers.Caller.CreateDataChannel("clash", new RTCDataChannelInit { Negotiated = true, Id = channels.Local.Id }),
            Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("OperationError"));
        Assert.That(channels.Local.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
    }

    // webrtc/RTCDataChannel-id.html: the DTLS client (here the answerer, a=setup:active) uses even ids, the
    // server odd ones; a channel created once the role is known has its id at once.
    [Test]
    public async Task IdsFollowTheDtlsRole()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, "before");

        using var callerLater = channels.Peers.Caller.CreateDataChannel("caller-later");
        using var calleeLater = channels.Peers.Callee.CreateDataChannel("callee-later");
        using var calleeLatest = channels.Peers.Callee.CreateDataChannel("callee-latest");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(channels.Peers.Callee.LocalDescription!.Sdp, Does.Contain("a=setup:active"), "the answerer is the DTLS client");
            Assert.That(channels.Local.Id % 2, Is.EqualTo(1), "the offerer is the DTLS server: odd ids");
            Assert.That(callerLater.Id % 2, Is.EqualTo(1));
            Assert.That(callerLater.Id, Is.Not.EqualTo(channels.Local.Id));
            Assert.That(calleeLater.Id % 2, Is.EqualTo(0), "the DTLS client: even ids");
            Assert.That(calleeLatest.Id % 2, Is.EqualTo(0));
            Assert.That(calleeLatest.Id, Is.Not.EqualTo(calleeLater.Id));
        }
    }

    // webrtc/RTCDataChannel-id.html ("DTLS client uses odd data channel IDs" / "DTLS server uses even"): the
    // id is assigned as soon as the answer fixes the DTLS role, before the channel opens. The offerer's own
    // description comes back as the answer with the remote role set, so no second peer is involved.
    [TestCase("active", 1)]
    [TestCase("passive", 0)]
    public async Task IdsAreAssignedWhenTheAnswerSetsTheDtlsRole(string remoteSetup, int parity)
    {
        using var connection = Factory.CreatePeerConnection();
        using var first = connection.CreateDataChannel("first");
        Assert.That(first.Id, Is.Null, "no id before the DTLS role is known");

        await connection.SetLocalDescriptionAsync().WithTimeout();
        var answer = SdpEdit.ReplaceLines(connection.LocalDescription!.Sdp, "a=setup:", $"a=setup:{remoteSetup}");
        await connection.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Answer, answer)).WithTimeout();
        using var second = connection.CreateDataChannel("second");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Id, Is.Not.Null);
            Assert.That(first.Id % 2, Is.EqualTo(parity));
            Assert.That(second.Id, Is.Not.Null);
            Assert.That(second.Id % 2, Is.EqualTo(parity));
            Assert.That(second.Id, Is.Not.EqualTo(first.Id));
        }
    }

    // webrtc/RTCDataChannel-bufferedAmountLowThreshold.html: the event fires when the amount falls from above
    // the threshold to it or below, once per crossing; sends that stay at or below it fire nothing.
    [Test]
    public async Task BufferedAmountLowFiresOnlyWhenTheAmountCrossesTheThreshold()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var atCallee = new MessageCollector(channels.Remote);
        var lows = 0;
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Local.BufferedAmountLow += (sender, _) =>
        {
            Interlocked.Increment(ref lows);
            low.TrySetResult();
        };
        channels.Local.BufferedAmountLowThreshold = 100;

        channels.Local.Send(new byte[50]); // never above the threshold: no event
        await atCallee.TakeAsync(1);
        Assert.That(await Timeouts.PollAsync(() => channels.Local.BufferedAmount == 0), Is.True);
        await Task.Delay(100);
        Assert.That(lows, Is.Zero);

        channels.Peers.Caller.Dispatcher.Pause(); // hold back the "sent" notifications: the amount stays up
        try
        {
            channels.Local.Send(new byte[80]);
            channels.Local.Send(new byte[80]);
            Assert.That(channels.Local.BufferedAmount, Is.EqualTo(160UL), "rises synchronously in Send");
        }
        finally
        {
            channels.Peers.Caller.Dispatcher.Resume();
        }

        await low.Task.WithTimeout();
        await atCallee.TakeAsync(2);
        Assert.That(await Timeouts.PollAsync(() => channels.Local.BufferedAmount == 0), Is.True);
        await Task.Delay(100);
        Assert.That(lows, Is.EqualTo(1));
        Assert.That(channels.Local.BufferedAmountLowThreshold, Is.EqualTo(100UL));
    }

    // webrtc/RTCDataChannel-send.html ("send() up to max size should succeed, above max size should fail") and
    // RTCSctpTransport-maxMessageSize.html: the limit is the remote a=max-message-size; a larger message is a
    // TypeError that leaves the channel open and bufferedAmount unchanged.
    [TestCase("a=max-message-size:1024", 1024)]
    [TestCase(null, 65536)] // no attribute: RFC 8841's default
    public async Task SendOverTheRemoteMaxMessageSizeThrowsAndTheChannelStaysOpen(string? maxMessageSizeLine, int limit)
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, "limited", editAnswer: sdp => WithMaxMessageSize(sdp, maxMessageSizeLine));
        var local = channels.Local;
        var atCallee = new MessageCollector(channels.Remote);

        Assert.That(() => local.Send(new byte[limit + 1]), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => local.Send(new string('a', limit + 1)), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => local.Send(new string('é', limit / 2 + 1)), Throws.InstanceOf<ArgumentException>(), "counted in UTF-8 bytes");
        Assert.That(local.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
        Assert.That(local.BufferedAmount, Is.Zero);
        local.Send(new byte[limit]);
        var received = await atCallee.TakeAsync(1);
        Assert.That(received[0].Data, Has.Length.EqualTo(limit));
    }

    /// <summary>The SDP with its a=max-message-size replaced by <paramref name="line"/> (null: none, RFC 8841's default applies).</summary>
    internal static string WithMaxMessageSize(string sdp, string? line)
    {
        var without = SdpEdit.WithoutLines(sdp, l => l.StartsWith("a=max-message-size:", StringComparison.Ordinal));
        return line is null ? without : SdpEdit.InsertAfter(without, "a=sctp-port:", line);
    }

    private static (string, bool, ushort?, ushort?, string, ushort?) Options(RTCDataChannel channel) =>
        (channel.Label, channel.Ordered, channel.MaxRetransmits, channel.MaxPacketLifeTime, channel.Protocol, channel.Id);
}
