using System.Collections.Concurrent;
using System.Diagnostics;
using RtcNative.Interop;

namespace RtcNative.Tests;

// The threading guarantees of shared/API.md ("Threading and lifetime") and issue 3 ("Guarantees").
public sealed class ThreadingGuaranteeTests
{
    /// <summary>Where events can fire, for the Close/Dispose-inside-a-handler matrix.</summary>
    public enum Hook
    {
        SignalingStateChange,
        IceGatheringStateChange,
        IceCandidate,
        IceConnectionStateChange,
        ConnectionStateChange,
        NegotiationNeeded,
        DataChannel,
        Open,
        Message,
        BufferedAmountLow,
        Closing,
        Closed,
    }

    /// <summary>What the handler does to the object whose event it handles (or that object's connection).</summary>
    public enum Reentry
    {
        CloseConnection,
        DisposeConnection,
        CloseChannel,
        DisposeChannel,
    }

    [Test]
    public async Task EveryEventRunsOnAnEventThreadAndEveryContinuationOnThePoolNeverOnALibWebRtcThread()
    {
        // One factory per peer: each side's libwebrtc threads are distinct, as in the cross-factory case.
        using var callerFactory = TestFactory.CreateLoopback();
        using var calleeFactory = TestFactory.CreateLoopback();
        var seen = new ConcurrentQueue<(string Event, string Thread, bool Pool)>();
        void Record(string name) => seen.Enqueue((name, ThreadNames.Current(), Thread.CurrentThread.IsThreadPoolThread));

        var caller = callerFactory.CreatePeerConnection();
        var callee = calleeFactory.CreatePeerConnection();
        using var peers = new PeerPairOf(caller, callee);
        WatchConnection(caller, "caller", Record);
        WatchConnection(callee, "callee", Record);
        var remoteOpen = new TaskCompletionSource<RTCDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.DataChannel += (_, e) =>
        {
            WatchChannel(e.Channel, "callee channel", Record);
            e.Channel.Open += (_, _) => remoteOpen.TrySetResult(e.Channel);
        };
        var local = caller.CreateDataChannel("threads");
        WatchChannel(local, "caller channel", Record);
        local.BufferedAmountLowThreshold = 0;

        await peers.NegotiateAsync();
        Record("continuation after negotiation");
        await local.WaitForOpenAsync().WithTimeout();
        var remote = await remoteOpen.Task.WithTimeout();
        Record("continuation after open");
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.Message += (_, e) =>
        {
            if (e.Data.Length == 100_000)
            {
                received.TrySetResult();
            }
        };
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Message += (_, e) =>
        {
            if (e.Text == "back")
            {
                answered.TrySetResult();
            }
        };
        local.Send(new byte[100_000]);
        remote.Send("back");
        await Task.WhenAll(received.Task, answered.Task).WithTimeout(); // both ways before closing
        local.Close();
        await remote.WaitForClosedAsync().WithTimeout();
        caller.RestartIce(); // NegotiationNeeded once more
        await Timeouts.PollAsync(() => seen.Any(s => s.Event == "caller NegotiationNeeded"));

        var events = seen.Select(s => s.Event).Distinct().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events, Is.SupersetOf(new[]
            {
                "caller SignalingStateChange", "caller IceGatheringStateChange", "caller IceCandidate", "caller IceConnectionStateChange",
                "caller ConnectionStateChange", "caller NegotiationNeeded", "callee DataChannel", "callee SignalingStateChange",
                "caller channel Open", "callee channel Open", "callee channel Message", "caller channel Message",
                "caller channel BufferedAmountLow", "callee channel Closing", "callee channel Closed", "caller channel Closed",
            }));
            Assert.That(seen.Where(s => s.Thread.StartsWith("rtcn-", StringComparison.Ordinal)).Select(s => $"{s.Event} on {s.Thread}"), Is.Empty,
                "raised on a libwebrtc thread");
            // Events on RtcNative's event threads; task continuations (asynchronous) on the thread pool.
            Assert.That(seen.Where(s => !s.Event.StartsWith("continuation", StringComparison.Ordinal) && s.Thread != "RtcNativeEvents")
                .Select(s => $"{s.Event} on {s.Thread}"), Is.Empty, "an event raised off RtcNative's event threads");
            Assert.That(seen.Where(s => s.Event.StartsWith("continuation", StringComparison.Ordinal) && !s.Pool)
                .Select(s => $"{s.Event} on {s.Thread}"), Is.Empty, "a continuation off the thread pool");
        }
    }

    [Test]
    public async Task HandlersCallingThePeerOnAnotherFactoryDoNotDeadlock()
    {
        // FACTS: a synchronous call from one connection's libwebrtc thread into a connection of another factory
        // deadlocks. Here every handler of A calls B synchronously, including blocking waits on B's operations,
        // and B's handlers call A's synchronous members, Send, Close and Dispose.
        using var factoryA = TestFactory.CreateLoopback();
        using var factoryB = TestFactory.CreateLoopback();
        var a = factoryA.CreatePeerConnection();
        var b = factoryB.CreatePeerConnection();
        var errors = new ConcurrentQueue<Exception>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bHasOffer = false;
        var aPending = new ConcurrentQueue<RTCIceCandidate?>();
        var aHasAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = TimeSpan.FromSeconds(10);
        const int Rounds = 20;
        RTCDataChannel? bChannel = null;

        void Guard(Action action)
        {
            try
            {
                action();
            }
            catch (Exception exception)
            {
                errors.Enqueue(exception);
                done.TrySetException(exception);
            }
        }

        void AddToB(RTCIceCandidate? candidate)
        {
            if (!b.AddIceCandidateAsync(candidate).Wait(wait))
            {
                throw new TimeoutException("B.AddIceCandidateAsync blocked");
            }
        }

        a.IceCandidate += (_, e) => Guard(() =>
        {
            if (Volatile.Read(ref bHasOffer))
            {
                AddToB(e.Candidate);
            }
            else
            {
                aPending.Enqueue(e.Candidate);
            }
        });
        a.SignalingStateChange += (_, state) => Guard(() =>
        {
            if (state == RTCSignalingState.HaveLocalOffer)
            {
                var offer = a.LocalDescription!;
                Expect(b.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(offer.Type, offer.Sdp)).Wait(wait), "B.SetRemoteDescriptionAsync blocked");
                Volatile.Write(ref bHasOffer, true);
                while (aPending.TryDequeue(out var candidate))
                {
                    AddToB(candidate);
                }

                var answer = b.CreateAnswerAsync().WaitAsync(wait).Result;
                Expect(b.SetLocalDescriptionAsync(answer).Wait(wait), "B.SetLocalDescriptionAsync blocked");
                _ = a.SetRemoteDescriptionAsync(answer).ContinueWith(t => aHasAnswer.TrySetResult(), TaskScheduler.Default);
            }
        });
        b.IceCandidate += (_, e) => Guard(() =>
        {
            _ = a.SignalingState; // synchronous cross calls from B's handler
            _ = a.RemoteDescription;
            var candidate = e.Candidate;
            _ = aHasAnswer.Task.ContinueWith(_ => a.AddIceCandidateAsync(candidate), TaskScheduler.Default).Unwrap()
                .ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // A may be gone by then: not what this test checks
        });

        var aChannel = a.CreateDataChannel("cross");
        aChannel.Open += (_, _) => Guard(() => aChannel.Send("ping 0"));
        aChannel.Message += (_, m) => Guard(() =>
        {
            var round = int.Parse(m.Text!.Split(' ')[1]);
            _ = b.LocalDescription; // synchronous calls into B, whose libwebrtc threads are not A's
            _ = b.SignalingState;
            _ = bChannel!.BufferedAmount;
            _ = b.CreateDataChannel($"from A's handler {round}"); // B's operation from A's handler
            if (round + 1 < Rounds)
            {
                aChannel.Send($"ping {round + 1}");
            }
            else
            {
                bChannel.Close(); // B's channel closed from A's handler
            }
        });
        b.DataChannel += (_, e) =>
        {
            if (e.Channel.Label != "cross")
            {
                return;
            }

            bChannel = e.Channel;
            bChannel.Message += (_, m) => Guard(() =>
            {
                _ = a.LocalDescription;
                _ = a.ConnectionState;
                _ = aChannel.ReadyState;
                bChannel.Send(m.Text!.Replace("ping", "pong"));
            });
            bChannel.Closed += (_, _) => Guard(() =>
            {
                a.Close(); // A closed and disposed from B's handler
                a.Dispose();
                done.TrySetResult();
            });
        };

        _ = a.SetLocalDescriptionAsync(); // starts it all: A's SignalingStateChange handler does the rest
        var stopwatch = Stopwatch.StartNew();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        TestContext.Out.WriteLine($"{Rounds} cross-factory round trips from handlers, then close: {stopwatch.ElapsedMilliseconds} ms");
        b.Dispose();
        Assert.That(errors, Is.Empty);
        Assert.That(() => a.SignalingState, Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task CloseAndDisposeInsideAnyHandlerReturnPromptlyAndStopTheEvents([Values] Hook hook, [Values] Reentry reentry)
    {
        using var factory = TestFactory.CreateLoopback();
        using var peers = new PeerPair(factory);
        var fired = 0;
        var handled = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var eventsAfter = new ConcurrentQueue<string>();
        object? target = null; // the connection or channel the reentry disposed or closed
        var afterward = new ConcurrentQueue<Exception>();

        void OnEvent(string name, RTCPeerConnection connection, RTCDataChannel? channel)
        {
            if (Volatile.Read(ref fired) != 0)
            {
                var disposedOrClosed = Volatile.Read(ref target);
                if (disposedOrClosed is not null && (ReferenceEquals(disposedOrClosed, connection) || ReferenceEquals(disposedOrClosed, channel)))
                {
                    eventsAfter.Enqueue(name);
                }

                return;
            }

            if (name != hook.ToString() || Interlocked.Exchange(ref fired, 1) != 0)
            {
                return;
            }

            var stopwatch = Stopwatch.StartNew();
            try
            {
                switch (reentry)
                {
                    case Reentry.CloseConnection:
                        Volatile.Write(ref target, connection);
                        connection.Close();
                        connection.Close();
                        Expect(connection.SignalingState == RTCSignalingState.Closed, "not closed after Close");
                        break;
                    case Reentry.DisposeConnection:
                        Volatile.Write(ref target, connection);
                        connection.Dispose();
                        connection.Close();
                        connection.Dispose();
                        ExpectDisposed(() => connection.SignalingState);
                        break;
                    case Reentry.CloseChannel:
                        channel ??= connection.CreateDataChannel("to close");
                        channel.Close();
                        channel.Close();
                        Expect(channel.ReadyState is RTCDataChannelState.Closing or RTCDataChannelState.Closed, "channel still open after Close");
                        break;
                    case Reentry.DisposeChannel:
                        channel ??= connection.CreateDataChannel("to dispose");
                        Volatile.Write(ref target, channel);
                        channel.Dispose();
                        channel.Close();
                        channel.Dispose();
                        ExpectDisposed(() => channel.ReadyState);
                        break;
                }
            }
            catch (Exception exception) when (exception is RTCException { ErrorName: "InvalidStateError" })
            {
                // CreateDataChannel on a closed connection: allowed.
                TestContext.Out.WriteLine($"in the handler: {exception.Message}");
            }
            catch (Exception exception)
            {
                afterward.Enqueue(exception);
            }

            handled.TrySetResult(stopwatch.Elapsed);
        }

        void Watch(RTCPeerConnection connection)
        {
            connection.SignalingStateChange += (_, _) => OnEvent(nameof(Hook.SignalingStateChange), connection, null);
            connection.IceGatheringStateChange += (_, _) => OnEvent(nameof(Hook.IceGatheringStateChange), connection, null);
            connection.IceCandidate += (_, _) => OnEvent(nameof(Hook.IceCandidate), connection, null);
            connection.IceConnectionStateChange += (_, _) => OnEvent(nameof(Hook.IceConnectionStateChange), connection, null);
            connection.ConnectionStateChange += (_, _) => OnEvent(nameof(Hook.ConnectionStateChange), connection, null);
            connection.NegotiationNeeded += (_, _) => OnEvent(nameof(Hook.NegotiationNeeded), connection, null);
            connection.DataChannel += (_, e) =>
            {
                WatchChannel(connection, e.Channel);
                OnEvent(nameof(Hook.DataChannel), connection, e.Channel);
            };
        }

        void WatchChannel(RTCPeerConnection connection, RTCDataChannel channel)
        {
            channel.Open += (_, _) => OnEvent(nameof(Hook.Open), connection, channel);
            channel.Message += (_, _) => OnEvent(nameof(Hook.Message), connection, channel);
            channel.BufferedAmountLow += (_, _) => OnEvent(nameof(Hook.BufferedAmountLow), connection, channel);
            channel.Closing += (_, _) => OnEvent(nameof(Hook.Closing), connection, channel);
            channel.Closed += (_, _) => OnEvent(nameof(Hook.Closed), connection, channel);
        }

        Watch(peers.Caller);
        Watch(peers.Callee);
        var remote = new TaskCompletionSource<RTCDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        peers.Callee.DataChannel += (_, e) => remote.TrySetResult(e.Channel);
        var local = peers.Caller.CreateDataChannel("reentry");
        WatchChannel(peers.Caller, local);

        // The flow raises every hooked event; once the reentry happened, later steps may fail: that is expected.
        // NegotiationNeeded first: an offer started before that event runs makes it stale (webrtc-pc, Chrome).
        var steps = new Func<Task>[]
        {
            () => hook == Hook.NegotiationNeeded ? handled.Task : Task.CompletedTask,
            () => peers.NegotiateAsync(),
            () => local.WaitForOpenAsync(),
            async () => (await remote.Task).Send(new byte[1000]),
            async () => await (await remote.Task).WaitForOpenAsync(),
            () => { local.Send("hello"); return Task.CompletedTask; },
            () => local.WaitForBufferedAmountLowAsync(),
            () => { local.Close(); return Task.CompletedTask; },
            async () => await (await remote.Task).WaitForClosedAsync(),
        };
        // Once the reentry happened, later steps may wait for what will never come (the other peer only notices
        // a closed peer after ICE consent expires): each step then gets half a second more at most.
        var afterReentry = handled.Task.ContinueWith(_ => Task.Delay(500), TaskScheduler.Default).Unwrap();
        foreach (var step in steps)
        {
            Task task;
            try
            {
                task = step();
            }
            catch (Exception) when (Volatile.Read(ref fired) != 0)
            {
                break;
            }

            if (await Task.WhenAny(task, afterReentry, Task.Delay(TimeSpan.FromSeconds(5))) != task)
            {
                Assert.That(Volatile.Read(ref fired), Is.Not.Zero, $"step {Array.IndexOf(steps, step)} did not finish before the {hook} event");
                break;
            }

            try
            {
                await task;
            }
            catch (Exception) when (Volatile.Read(ref fired) != 0)
            {
                break;
            }
        }

        var elapsed = await handled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100); // events that were queued could still show up here
        using (Assert.EnterMultipleScope())
        {
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "Close/Dispose inside a handler took too long");
            Assert.That(afterward, Is.Empty);
            if (reentry is Reentry.DisposeConnection or Reentry.DisposeChannel)
            {
                Assert.That(eventsAfter, Is.Empty, "events after Dispose");
            }
            else if (reentry == Reentry.CloseConnection)
            {
                // After close() only the channels' closing events (webrtc-pc).
                Assert.That(eventsAfter, Has.All.AnyOf(nameof(Hook.Closing), nameof(Hook.Closed)));
                Assert.That(eventsAfter, Has.None.AnyOf(nameof(Hook.SignalingStateChange), nameof(Hook.ConnectionStateChange),
                    nameof(Hook.IceConnectionStateChange), nameof(Hook.IceCandidate), nameof(Hook.NegotiationNeeded), nameof(Hook.DataChannel)));
            }
        }
    }

    [Test]
    public async Task MembersMayBeCalledFromManyThreadsAtOnceWhileTheConnectionCloses()
    {
        using var factory = TestFactory.CreateLoopback();
        var channels = await ConnectedChannels.OpenAsync(factory);
        var unexpected = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var caller = channels.Peers.Caller;
        var local = channels.Local;

        void Hammer(int worker)
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    switch (random.Next(10))
                    {
                        case 0: local.Send("x"); break;
                        case 1: local.Send(new byte[random.Next(0, 70_000)]); break;
                        case 2: _ = local.BufferedAmount + (ulong)local.ReadyState + (local.Id ?? 0); break;
                        case 3: _ = caller.LocalDescription?.Sdp.Length + caller.RemoteDescription?.Sdp.Length; break;
                        case 4: _ = caller.SignalingState.ToString() + caller.ConnectionState + caller.IceGatheringState; break;
                        case 5:
                            try
                            {
                                caller.CreateDataChannel($"w{worker}").Dispose();
                            }
                            catch (RTCException exception) when (exception.ErrorName == "OperationError")
                            {
                                // webrtc-pc: no free SCTP stream id (closing channels still hold theirs) is an OperationError.
                            }

                            break;
                        case 6: caller.CreateOfferAsync().ContinueWith(t => Check(t.Exception?.InnerException), TaskScheduler.Default); break;
                        case 7: local.BufferedAmountLowThreshold = (ulong)random.Next(1000); break;
                        case 8: _ = local.Label + local.Protocol + local.Ordered; break;
                        case 9: caller.RestartIce(); break;
                    }
                }
                catch (Exception exception)
                {
                    Check(exception);
                }
            }
        }

        void Check(Exception? exception)
        {
            // After Close or Dispose these are the documented outcomes, and a full send queue while the hammering
            // sends outpace the network (Chrome's "send queue is full"); anything else is a bug.
            if (exception is null or ObjectDisposedException or RTCException { ErrorName: "InvalidStateError" }
                || exception is RTCException { ErrorName: "OperationError" } full && full.Message.Contains("send queue is full", StringComparison.Ordinal))
            {
                return;
            }

            unexpected.Enqueue(exception);
        }

        var workers = Enumerable.Range(0, 6).Select(i => Task.Factory.StartNew(() => Hammer(i), TaskCreationOptions.LongRunning)).ToArray();
        await Task.Delay(300);
        var closers = new[]
        {
            Task.Run(caller.Close),
            Task.Run(local.Close),
            Task.Run(channels.Remote.Dispose),
            Task.Run(channels.Peers.Callee.Dispose),
        };
        await Task.WhenAll(closers).WithTimeout();
        await Task.Delay(200);
        await Task.WhenAll(Task.Run(caller.Dispose), Task.Run(local.Dispose), Task.Run(caller.Dispose)).WithTimeout();
        await Task.Delay(100);
        stop.Cancel();
        await Task.WhenAll(workers).WithTimeout();
        channels.Dispose();

        Assert.That(unexpected.Select(e => e.ToString()).Distinct(), Is.Empty);
    }

    [TestCase(1, TestName = "AHandlerBlockingOneSecondDelaysOnlyItsOwnConnection")]
    [TestCase(4, TestName = "FourHandlersBlockingOneSecondAtOnceDelayOnlyTheirOwnConnections")]
    public async Task BlockedHandlersDelayOnlyTheirOwnConnections(int blockedConnections)
    {
        using var factory = TestFactory.CreateLoopback();
        var slow = new List<ConnectedChannels>();
        using var fast = await ConnectedChannels.OpenAsync(factory);
        var blocked = new List<Task>();
        var slowReceived = new ConcurrentQueue<string>();
        try
        {
            for (var i = 0; i < blockedConnections; i++)
            {
                var pair = await ConnectedChannels.OpenAsync(factory);
                slow.Add(pair);
                var blockedHere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                blocked.Add(blockedHere.Task);
                pair.Remote.Message += (_, m) =>
                {
                    slowReceived.Enqueue(m.Text ?? "binary");
                    if (m.Text == "block")
                    {
                        blockedHere.TrySetResult();
                        Thread.Sleep(1000);
                    }
                };
            }

            var pong = new ConcurrentQueue<TaskCompletionSource>();
            fast.Remote.Message += (_, m) => fast.Remote.Send(m.Data);
            fast.Local.Message += (_, _) =>
            {
                if (pong.TryDequeue(out var waiter))
                {
                    waiter.TrySetResult();
                }
            };

            slow.ForEach(pair => pair.Local.Send("block"));
            await Task.WhenAll(blocked).WithTimeout();
            var blockedAt = Stopwatch.StartNew();

            // Sent while the slow sides' handlers sleep: the network still carries them (the senders' buffers drain).
            foreach (var pair in slow)
            {
                for (var i = 0; i < 10; i++)
                {
                    pair.Local.Send(new byte[50_000]);
                }
            }

            var roundTrips = new List<double>();
            while (blockedAt.ElapsedMilliseconds < 700)
            {
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                pong.Enqueue(waiter);
                var sent = Stopwatch.StartNew();
                fast.Local.Send("ping");
                await waiter.Task.WithTimeout();
                roundTrips.Add(sent.Elapsed.TotalMilliseconds);
            }

            var drained = await Timeouts.PollAsync(() => slow.All(pair => pair.Local.BufferedAmount == 0), TimeSpan.FromMilliseconds(250));
            var drainedWhileBlocked = drained && blockedAt.ElapsedMilliseconds < 1000;
            Assert.That(await Timeouts.PollAsync(() => slowReceived.Count == 11 * blockedConnections), Is.True,
                "the slow connections' messages arrive after the block");
            TestContext.Out.WriteLine($"{roundTrips.Count} round trips of another connection while {blockedConnections} handler(s) slept: " +
                $"median {roundTrips.Order().ElementAt(roundTrips.Count / 2):F2} ms, max {roundTrips.Max():F2} ms");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(roundTrips.Count, Is.GreaterThan(10));
                Assert.That(roundTrips.Max(), Is.LessThan(250), "the other connection's events were held back");
                Assert.That(drainedWhileBlocked, Is.True, "the blocked connections' network stalled too (their send buffers did not drain)");
            }
        }
        finally
        {
            slow.ForEach(pair => pair.Dispose());
        }
    }

    [Test]
    public void CreatingFactoriesLeavesTheThreadPoolMinimumAlone()
    {
        ThreadPool.GetMinThreads(out var before, out var beforePorts);
        ThreadPool.SetMinThreads(Environment.ProcessorCount, beforePorts);
        try
        {
            using var factory = TestFactory.CreateLoopback();
            using var connection = factory.CreatePeerConnection();
            ThreadPool.GetMinThreads(out var workers, out _);
            Assert.That(workers, Is.EqualTo(Environment.ProcessorCount), "a process-wide setting changed behind the application's back");
        }
        finally
        {
            ThreadPool.SetMinThreads(before, beforePorts);
        }
    }

    // No NUnit asserts inside handlers: they run on dispatcher threads outside the test's context.
    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }

    private static void ExpectDisposed(Func<object> member)
    {
        try
        {
            member();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        throw new InvalidOperationException("no ObjectDisposedException after Dispose");
    }

    private static void WatchConnection(RTCPeerConnection connection, string name, Action<string> record)
    {
        connection.SignalingStateChange += (_, _) => record($"{name} SignalingStateChange");
        connection.IceGatheringStateChange += (_, _) => record($"{name} IceGatheringStateChange");
        connection.IceCandidate += (_, _) => record($"{name} IceCandidate");
        connection.IceConnectionStateChange += (_, _) => record($"{name} IceConnectionStateChange");
        connection.ConnectionStateChange += (_, _) => record($"{name} ConnectionStateChange");
        connection.NegotiationNeeded += (_, _) => record($"{name} NegotiationNeeded");
        connection.DataChannel += (_, _) => record($"{name} DataChannel");
        connection.IceCandidateError += (_, _) => record($"{name} IceCandidateError");
    }

    private static void WatchChannel(RTCDataChannel channel, string name, Action<string> record)
    {
        channel.Open += (_, _) => record($"{name} Open");
        channel.Message += (_, _) => record($"{name} Message");
        channel.BufferedAmountLow += (_, _) => record($"{name} BufferedAmountLow");
        channel.Error += (_, _) => record($"{name} Error");
        channel.Closing += (_, _) => record($"{name} Closing");
        channel.Closed += (_, _) => record($"{name} Closed");
    }

    /// <summary>Like <see cref="PeerPair"/>, for two connections made by different factories.</summary>
    private sealed class PeerPairOf : IDisposable
    {
        private readonly CandidateRelay _callerCandidates;
        private readonly CandidateRelay _calleeCandidates;

        public PeerPairOf(RTCPeerConnection caller, RTCPeerConnection callee)
        {
            Caller = caller;
            Callee = callee;
            _callerCandidates = new CandidateRelay(caller, callee);
            _calleeCandidates = new CandidateRelay(callee, caller);
        }

        public RTCPeerConnection Caller { get; }

        public RTCPeerConnection Callee { get; }

        public async Task NegotiateAsync()
        {
            var offer = await Caller.CreateOfferAsync().WithTimeout();
            await Caller.SetLocalDescriptionAsync(offer).WithTimeout();
            await Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
            _callerCandidates.RemoteDescriptionSet();
            var answer = await Callee.CreateAnswerAsync().WithTimeout();
            await Callee.SetLocalDescriptionAsync(answer).WithTimeout();
            await Caller.SetRemoteDescriptionAsync(answer).WithTimeout();
            _calleeCandidates.RemoteDescriptionSet();
        }

        public void Dispose()
        {
            Caller.Dispose();
            Callee.Dispose();
        }
    }
}
