using System.Diagnostics;

namespace RtcNative.Tests;

// Issue 7: "Many connections on one factory break the process": 20 pairs connecting at once on one factory held
// thousands of sockets (every new connection made the others' allocator sessions gather again) until channels
// never opened or the process died. Now each connection sees the factory's networks through its own view, which
// forwards only real network changes.
public sealed class ManyConnectionsTests
{
    private const int Pairs = 64;
    private const int MessageBytes = 100;
    private static readonly TimeSpan SendingTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SetupLimit = TimeSpan.FromSeconds(60);

    [Test]
    public async Task SixtyFourPairsOnOneFactoryConnectExchangeDataAndHoldDescriptorsInProportion()
    {
        var descriptorsBefore = OpenDescriptors();
        await using var factory = TestFactory.CreateLoopback();
        var pairs = new List<ConnectedChannels>(Pairs);
        try
        {
            // All at once: every pair negotiates and trickles concurrently (candidates wait for the remote description).
            var setup = Stopwatch.StartNew();
            var opening = Enumerable.Range(0, Pairs).Select(i => Task.Run(() => ConnectedChannels.OpenAsync(factory, $"pair {i}"))).ToArray();
            var all = Task.WhenAll(opening);
            await Task.WhenAny(all, Task.Delay(SetupLimit));
            pairs.AddRange(opening.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            Assert.That(all.IsCompletedSuccessfully, Is.True,
                $"{pairs.Count} of {Pairs} pairs opened their channel within {SetupLimit.TotalSeconds} s ({Describe(all)})");
            var setupTime = setup.Elapsed;
            var descriptorsConnected = OpenDescriptors();

            // Every channel sends small messages for a while; every message arrives, in order, on its own channel.
            var received = new long[Pairs];
            var outOfOrder = 0;
            for (var i = 0; i < Pairs; i++)
            {
                var index = i;
                long expected = 0;
                pairs[i].Remote.MessageReceived += (_, data, _) =>
                {
                    if (BitConverter.ToInt64(data) != expected++)
                    {
                        Interlocked.Increment(ref outOfOrder);
                    }

                    Interlocked.Increment(ref received[index]);
                };
            }

            var sent = await Task.WhenAll(pairs.Select(pair => Task.Run(() => SendForAsync(pair.Local)))).WithTimeout();
            await WaitUntilAsync(() => Enumerable.Range(0, Pairs).All(i => Volatile.Read(ref received[i]) == sent[i]), TimeSpan.FromSeconds(30));
            var descriptorsAfter = OpenDescriptors();

            var total = received.Sum();
            TestContext.Out.WriteLine($"{Pairs} pairs: set up in {setupTime.TotalSeconds:F1} s; descriptors {descriptorsBefore} before, " +
                $"{descriptorsConnected} connected, {descriptorsAfter} after sending; {total} messages " +
                $"({total / SendingTime.TotalSeconds / 1000:F0}k msg/s aggregate)");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(received, Is.EqualTo(sent), "messages received per channel");
                Assert.That(outOfOrder, Is.Zero, "messages out of order");
                Assert.That(sent, Has.All.GreaterThan(0));
                // Per connection: a UDP socket and a TCP listener on loopback, TCP connections between the pair's
                // candidates, and a few process-wide ones. Thousands before the fix.
                Assert.That(descriptorsConnected - descriptorsBefore, Is.LessThanOrEqualTo(12 * 2 * Pairs), "descriptors while connected");
                Assert.That(descriptorsAfter - descriptorsBefore, Is.LessThanOrEqualTo(12 * 2 * Pairs), "descriptors after sending");
            }
        }
        finally
        {
            pairs.ForEach(pair => pair.Dispose());
        }
    }

    private static async Task<long> SendForAsync(RTCDataChannel channel)
    {
        var message = new byte[MessageBytes];
        long count = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < SendingTime)
        {
            if (channel.BufferedAmount > 256 * 1024)
            {
                await channel.WaitForBufferedAmountLowAsync().WithTimeout();
                continue;
            }

            BitConverter.TryWriteBytes(message, count);
            channel.Send(message);
            count++;
            if (count % 64 == 0)
            {
                await Task.Yield();
            }
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition() && stopwatch.Elapsed < limit)
        {
            await Task.Delay(50);
        }
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    private static string Describe(Task task) =>
        task.Exception?.InnerExceptions.FirstOrDefault()?.Message ?? (task.IsCompleted ? "done" : "still opening");
}
