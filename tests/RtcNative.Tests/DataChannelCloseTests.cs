using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>The order of Closing, Error and Closed when a channel is closed by either side or by closing a connection.</summary>
public sealed class DataChannelCloseTests : LoopbackFixture
{
    // webrtc/RTCDataChannel-close.html ("Close datachannel causes onclosing and onclose to be called"): the side
    // that calls close() sees only close; the other side sees closing (in state closing), then close; no error.
    [TestCase(false)]
    [TestCase(true)]
    public async Task ClosingAChannelRaisesClosingOnlyOnTheRemoteSide(bool negotiated)
    {
        using var channels = await OpenAsync(negotiated);
        var localEvents = Record(channels.Local);
        var remoteEvents = Record(channels.Remote);
        var bothClosed = Task.WhenAll(ClosedAsync(channels.Local), ClosedAsync(channels.Remote));

        RTCDataChannelState stateAfterClose;
        channels.Peers.Caller.Dispatcher.Pause(); // the engine's closed, which may come at once, waits meanwhile
        try
        {
            channels.Local.Close();
            stateAfterClose = channels.Local.ReadyState;
        }
        finally
        {
            channels.Peers.Caller.Dispatcher.Resume();
        }

        await bothClosed.WithTimeout();
        await Task.Delay(100); // a late event would come now

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stateAfterClose, Is.EqualTo(RTCDataChannelState.Closing));
            Assert.That(localEvents, Is.EqualTo(new[] { "Closed (Closed)" }));
            Assert.That(remoteEvents, Is.EqualTo(new[] { "Closing (Closing)", "Closed (Closed)" }));
        }
    }

    // webrtc/RTCDataChannel-close.html ("Close peerconnection causes close event and error to be called on
    // datachannel"): the remote side's channel gets error (an OperationError) before close. The closing side's
    // channels are closed at once without events (webrtc-pc close(): "closed abruptly").
    [TestCase(false)]
    [TestCase(true)]
    public async Task ClosingAConnectionErrorsThenClosesTheRemoteChannelAndSilentlyClosesItsOwn(bool negotiated)
    {
        using var channels = await OpenAsync(negotiated);
        var localEvents = Record(channels.Local);
        var remoteEvents = Record(channels.Remote);
        var remoteError = new TaskCompletionSource<RTCException>(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Remote.Error += (_, e) => remoteError.TrySetResult(e.Error);
        var remoteClosed = ClosedAsync(channels.Remote);

        channels.Peers.Caller.Close();
        var stateAfterClose = channels.Local.ReadyState;
        await remoteClosed.WithTimeout();
        await Task.Delay(200); // the closed connection's channel would raise its events by now

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stateAfterClose, Is.EqualTo(RTCDataChannelState.Closed));
            Assert.That(localEvents, Is.Empty);
            // The engine passes through closing on an abort too, and Chrome raises it, as here.
            Assert.That(remoteEvents, Is.EqualTo(new[] { "Closing (Closing)", "Error (Closed)", "Closed (Closed)" }));
            Assert.That((await remoteError.Task.WithTimeout()).ErrorName, Is.EqualTo("OperationError"));
            Assert.That(() => channels.Local.Send("late"), Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("InvalidStateError"));
            Assert.That(channels.Local.Close, Throws.Nothing);
        }
    }

    // webrtc/RTCDataChannel-close.html ("Close peerconnection after datachannel close causes no events")
    [Test]
    public async Task ClosingTheConnectionsAfterTheChannelClosedRaisesNothing()
    {
        using var channels = await OpenAsync(negotiated: false);
        var bothClosed = Task.WhenAll(ClosedAsync(channels.Local), ClosedAsync(channels.Remote));
        channels.Local.Close();
        await bothClosed.WithTimeout();
        var localEvents = Record(channels.Local);
        var remoteEvents = Record(channels.Remote);

        channels.Peers.Caller.Close();
        channels.Peers.Callee.Close();
        await Task.Delay(200);

        Assert.That(localEvents.Concat(remoteEvents), Is.Empty);
    }

    // webrtc/RTCPeerConnection-close.html ("Closing the peer connection should close all channels")
    [Test]
    public async Task ClosingAConnectionClosesEveryChannelSynchronously()
    {
        using var channels = await OpenAsync(negotiated: false);
        var more = Enumerable.Range(1, 23)
            .Select(i => channels.Peers.Caller.CreateDataChannel($"channel-{i}", i % 2 == 0 ? new RTCDataChannelInit { Negotiated = true, Id = (ushort)(100 + i) } : null))
            .ToList();
        using var unconnected = Factory.CreatePeerConnection();
        var early = Enumerable.Range(0, 24)
            .Select(i => unconnected.CreateDataChannel($"early-{i}", i % 2 == 0 ? new RTCDataChannelInit { Negotiated = true, Id = (ushort)i } : null))
            .ToList();

        channels.Peers.Caller.Close();
        channels.Peers.Callee.Close();
        unconnected.Close();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(more.Append(channels.Local).Append(channels.Remote).Select(c => c.ReadyState), Has.All.EqualTo(RTCDataChannelState.Closed));
            Assert.That(early.Select(c => c.ReadyState), Has.All.EqualTo(RTCDataChannelState.Closed));
        }

        foreach (var channel in more.Concat(early))
        {
            channel.Dispose();
        }
    }

    private Task<ConnectedChannels> OpenAsync(bool negotiated) =>
        negotiated ? ConnectedChannels.OpenNegotiatedAsync(Factory, id: 0) : ConnectedChannels.OpenAsync(Factory);

    /// <summary>The channel's Closing, Error and Closed events, each with ReadyState read inside the handler.</summary>
    private static ConcurrentQueue<string> Record(RTCDataChannel channel)
    {
        var events = new ConcurrentQueue<string>();
        channel.Closing += (sender, _) => events.Enqueue($"Closing ({((RTCDataChannel)sender!).ReadyState})");
        channel.Error += (sender, _) => events.Enqueue($"Error ({((RTCDataChannel)sender!).ReadyState})");
        channel.Closed += (sender, _) => events.Enqueue($"Closed ({((RTCDataChannel)sender!).ReadyState})");
        return events;
    }

    private static Task ClosedAsync(RTCDataChannel channel)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed += (_, _) => closed.TrySetResult();
        return closed.Task;
    }
}
