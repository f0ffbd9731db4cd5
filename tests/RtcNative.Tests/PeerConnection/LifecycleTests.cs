using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>Issue 7: disposal that never blocks and ends everything it owns, awaitable disposal, events on a captured
/// SynchronizationContext, and waits that end with events instead of timers.</summary>
public sealed class LifecycleTests
{
    [Test] // "Disposing a factory leaves its open connections alive (native objects stay)"
    public async Task DisposingTheFactoryDisposesItsConnectionsAndTheirChannels()
    {
        Assert.That(await NativeObjects.ReachAsync(0), Is.True, "objects of earlier tests: " + NativeObjects.Describe());
        var before = NativeObjects.Count;
        var factory = TestFactory.CreateLoopback();
        var channels = await ConnectedChannels.OpenAsync(factory);

        await factory.DisposeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => channels.Peers.Caller.SignalingState, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => channels.Peers.Callee.SignalingState, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => channels.Local.ReadyState, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => channels.Remote.ReadyState, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(NativeObjects.Count, Is.EqualTo(before), "native objects left after DisposeAsync");
        }

        Assert.That(() => factory.CreatePeerConnection(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task DisposeAsyncCompletesOnceTheNativeSideReleasedEverything()
    {
        Assert.That(await NativeObjects.ReachAsync(0), Is.True, "objects of earlier tests: " + NativeObjects.Describe());
        await using var factory = TestFactory.CreateLoopback();
        var before = NativeObjects.Count;
        var channels = await ConnectedChannels.OpenAsync(factory);

        await channels.Local.DisposeAsync().AsTask().WithTimeout();
        await channels.Remote.DisposeAsync().AsTask().WithTimeout();
        await channels.Peers.Caller.DisposeAsync().AsTask().WithTimeout();
        await channels.Peers.Callee.DisposeAsync().AsTask().WithTimeout();

        Assert.That(NativeObjects.Count, Is.EqualTo(before), "DisposeAsync completed before the native side let go");
    }

    [Test] // Dispose and Close return at once, also while libwebrtc's thread is busy with the connection
    public async Task DisposeNeverWaitsForTheEngine()
    {
        await using var factory = TestFactory.CreateLoopback();
        for (var i = 0; i < 20; i++)
        {
            var channels = await ConnectedChannels.OpenAsync(factory);
            // Keep libwebrtc's thread busy: a burst of sends and stats requests queued behind each other.
            var payload = new byte[60_000];
            for (var j = 0; j < 100; j++)
            {
                channels.Local.Send(payload);
                _ = channels.Peers.Caller.GetStatsAsync();
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            channels.Peers.Caller.Dispose();
            channels.Peers.Callee.Close();
            channels.Peers.Callee.Dispose();
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "Dispose waited for the engine");
        }
    }

    [Test]
    public async Task EventsCanBeRaisedOnTheCapturedSynchronizationContext()
    {
        using var context = new SingleThreadSynchronizationContext();
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions
        {
            IncludeLoopback = true,
            NetworkInterfaces = ["lo"],
            AudioDevice = AudioDeviceKind.Dummy,
            CaptureSynchronizationContext = true,
        });

        var threads = new ConcurrentQueue<string>();
        var (caller, callee) = await context.RunAsync(() =>
        {
            var first = factory.CreatePeerConnection();
            var second = factory.CreatePeerConnection();
            foreach (var pc in new[] { first, second })
            {
                pc.SignalingStateChange += (_, _) => threads.Enqueue($"signaling on {Environment.CurrentManagedThreadId}");
                pc.IceCandidate += (_, _) => threads.Enqueue($"candidate on {Environment.CurrentManagedThreadId}");
                pc.ConnectionStateChange += (_, _) => threads.Enqueue($"connection on {Environment.CurrentManagedThreadId}");
            }

            return (first, second);
        });
        using var _ = caller;
        using var __ = callee;
        var pair = new CandidateRelay(caller, callee);
        var back = new CandidateRelay(callee, caller);
        caller.CreateDataChannel("ui");
        var offer = await caller.CreateOfferAsync().WithTimeout();
        await caller.SetLocalDescriptionAsync(offer).WithTimeout();
        await callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        pair.RemoteDescriptionSet();
        await callee.SetLocalDescriptionAsync().WithTimeout();
        await caller.SetRemoteDescriptionAsync(callee.LocalDescription!.ToInit()).WithTimeout();
        back.RemoteDescriptionSet();
        await caller.WaitForConnectionStateAsync(RTCPeerConnectionState.Connected).WithTimeout();

        var expected = $" on {context.ThreadId}";
        Assert.That(threads, Is.Not.Empty);
        Assert.That(threads, Has.All.EndsWith(expected), "an event was raised off the captured context");
    }

    [Test]
    public async Task EventsAndCompletionsMoveToTheEventThreadsWhenTheCapturedContextIsClosed()
    {
        var context = new SingleThreadSynchronizationContext();
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions
        {
            IncludeLoopback = true,
            NetworkInterfaces = ["lo"],
            AudioDevice = AudioDeviceKind.Dummy,
            CaptureSynchronizationContext = true,
        });
        using var connection = await context.RunAsync(() => factory.CreatePeerConnection());
        context.Dispose(); // Post now throws, as a closed UI context's does

        var negotiationThread = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.NegotiationNeeded += (_, _) => negotiationThread.TrySetResult(Environment.CurrentManagedThreadId);
        connection.CreateDataChannel("after the context");
        // The event first: an offer made at once could leave the state stable no longer when the engine checks, and
        // the spec then skips negotiationneeded.
        Assert.That(await negotiationThread.Task.WithTimeout(), Is.Not.EqualTo(context.ThreadId));
        var offer = await connection.CreateOfferAsync().WithTimeout();
        await connection.SetLocalDescriptionAsync(offer).WithTimeout();
        Assert.That(connection.SignalingState, Is.EqualTo(RTCSignalingState.HaveLocalOffer));
    }

