namespace RtcNative.Tests;

/// <summary>NegotiationNeeded: queued, coalesced, only in stable, and checked again when it is about to fire.</summary>
public sealed class NegotiationNeededTests : LoopbackFixture
{
    /// <summary>Long enough for a second, wrongly raised event to arrive (the first comes within milliseconds).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    // webrtc/RTCPeerConnection-onnegotiationneeded.html ("calling createDataChannel twice should fire
    // negotiationneeded event once")
    [Test]
    public async Task TwoChannelsInARowRaiseOneEvent()
    {
        using var connection = Factory.CreatePeerConnection();
        var counter = new EventCounter(connection);

        connection.CreateDataChannel("first");
        connection.CreateDataChannel("second");
        await counter.First.WithTimeout();
        await Task.Delay(Quiet);
        connection.CreateDataChannel("third"); // still not negotiated: the flag is already set

        await Task.Delay(Quiet);
        Assert.That(counter.Count, Is.EqualTo(1));
    }

    // The spec's "update the negotiation-needed flag" coalesces different reasons too.
    [Test]
    public async Task AChannelAndAnIceRestartTogetherRaiseOneEvent()
    {
        using var connection = Factory.CreatePeerConnection();
        var counter = new EventCounter(connection);

        connection.CreateDataChannel("data");
        connection.RestartIce();
        await counter.First.WithTimeout();
        await Task.Delay(Quiet);

        Assert.That(counter.Count, Is.EqualTo(1));
    }

    // webrtc/RTCPeerConnection-onnegotiationneeded.html ("should not fire if signaling state is not stable",
    // "should fire only after signaling state go back to stable")
    [Test]
    public async Task NothingIsRaisedOutsideStableAndOneEventFollowsTheReturnToStable()
    {
        using var peers = new PeerPair(Factory);
        var offer = await peers.Caller.CreateOfferAsync(new RTCOfferOptions { OfferToReceiveAudio = true }).WithTimeout();
        await peers.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        var counter = new EventCounter(peers.Caller);

        peers.Caller.CreateDataChannel("while-offering"); // not part of the offer above
        await Task.Delay(Quiet);
        Assert.That(counter.Count, Is.Zero, "have-local-offer: no event");

        await peers.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        await peers.Callee.SetLocalDescriptionAsync().WithTimeout();
        await peers.Caller.SetRemoteDescriptionAsync(peers.Callee.LocalDescription!).WithTimeout();
        await counter.First.WithTimeout();
        await Task.Delay(Quiet);

        Assert.That(counter.Count, Is.EqualTo(1));
        Assert.That(counter.StateInHandler, Is.EqualTo(RTCSignalingState.Stable));
    }

    // webrtc/RTCPeerConnection-onnegotiationneeded.html (the "check if negotiation is needed" steps): once the
    // data m-section is negotiated, more channels need no negotiation.
    [Test]
    public async Task ChannelsAfterTheDataSectionIsNegotiatedRaiseNothing()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var counter = new EventCounter(channels.Peers.Caller);

        using var more = channels.Peers.Caller.CreateDataChannel("more");
        await Task.Delay(Quiet);

        Assert.That(counter.Count, Is.Zero);
    }

    // webrtc/RTCPeerConnection-onnegotiationneeded.html ("Untestable: if connection's [[isClosed]] slot is true,
    // abort these steps"): a queued event is dropped when the connection closes first.
    [Test]
    public async Task AnEventQueuedBeforeCloseIsNotRaised()
    {
        using var connection = Factory.CreatePeerConnection();
        var counter = new EventCounter(connection);

        connection.Dispatcher.Pause(); // the event is queued but not yet raised
        try
        {
            connection.CreateDataChannel("queued");
            await Task.Delay(Quiet);
            connection.Close();
        }
        finally
        {
            connection.Dispatcher.Resume();
        }

        await Task.Delay(Quiet);
        Assert.That(counter.Count, Is.Zero);
    }

    private sealed class EventCounter
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public EventCounter(RTCPeerConnection connection) =>
            connection.NegotiationNeeded += (sender, _) =>
            {
                StateInHandler = ((RTCPeerConnection)sender!).SignalingState;
                Interlocked.Increment(ref _count);
                _first.TrySetResult();
            };

        public int Count => Volatile.Read(ref _count);

        public Task First => _first.Task;

        public RTCSignalingState? StateInHandler { get; private set; }
    }
}
