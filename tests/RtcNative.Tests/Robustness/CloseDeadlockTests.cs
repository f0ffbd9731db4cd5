namespace RtcNative.Tests;

/// <summary>
/// Issue 7, "Close() deadlocks": with one libwebrtc thread, M109's close waited on that thread for the network part
/// of a pending stats request, which the same thread would have had to produce. 4 threads looping GetStatsAsync while
/// a 5th closed hung 2 runs in 3; 200 threads on one pair hung 2 runs in 10. Close, Dispose and the factory's
/// disposal must always come back.
/// </summary>
public sealed class CloseDeadlockTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Test]
    public async Task CloseWhileFourThreadsLoopGetStatsAlwaysReturns()
    {
        for (var round = 0; round < 8; round++)
        {
            var factory = TestFactory.CreateLoopback();
            var channels = await ConnectedChannels.OpenAsync(factory);
            var caller = channels.Peers.Caller;
            using var stop = new CancellationTokenSource();
            var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await caller.GetStatsAsync().WaitAsync(Bound);
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            })).ToArray();

            await Task.Delay(50 + 20 * round);
            await Task.Run(caller.Close).WaitAsync(Bound); // hung forever before
            await stop.CancelAsync();
            await Task.WhenAll(loops).WaitAsync(Bound);
            await Task.Run(() =>
            {
                channels.Peers.Callee.Dispose();
                caller.Dispose();
            }).WaitAsync(Bound);
            await factory.DisposeAsync().AsTask().WaitAsync(Bound);
        }
    }

    [Test]
    public async Task TwoHundredThreadsSendingClosingDisposingAndAskingForStatsNeverHang()
    {
        for (var round = 0; round < 4; round++)
        {
            var factory = TestFactory.CreateLoopback();
            var channels = await ConnectedChannels.OpenAsync(factory);
            var caller = channels.Peers.Caller;
            var callee = channels.Peers.Callee;
            using var start = new ManualResetEventSlim();
            var unexpected = 0;
            var threads = Enumerable.Range(0, 200).Select(i => new Thread(() =>
            {
                start.Wait();
                var random = new Random(i + 1000 * round);
                for (var step = 0; step < 20; step++)
                {
                    try
                    {
                        switch (random.Next(8))
                        {
                            case 0: caller.Close(); break;
                            case 1: channels.Local.Close(); break;
                            case 2: channels.Remote.Dispose(); break;
                            case 3: if (random.Next(4) == 0) { callee.Dispose(); } break;
                            case 4: _ = caller.GetStatsAsync(); break;
                            case 5: _ = callee.GetStatsAsync(); break;
                            default: channels.Local.Send(new byte[random.Next(0, 2000)]); break;
                        }
                    }
                    catch (Exception exception) when (exception is ObjectDisposedException
                        or RTCException { ErrorName: "InvalidStateError" or "OperationError" })
                    {
                        // The documented outcomes once closed or disposed (and a full send queue).
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref unexpected);
                    }
                }
            }) { IsBackground = true }).ToList();
            threads.ForEach(thread => thread.Start());
            start.Set();

            var joined = await Task.Run(() => threads.All(thread => thread.Join(Bound))).WaitAsync(Bound * 2);
            Assert.That(joined, Is.True, $"round {round}: a thread hung");
            await Task.Run(() =>
            {
                caller.Dispose();
                callee.Dispose();
            }).WaitAsync(Bound);
            await factory.DisposeAsync().AsTask().WaitAsync(Bound);
            Assert.That(unexpected, Is.Zero, $"round {round}: unexpected exceptions");
        }
    }
}