    [Test] // issue 7: "Wait helpers wake every 200 ms with a new CTS and Task.Delay per waiter"
    public async Task WaitersUseNoTimerAndEndWithTheConnection()
    {
        await using var factory = TestFactory.CreateLoopback();
        using var connection = factory.CreatePeerConnection();
        var channel = connection.CreateDataChannel("waits");
        var timersBefore = Timer.ActiveCount;

        var waits = Enumerable.Range(0, 200).SelectMany(_ => new[]
        {
            connection.WaitForConnectionStateAsync(RTCPeerConnectionState.Connected),
            channel.WaitForOpenAsync(),
        }).ToArray();
        await Task.Delay(300); // long enough for a polling waiter to have armed its timer
        var timersWhileWaiting = Timer.ActiveCount;

        connection.Close(); // raises no event: the waits end anyway, at once
        var ended = await Task.WhenAny(Task.WhenAll(waits), Task.Delay(TimeSpan.FromSeconds(5)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(timersWhileWaiting - timersBefore, Is.LessThan(20), "timers per waiter");
            Assert.That(waits.All(w => w.IsCompleted), Is.True, "a wait outlived the connection");
            Assert.That(waits, Has.All.Matches<Task>(w => w!.Exception?.InnerException is RTCException { ErrorName: "InvalidStateError" }));
        }
    }

    /// <summary>A UI-like context: one thread runs every posted callback in order.</summary>
    private sealed class SingleThreadSynchronizationContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
        private readonly Thread _thread;

        public SingleThreadSynchronizationContext()
        {
            _thread = new Thread(() =>
            {
                SetSynchronizationContext(this);
                foreach (var (callback, state) in _queue.GetConsumingEnumerable())
                {
                    callback(state);
                }
            }) { IsBackground = true, Name = "ui" };
            _thread.Start();
        }

        public int ThreadId => _thread.ManagedThreadId;

        public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

        public Task<T> RunAsync<T>(Func<T> work)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(_ =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception exception)
                {
                    done.SetException(exception);
                }
            }, null);
            return done.Task;
        }

        public void Dispose() => _queue.CompleteAdding();
    }
}
