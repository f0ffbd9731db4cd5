using System.Runtime.CompilerServices;
using System.Text;

namespace RtcNative.Tests;

public sealed class DataChannelTests : LoopbackFixture
{
    [Test]
    public async Task ChannelOpensOnceOnBothSidesWithTheSameLabelAndId()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, "chat");
        await Task.Delay(200); // a second Open, if one came, would come now

        using (Assert.EnterMultipleScope())
        {
            Assert.That(channels.Remote.Label, Is.EqualTo("chat"));
            Assert.That(channels.Local.Label, Is.EqualTo("chat"));
            Assert.That(channels.Local.Id, Is.Not.Null);
            Assert.That(channels.Remote.Id, Is.EqualTo(channels.Local.Id));
            Assert.That(channels.OpenCounts, Is.EqualTo(new[] { 1, 1 }));
            Assert.That(channels.RemoteStateInDataChannelEvent, Is.EqualTo(RTCDataChannelState.Open));
            Assert.That(channels.Local.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
            Assert.That(channels.Remote.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
            Assert.That(channels.Remote.Ordered, Is.True);
            Assert.That(channels.Remote.Protocol, Is.Empty);
            Assert.That(channels.Remote.Negotiated, Is.False);
            Assert.That(channels.Remote.MaxRetransmits, Is.Null);
            Assert.That(channels.Remote.MaxPacketLifeTime, Is.Null);
        }
    }

    // webrtc/RTCPeerConnection-ondatachannel.html: the channel is "open" inside the handler.
    // The engine opens it in a task of its own, so this repeats to catch the race.
    [Test]
    public async Task RemoteChannelIsOpenAndSendsFromInsideTheDataChannelHandler()
    {
        for (var round = 0; round < 5; round++)
        {
            using var pair = new PeerPair(Factory);
            using var local = pair.Caller.CreateDataChannel("early");
            var received = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            local.Message += (_, e) => received.TrySetResult(e.Text);
            var stateInHandler = new TaskCompletionSource<RTCDataChannelState>(TaskCreationOptions.RunContinuationsAsynchronously);
            pair.Callee.DataChannel += (_, e) =>
            {
                stateInHandler.TrySetResult(e.Channel.ReadyState);
                e.Channel.Send($"hello from round {round}");
            };

            await pair.NegotiateAsync();

            Assert.That(await stateInHandler.Task.WithTimeout(), Is.EqualTo(RTCDataChannelState.Open), $"round {round}");
            Assert.That(await received.Task.WithTimeout(), Is.EqualTo($"hello from round {round}"), $"round {round}");
        }
    }

    [Test]
    public async Task TextAndBinaryMessagesArriveIntactBothWays()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var atCallee = new MessageCollector(channels.Remote);
        var atCaller = new MessageCollector(channels.Local);
        var toCallee = RandomBytes(200 * 1024, seed: 1);
        var toCaller = RandomBytes(200 * 1024, seed: 2);

        channels.Local.Send("hello from the caller, ünïcödé ✓");
        channels.Local.Send(toCallee);
        channels.Remote.Send("hello from the callee");
        channels.Remote.Send(toCaller.AsSpan());
        var receivedByCallee = await atCallee.TakeAsync(2);
        var receivedByCaller = await atCaller.TakeAsync(2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receivedByCallee[0].IsBinary, Is.False);
            Assert.That(receivedByCallee[0].Text, Is.EqualTo("hello from the caller, ünïcödé ✓"));
            Assert.That(receivedByCallee[0].Data, Is.EqualTo(Encoding.UTF8.GetBytes("hello from the caller, ünïcödé ✓")));
            Assert.That(receivedByCallee[1].IsBinary, Is.True);
            Assert.That(receivedByCallee[1].Text, Is.Null);
            Assert.That(receivedByCallee[1].Data, Is.EqualTo(toCallee));
            Assert.That(receivedByCaller[0].IsBinary, Is.False);
            Assert.That(receivedByCaller[0].Text, Is.EqualTo("hello from the callee"));
            Assert.That(receivedByCaller[1].IsBinary, Is.True);
            Assert.That(receivedByCaller[1].Data, Is.EqualTo(toCaller));
        }

        Assert.That(await Timeouts.PollAsync(() => channels.Local.BufferedAmount == 0 && channels.Remote.BufferedAmount == 0), Is.True,
            $"BufferedAmount stayed at {channels.Local.BufferedAmount} / {channels.Remote.BufferedAmount}");
    }

    [Test]
    public async Task EmptyMessagesArrive()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var atCallee = new MessageCollector(channels.Remote);

        channels.Local.Send("");
        channels.Local.Send(ReadOnlySpan<byte>.Empty);
        var received = await atCallee.TakeAsync(2);

        Assert.That(received.Select(m => (m.IsBinary, m.Data.Length)), Is.EqualTo(new[] { (false, 0), (true, 0) }));
    }

    [Test]
    public async Task BufferedAmountRisesOnSendByTheUtf8ByteCountAndFallsWithBufferedAmountLow()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Local.BufferedAmountLow += (_, _) => low.TrySetResult();

        channels.Peers.Caller.Dispatcher.Pause(); // hold back the engine's "sent" notifications
        try
        {
            channels.Local.Send("héllo"); // 6 UTF-8 bytes
            channels.Local.Send(new byte[10]);
            Assert.That(channels.Local.BufferedAmount, Is.EqualTo(16UL));
        }
        finally
        {
            channels.Peers.Caller.Dispatcher.Resume();
        }

        await low.Task.WithTimeout();
        Assert.That(channels.Local.BufferedAmount, Is.Zero);
    }

    [Test]
    public async Task AnOpenConnectionAndChannelReachableOnlyFromNativeCallbacksStayAlive()
    {
        var (caller, local, calleeReference, received) = await ConnectKeepingOnlyTheCallerAsync(Factory);
        using (caller)
        {
            for (var i = 0; i < 5; i++)
            {
                // With pauses: a dispatcher still raising the callee's last events would root it.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Task.Delay(50);
            }

            local.Send("still there?");

            Assert.That(await received.WithTimeout(), Is.EqualTo("still there?"));
            Assert.That(calleeReference.TryGetTarget(out var callee), Is.True);
            callee!.Dispose();
        }
    }

    /// <summary>Connects without trickle (candidates inside the descriptions), so that nothing the
    /// test keeps refers to the callee: only its native callbacks reach it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(RTCPeerConnection Caller, RTCDataChannel Local, WeakReference<RTCPeerConnection> Callee, Task<string?> Received)>
        ConnectKeepingOnlyTheCallerAsync(PeerConnectionFactory factory)
    {
        var caller = factory.CreatePeerConnection();
        var callee = factory.CreatePeerConnection();
        var local = caller.CreateDataChannel("kept-alive");
        var opened = OpenedAsync(local);
        var received = FirstTextAsync(callee);

        await caller.SetLocalDescriptionAsync().WithTimeout();
        Assert.That(await Timeouts.PollAsync(() => caller.IceGatheringState == RTCIceGatheringState.Complete), Is.True);
        await callee.SetRemoteDescriptionAsync(caller.LocalDescription!).WithTimeout();
        await callee.SetLocalDescriptionAsync().WithTimeout();
        Assert.That(await Timeouts.PollAsync(() => callee.IceGatheringState == RTCIceGatheringState.Complete), Is.True);
        await caller.SetRemoteDescriptionAsync(callee.LocalDescription!).WithTimeout();
        await opened.WithTimeout();
        return (caller, local, new WeakReference<RTCPeerConnection>(callee), received);
    }

    // Own methods, so their handlers capture only what they need: a closure sharing the caller's
    // scope would make the callee reachable from the caller's handlers.
    private static Task OpenedAsync(RTCDataChannel channel)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Open += (_, _) => opened.TrySetResult();
        return opened.Task;
    }

    private static Task<string?> FirstTextAsync(RTCPeerConnection connection)
    {
        var received = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.DataChannel += (_, e) => e.Channel.Message += (_, m) => received.TrySetResult(m.Text);
        return received.Task;
    }

    [Test]
    public async Task CloseClosesBothSides()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var localClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remoteClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var localClosing = 0;
        channels.Local.Closing += (_, _) => Interlocked.Increment(ref localClosing);
        channels.Local.Closed += (_, _) => localClosed.TrySetResult();
        channels.Remote.Closed += (_, _) => remoteClosed.TrySetResult();

        channels.Peers.Caller.Dispatcher.Pause(); // the engine's closed may come at once: hold it back
        try
        {
            channels.Local.Close();
            Assert.That(channels.Local.ReadyState, Is.EqualTo(RTCDataChannelState.Closing));
        }
        finally
        {
            channels.Peers.Caller.Dispatcher.Resume();
        }

        await Task.WhenAll(localClosed.Task, remoteClosed.Task).WithTimeout();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(channels.Local.ReadyState, Is.EqualTo(RTCDataChannelState.Closed));
            Assert.That(channels.Remote.ReadyState, Is.EqualTo(RTCDataChannelState.Closed));
            Assert.That(localClosing, Is.Zero, "a local close raises no closing event");
            Assert.That(() => channels.Local.Send("late"), Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("InvalidStateError"));
        }
    }

    [Test]
    public async Task NegotiatedChannelsWithTheSameIdTalkWithoutADataChannelEvent()
    {
        using var peers = new PeerPair(Factory);
        var init = new RTCDataChannelInit { Negotiated = true, Id = 7 };
        using var callerSide = peers.Caller.CreateDataChannel("agreed", init);
        using var calleeSide = peers.Callee.CreateDataChannel("agreed", init);
        var announced = 0;
        peers.Callee.DataChannel += (_, _) => Interlocked.Increment(ref announced);
        var atCallee = new MessageCollector(calleeSide);
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        callerSide.Open += (_, _) => open.TrySetResult();

        await peers.NegotiateAsync();
        await open.Task.WithTimeout();
        callerSide.Send("out of band");
        var received = await atCallee.TakeAsync(1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(received[0].Text, Is.EqualTo("out of band"));
            Assert.That(callerSide.Id, Is.EqualTo((ushort)7));
            Assert.That(callerSide.Negotiated, Is.True);
            Assert.That(announced, Is.Zero);
        }
    }

    [Test]
    public void SendBeforeOpenThrowsInvalidStateError()
    {
        using var connection = Factory.CreatePeerConnection();
        using var channel = connection.CreateDataChannel("not-yet");

        Assert.That(channel.ReadyState, Is.EqualTo(RTCDataChannelState.Connecting));
        var error = Assert.Throws<RTCException>(() => channel.Send("too early"));
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
        Assert.That(channel.BufferedAmount, Is.Zero);
    }

    [Test]
    public void LocalChannelReportsItsOptions()
    {
        using var connection = Factory.CreatePeerConnection();
        using var channel = connection.CreateDataChannel("options", new RTCDataChannelInit
        {
            Ordered = false,
            MaxRetransmits = 3,
            Protocol = "chat-v1",
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(channel.Label, Is.EqualTo("options"));
            Assert.That(channel.Ordered, Is.False);
            Assert.That(channel.MaxRetransmits, Is.EqualTo((ushort)3));
            Assert.That(channel.MaxPacketLifeTime, Is.Null);
            Assert.That(channel.Protocol, Is.EqualTo("chat-v1"));
            Assert.That(channel.Negotiated, Is.False);
            Assert.That(channel.Id, Is.Null, "no id before the DTLS role is known");
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
