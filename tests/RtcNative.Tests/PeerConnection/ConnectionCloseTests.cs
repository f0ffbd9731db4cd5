using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>close(): the closed states without events, pending operations faulted, nothing raised afterwards;
/// and ObjectDisposedException from the members this part adds, after Dispose.</summary>
public sealed class ConnectionCloseTests : LoopbackFixture
{
    // webrtc/RTCPeerConnection-close.html and RTCPeerConnection-connectionState.https.html ("Closing a
    // PeerConnection should not fire connectionstatechange event"): the states read closed at once, no event.
    [Test]
    public async Task CloseSetsTheClosedStatesAndRaisesNoConnectionEvent()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var caller = channels.Peers.Caller;
        var events = RecordEverything(caller);

        caller.Close();
        var states = (caller.SignalingState, caller.IceConnectionState, caller.ConnectionState);
        channels.Peers.Callee.Close(); // the other side closing raises nothing here either
        await Task.Delay(300);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(states, Is.EqualTo((RTCSignalingState.Closed, RTCIceConnectionState.Closed, RTCPeerConnectionState.Closed)));
            Assert.That(events, Is.Empty);
            Assert.That(caller.LocalDescription, Is.Not.Null, "the descriptions stay readable");
            Assert.That(caller.CanTrickleIceCandidates, Is.True);
        }
    }

    // The guarantee: no task stays pending forever. webrtc-pc leaves them unsettled on close
    // (webrtc/RTCPeerConnection-setRemoteDescription.html "Closing on setRemoteDescription() neither resolves
    // nor rejects"); .NET callers get InvalidStateError instead, for every queued operation.
    [Test]
    public async Task CloseFaultsEveryQueuedOperationWithInvalidStateError()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("queued");
        var offer = await peers.Caller.CreateOfferAsync().WithTimeout();
        Task[] queued;
        peers.Callee.Dispatcher.Pause(); // completions cannot reach the tasks before Close
        try
        {
            queued =
            [
                peers.Callee.SetRemoteDescriptionAsync(offer),
                peers.Callee.CreateAnswerAsync(),
                peers.Callee.SetLocalDescriptionAsync(),
                peers.Callee.AddIceCandidateAsync(),
            ];
            peers.Callee.Close();
        }
        finally
        {
            peers.Callee.Dispatcher.Resume();
        }

        foreach (var task in queued)
        {
            await SignalingTests.AssertInvalidState(task);
        }
    }

    [Test]
    public void TheMembersOfThisPartThrowObjectDisposedExceptionAfterDispose()
    {
        var connection = Factory.CreatePeerConnection();
        var channel = connection.CreateDataChannel("disposed");
        connection.Dispose();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => connection.CanTrickleIceCandidates, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.PendingRemoteDescription, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.CurrentLocalDescription, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.IceGatheringState, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.CreateAnswerAsync(), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.SetLocalDescriptionAsync(new RTCSessionDescriptionInit { Type = RTCSdpType.Offer }), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit { Type = RTCSdpType.Rollback }), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.AddIceCandidateAsync(new RTCIceCandidateInit { SdpMid = "0", UsernameFragment = "u" }), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => channel.Id, Throws.TypeOf<ObjectDisposedException>(), "disposing the connection disposes its channels");
            Assert.That(() => channel.BufferedAmount, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => channel.BufferedAmountLowThreshold = 1, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => channel.Send(new byte[1]), Throws.TypeOf<ObjectDisposedException>());
        }
    }

    private static ConcurrentQueue<string> RecordEverything(RTCPeerConnection connection)
    {
        var events = new ConcurrentQueue<string>();
        connection.SignalingStateChange += (_, s) => events.Enqueue($"signaling {s}");
        connection.IceGatheringStateChange += (_, s) => events.Enqueue($"gathering {s}");
        connection.IceConnectionStateChange += (_, s) => events.Enqueue($"ice {s}");
        connection.ConnectionStateChange += (_, s) => events.Enqueue($"connection {s}");
        connection.IceCandidate += (_, e) => events.Enqueue($"candidate {e.Candidate}");
        connection.IceCandidateError += (_, e) => events.Enqueue($"candidate error {e.ErrorCode}");
        connection.NegotiationNeeded += (_, _) => events.Enqueue("negotiation needed");
        connection.DataChannel += (_, e) => events.Enqueue($"data channel {e.Channel.Label}");
        return events;
    }
}
