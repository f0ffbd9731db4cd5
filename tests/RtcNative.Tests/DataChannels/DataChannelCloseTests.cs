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

    // webrtc/RTCDataChannel-close.html ("Close datachannel causes onclosing and onclose to be called") with messages
    // received before the close: the remote side raises every one, in order, before its closing and close. Its
    // events are held back until the engine closed its channel, so the messages wait in the native inbox behind
    // which the close is queued (more of them than one dispatch turn takes). close() waits until the messages left:
    // M109's SCTP stack drops messages still queued when a stream is reset (unlike Chrome today).
    [Test]
    public async Task MessagesSentBeforeCloseArriveBeforeTheRemoteClosingAndClose()
    {
        const int count = 2000;
        using var channels = await OpenAsync(negotiated: false);
        var remoteEvents = Record(channels.Remote);
        channels.Remote.Message += (_, e) => remoteEvents.Enqueue(e.Text!);
        var localClosed = ClosedAsync(channels.Local);
        var remoteClosed = ClosedAsync(channels.Remote);

        channels.Peers.Callee.Dispatcher.Pause();
        try
        {
            for (var i = 0; i < count; i++)
            {
                channels.Local.Send(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            await AllSentAsync(channels.Peers.Caller);
            channels.Local.Close();
            await localClosed.WithTimeout(); // the stream reset went both ways: the remote engine closed too
            await Task.Delay(100);
        }
        finally
        {
            channels.Peers.Callee.Dispatcher.Resume();
        }

        await remoteClosed.WithTimeout();
        var expected = Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append("Closing (Closing)").Append("Closed (Closed)");
        Assert.That(remoteEvents, Is.EqualTo(expected));
    }

    /// <summary>Waits until the connection's transport stops sending (bytesSent unchanged for 100 ms; 5 s at most).</summary>
    private static async Task AllSentAsync(RTCPeerConnection connection)
    {
        long last = -1;
        var stableSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            var report = await connection.GetStatsAsync().WithTimeout();
            var sent = Convert.ToInt64(report.Values.Single(stats => stats.Type == "transport")["bytesSent"], System.Globalization.CultureInfo.InvariantCulture);
            if (sent != last)
            {
                (last, stableSince) = (sent, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - stableSince >= TimeSpan.FromMilliseconds(100))
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("the transport kept sending for 5 s");
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
