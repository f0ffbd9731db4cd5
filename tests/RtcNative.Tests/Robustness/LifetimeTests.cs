using System.Runtime.CompilerServices;
using RtcNative.Interop;

namespace RtcNative.Tests;

public sealed class LifetimeTests
{
    [Test]
    public async Task ClosingAndDisposingEverythingLeavesNoNativeObjectAlive()
    {
        using (var factory = TestFactory.CreateLoopback())
        {
            var channels = await ConnectedChannels.OpenAsync(factory);
            var remoteClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            channels.Remote.Closed += (_, _) => remoteClosed.TrySetResult();
            channels.Local.Close();
            await remoteClosed.Task.WithTimeout();
            channels.Peers.Caller.Close();
            channels.Peers.Callee.Close();
            channels.Dispose();
        }

        Assert.That(await NativeObjects.ReachAsync(0), Is.True, NativeObjects.Describe());
    }

    [Test]
    public async Task DisposingAConnectionReleasesItsOpenChannels()
    {
        using (var factory = TestFactory.CreateLoopback())
        {
            var channels = await ConnectedChannels.OpenAsync(factory);
            channels.Peers.Dispose(); // the channels were not disposed by the test
            Assert.That(() => channels.Local.Label, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => channels.Remote.Label, Throws.TypeOf<ObjectDisposedException>());
        }

        Assert.That(await NativeObjects.ReachAsync(0), Is.True, NativeObjects.Describe());
    }

    [Test]
    public async Task AnUnusedConnectionDroppedByTheProgramIsCollectedAndReleased()
    {
        using var factory = TestFactory.CreateLoopback();
        var before = await SettledConnectionCountAsync();

        var dropped = CreateAndDrop(factory);

        var collected = await Timeouts.PollAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return !dropped.IsAlive && LiveConnections() == before;
        });
        Assert.That(collected, Is.True, $"alive: {dropped.IsAlive}, native connections {LiveConnections()} (before {before})");
    }

    [Test]
    public async Task CloseFaultsAPendingOperationWithInvalidStateError()
    {
        using var factory = TestFactory.CreateLoopback();
        using var connection = factory.CreatePeerConnection();
        connection.CreateDataChannel("pending");
        connection.Dispatcher.Pause(); // the engine's completion cannot reach the task meanwhile
        Task<RTCSessionDescriptionInit> offer;
        try
        {
            offer = connection.CreateOfferAsync();
            connection.Close();
        }
        finally
        {
            connection.Dispatcher.Resume();
        }

        var error = await Assert.ThrowsAsync<RTCException>(() => offer.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
        await Task.Delay(100); // the late native completion must not change the outcome
        Assert.That(offer.IsFaulted, Is.True);
    }

    [Test]
    public async Task OperationsOnAClosedConnectionFaultWithInvalidStateError()
    {
        using var factory = TestFactory.CreateLoopback();
        using var connection = factory.CreatePeerConnection();
        connection.Close();

        var offer = connection.CreateOfferAsync();
        var error = await Assert.ThrowsAsync<RTCException>(() => offer.WithTimeout());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
            Assert.That(connection.SignalingState, Is.EqualTo(RTCSignalingState.Closed));
            Assert.That(connection.ConnectionState, Is.EqualTo(RTCPeerConnectionState.Closed));
            Assert.That(connection.IceConnectionState, Is.EqualTo(RTCIceConnectionState.Closed));
            Assert.That(() => connection.CreateDataChannel("late"),
                Throws.TypeOf<RTCException>().With.Property(nameof(RTCException.ErrorName)).EqualTo("InvalidStateError"));
            Assert.That(() => connection.Close(), Throws.Nothing, "Close is idempotent");
        }
    }

    [Test]
    public void MembersThrowObjectDisposedExceptionAfterDispose()
    {
        using var factory = TestFactory.CreateLoopback();
        var connection = factory.CreatePeerConnection();
        var channel = connection.CreateDataChannel("disposed");
        channel.Dispose();
        connection.Dispose();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => connection.SignalingState, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.ConnectionState, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.LocalDescription, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.CreateOfferAsync(), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.SetLocalDescriptionAsync(), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.AddIceCandidateAsync(), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.CreateDataChannel("x"), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.RestartIce(), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => channel.Send("x"), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => channel.Label, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => channel.ReadyState, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => connection.Close(), Throws.Nothing);
            Assert.That(() => connection.Dispose(), Throws.Nothing);
            Assert.That(() => channel.Close(), Throws.Nothing);
            Assert.That(() => channel.Dispose(), Throws.Nothing);
        }

        factory.Dispose();
        Assert.That(() => factory.CreatePeerConnection(), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task CloseInsideASignalingHandlerFaultsTheOperationWithoutDeadlock()
    {
        using var factory = TestFactory.CreateLoopback();
        using var connection = factory.CreatePeerConnection();
        connection.CreateDataChannel("close-in-handler");
        var closedInHandler = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.SignalingStateChange += (_, state) =>
        {
            if (state == RTCSignalingState.HaveLocalOffer)
            {
                connection.Close();
                closedInHandler.TrySetResult();
            }
        };

        var offer = await connection.CreateOfferAsync().WithTimeout();
        var setLocal = connection.SetLocalDescriptionAsync(offer);
        await closedInHandler.Task.WithTimeout();

        var error = await Assert.ThrowsAsync<RTCException>(() => setLocal.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
        Assert.That(connection.SignalingState, Is.EqualTo(RTCSignalingState.Closed));
    }

    [Test]
    public async Task DisposeInsideAMessageHandlerReturnsWithoutDeadlock()
    {
        using var factory = TestFactory.CreateLoopback();
        var channels = await ConnectedChannels.OpenAsync(factory);
        var disposedInHandler = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var messagesAfterDispose = 0;
        channels.Remote.Message += (_, _) =>
        {
            if (disposedInHandler.Task.IsCompleted)
            {
                Interlocked.Increment(ref messagesAfterDispose);
                return;
            }

            channels.Remote.Dispose();
            channels.Peers.Callee.Dispose();
            disposedInHandler.TrySetResult();
        };

        channels.Local.Send("dispose now");
        channels.Local.Send("never raised");
        await disposedInHandler.Task.WithTimeout();
        await Task.Delay(200);

        Assert.That(messagesAfterDispose, Is.Zero);
        channels.Dispose();
    }

    [Test]
    public async Task AThrowingHandlerDoesNotStopLaterEvents()
    {
        using var factory = TestFactory.CreateLoopback();
        using var channels = await ConnectedChannels.OpenAsync(factory);
        var received = new List<string?>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Remote.Message += (_, m) =>
        {
            lock (received)
            {
                received.Add(m.Text);
                if (received.Count == 2)
                {
                    both.TrySetResult();
                }
            }

            throw new InvalidOperationException("a buggy handler");
        };

        channels.Local.Send("first");
        channels.Local.Send("second");
        await both.Task.WithTimeout();

        Assert.That(received, Is.EqualTo(new[] { "first", "second" }));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CreateAndDrop(PeerConnectionFactory factory) => new(factory.CreatePeerConnection());

    private static long LiveConnections() => NativeRuntime.LiveObjectCount(RtcnObjectKind.PeerConnection);

    /// <summary>The live connection count once earlier tests' garbage is finalized.</summary>
    private static async Task<long> SettledConnectionCountAsync()
    {
        long previous = -1, current;
        while ((current = LiveConnections()) != previous)
        {
            previous = current;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(100);
        }

        return current;
    }
}
