using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;

namespace RtcNative.Tests;

// Beyond the browser: RTCDataChannel as a Stream and an IDuplexPipe, and the awaitable helpers.
public sealed class StreamTests : LoopbackFixture
{
    [Test]
    public async Task StreamCarriesBytesInOrderAndSplitsLongWritesIntoMessages()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var largest = 0;
        channels.Remote.Message += (_, e) => InterlockedMax(ref largest, e.Data.Length);
        await using var writer = channels.Local.AsStream();
        await using var reader = channels.Remote.AsStream();

        var data = RandomBytes(3 * 1024 * 1024 + 17, seed: 1);
        var sizes = new Random(2);
        var reading = ReadExactlyAsync(reader, data.Length);
        for (var offset = 0; offset < data.Length;)
        {
            // Small writes and writes far above the 64 KiB message size.
            var length = Math.Min(data.Length - offset, sizes.Next(2) == 0 ? sizes.Next(1, 2000) : sizes.Next(64 * 1024, 400 * 1024));
            await writer.WriteAsync(data.AsMemory(offset, length)).AsTask().WithTimeout();
            offset += length;
        }

        var received = await reading.WithTimeout();
        Assert.That(SHA256.HashData(received), Is.EqualTo(SHA256.HashData(data)), "bytes differ");
        Assert.That(largest, Is.EqualTo(64 * 1024), "the largest message is the configured maximum");
    }

    [Test] // a remote peer that accepts less than the options' MaxMessageSize lowers it: nothing is rejected
    public async Task WritesAreSplitAtTheRemoteMaxMessageSize()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory,
            editAnswer: sdp => DataChannelSpecTests.WithMaxMessageSize(sdp, "a=max-message-size:1024"));
        var largest = 0;
        channels.Remote.Message += (_, e) => InterlockedMax(ref largest, e.Data.Length);
        using var writer = channels.Local.AsStream(new RTCDataChannelStreamOptions { LeaveOpen = true });
        using var reader = channels.Remote.AsStream(new RTCDataChannelStreamOptions { LeaveOpen = true });
        var data = RandomBytes(10_000, seed: 5);

        await writer.WriteAsync(data).AsTask().WithTimeout();
        var received = new byte[data.Length];
        await reader.ReadExactlyAsync(received).AsTask().WithTimeout();

        Assert.That(received.AsSpan().SequenceEqual(data), Is.True, "bytes differ");
        Assert.That(largest, Is.EqualTo(1024), "the largest message is the remote limit");
    }

    [Test]
    public async Task BlockingReadAndWriteWorkFromOtherThreads()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        using var writer = channels.Local.AsStream(new RTCDataChannelStreamOptions { MaxMessageSize = 16 * 1024 });
        using var reader = channels.Remote.AsStream();
        var data = RandomBytes(1024 * 1024, seed: 3);

        var readTask = Task.Factory.StartNew(() =>
        {
            var received = new byte[data.Length];
            var total = 0;
            while (total < received.Length)
            {
                var read = reader.Read(received, total, received.Length - total);
                Assert.That(read, Is.Positive);
                total += read;
            }

            return received;
        }, TaskCreationOptions.LongRunning);
        await Task.Factory.StartNew(() => writer.Write(data), TaskCreationOptions.LongRunning).WithTimeout();

        Assert.That((await readTask.WithTimeout()).AsSpan().SequenceEqual(data), Is.True, "bytes differ");
    }

    [Test]
    public async Task WriteWaitsWhileBufferedAmountIsAboveTheHighWaterMark()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var options = new RTCDataChannelStreamOptions { HighWaterMark = 256 * 1024, LowWaterMark = 64 * 1024 };
        await using var writer = channels.Local.AsStream(options);
        await using var reader = channels.Remote.AsStream();
        var data = RandomBytes(2 * 1024 * 1024, seed: 4);

        // With the sender's events held back, BufferedAmount cannot fall: the write must stop at the high-water mark.
        Task write;
        channels.Peers.Caller.Dispatcher.Pause();
        try
        {
            write = writer.WriteAsync(data).AsTask();
            await Task.Delay(300);
            Assert.That(write.IsCompleted, Is.False, "the write did not wait for BufferedAmountLow");
            Assert.That(channels.Local.BufferedAmount, Is.InRange(options.HighWaterMark, options.HighWaterMark + (ulong)options.MaxMessageSize));
        }
        finally
        {
            channels.Peers.Caller.Dispatcher.Resume();
        }

        await write.WithTimeout();
        Assert.That((await ReadExactlyAsync(reader, data.Length).WithTimeout()).AsSpan().SequenceEqual(data), Is.True, "bytes differ");
        Assert.That(channels.Local.BufferedAmountLowThreshold, Is.EqualTo(options.LowWaterMark));
    }

    [Test]
    public async Task ReadEndsAfterTheLastBytesWhenTheRemoteClosesAndWriteThenFails()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        await using var writer = channels.Local.AsStream();
        await using var reader = channels.Remote.AsStream();

        await writer.WriteAsync("last words"u8.ToArray()).AsTask().WithTimeout();
        channels.Local.Close();

        var received = await ReadToEndAsync(reader).WithTimeout();
        Assert.That(received, Is.EqualTo("last words"u8.ToArray()));
        Assert.That(await reader.ReadAsync(new byte[1]).AsTask().WithTimeout(), Is.Zero, "end of stream stays");
        Assert.That(async () => await writer.WriteAsync(new byte[1]).AsTask().WithTimeout(), Throws.TypeOf<IOException>());
    }

    [Test]
    public async Task DisposingTheStreamClosesTheChannelUnlessLeaveOpen()
    {
        using (var channels = await ConnectedChannels.OpenAsync(Factory))
        {
            var kept = channels.Local.AsStream(new RTCDataChannelStreamOptions { LeaveOpen = true });
            await kept.DisposeAsync();
            Assert.That(channels.Local.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
            Assert.That(() => kept.WriteAsync(new byte[1]).AsTask(), Throws.TypeOf<ObjectDisposedException>());

            var owning = channels.Local.AsStream();
            await owning.DisposeAsync();
            Assert.That(channels.Local.ReadyState, Is.AnyOf(RTCDataChannelState.Closing, RTCDataChannelState.Closed));
            await channels.Remote.WaitForClosedAsync().WithTimeout();
        }
    }

    [Test]
    public async Task APendingReadEndsWhenTheChannelIsDisposedWithoutAnEvent()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var reader = channels.Remote.AsStream();
        var read = reader.ReadAsync(new byte[16]).AsTask();
        await Task.Delay(50);
        channels.Remote.Dispose(); // raises no Closed event

        Assert.That(await read.WithTimeout(), Is.Zero);
    }

    [Test]
    public async Task CancelingAReadLosesNoBytes()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        await using var reader = channels.Remote.AsStream();
        using (var cancel = new CancellationTokenSource(100))
        {
            Assert.That(async () => await reader.ReadAsync(new byte[8], cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        }

        channels.Local.Send([1, 2, 3]);
        var buffer = new byte[8];
        var read = await reader.ReadAsync(buffer).AsTask().WithTimeout();
        Assert.That(buffer[..read], Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task AWriteOnAConnectingChannelWaitsUntilItOpens()
    {
        using var peers = new PeerPair(Factory);
        var local = peers.Caller.CreateDataChannel("early");
        await using var writer = local.AsStream();
        var remoteStream = new TaskCompletionSource<RTCDataChannelStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        peers.Callee.DataChannel += (_, e) => remoteStream.TrySetResult(e.Channel.AsStream()); // before any message can arrive

        var write = writer.WriteAsync("sent before open"u8.ToArray()).AsTask();
        Assert.That(write.IsCompleted, Is.False);
        await peers.NegotiateAsync();
        await write.WithTimeout();

        await using var reader = await remoteStream.Task.WithTimeout();
        Assert.That(await ReadExactlyAsync(reader, 16).WithTimeout(), Is.EqualTo("sent before open"u8.ToArray()));
    }

    [Test]
    public async Task DuplexPipeEchoesThroughThePeerAndCompletesWhenOutputCompletes()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var local = channels.Local.AsDuplexPipe();
        var remote = channels.Remote.AsDuplexPipe();

        // The remote side echoes everything back until its input ends.
        var echo = Task.Run(async () =>
        {
            while (true)
            {
                var result = await remote.Input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    await remote.Output.WriteAsync(segment);
                }

                remote.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        });

        var data = RandomBytes(2 * 1024 * 1024 + 5, seed: 5);
        var reading = Task.Run(async () =>
        {
            var received = new ArrayBufferWriter<byte>(data.Length);
            while (received.WrittenCount < data.Length)
            {
                var result = await local.Input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    received.Write(segment.Span);
                }

                local.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            return received.WrittenSpan.ToArray();
        });
        for (var offset = 0; offset < data.Length; offset += 100_000)
        {
            var flush = await local.Output.WriteAsync(data.AsMemory(offset, Math.Min(100_000, data.Length - offset))).AsTask().WithTimeout();
            Assert.That(flush.IsCompleted, Is.False);
        }

        Assert.That(SHA256.HashData(await reading.WithTimeout()), Is.EqualTo(SHA256.HashData(data)));

        // Completing the output sends what is pending, then closes the channel: the remote input ends.
        await local.Output.CompleteAsync();
        await local.Sending.WithTimeout();
        await echo.WithTimeout();
        await channels.Local.WaitForClosedAsync().WithTimeout();
        await local.DisposeAsync();
        await remote.DisposeAsync();
    }

    [Test]
    public async Task PipeOutputIsCoalescedIntoMessagesOfAtMostTheMaximumSize()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var sizes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        channels.Remote.Message += (_, e) => sizes.Enqueue(e.Data.Length);
        var options = new RTCDataChannelStreamOptions { MaxMessageSize = 10_000 };
        await using var local = channels.Local.AsDuplexPipe(options);

        // 1000 writes of 100 bytes, flushed once.
        for (var i = 0; i < 1000; i++)
        {
            local.Output.Write(new byte[100]);
        }

        await local.Output.FlushAsync().AsTask().WithTimeout();
        Assert.That(await Timeouts.PollAsync(() => sizes.Sum() == 100_000), Is.True, $"{sizes.Sum()} bytes arrived");
        Assert.That(sizes, Has.All.LessThanOrEqualTo(10_000));
        Assert.That(sizes.Count, Is.LessThan(100), "small writes are coalesced");
    }

    [Test]
    public async Task WaitForOpenAsyncCompletesOnOpenAndFaultsWhenTheChannelClosesFirst()
    {
        using var peers = new PeerPair(Factory);
        var channel = peers.Caller.CreateDataChannel("wait");
        var open = channel.WaitForOpenAsync();
        Assert.That(open.IsCompleted, Is.False);
        await peers.NegotiateAsync();
        await open.WithTimeout();
        Assert.That(channel.WaitForOpenAsync().IsCompletedSuccessfully, Is.True, "already open: completes at once");

        var never = peers.Caller.CreateDataChannel("never");
        never.Close();
        var error = await Assert.ThrowsAsync<RTCException>(() => never.WaitForOpenAsync().WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));

        using var other = new PeerPair(Factory);
        var pending = other.Caller.CreateDataChannel("pending");
        using var cancel = new CancellationTokenSource(100);
        Assert.That(async () => await pending.WaitForOpenAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        var disposedWhileWaiting = pending.WaitForOpenAsync();
        pending.Dispose();
        Assert.That(async () => await disposedWhileWaiting.WithTimeout(), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task ConnectionStateHelpersCompleteOnTheStateAndFaultOnClose()
    {
        using var peers = new PeerPair(Factory);
        peers.Caller.CreateDataChannel("state");
        var connected = peers.Caller.WaitForConnectionStateAsync(RTCPeerConnectionState.Connected);
        var iceConnected = peers.Callee.WaitForIceConnectionStateAsync(RTCIceConnectionState.Connected);
        var stable = peers.Caller.WaitForSignalingStateAsync(RTCSignalingState.HaveLocalOffer);
        await peers.NegotiateAsync();
        await Task.WhenAll(connected, iceConnected, stable).WithTimeout();
        await peers.Caller.WaitForIceGatheringCompleteAsync().WithTimeout();
        Assert.That(peers.Caller.LocalDescription!.Sdp, Does.Contain("a=candidate:"));

        // A local Close raises no event: the helper still notices.
        var failedWait = peers.Callee.WaitForConnectionStateAsync(RTCPeerConnectionState.Disconnected);
        var closedWait = peers.Callee.WaitForConnectionStateAsync(RTCPeerConnectionState.Closed);
        peers.Callee.Close();
        var error = await Assert.ThrowsAsync<RTCException>(() => failedWait.WithTimeout());
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
        await closedWait.WithTimeout();
        Assert.That(async () => await peers.Callee.WaitForSignalingStateAsync(RTCSignalingState.Stable), Throws.TypeOf<RTCException>());

        using var fresh = Factory.CreatePeerConnection();
        using var cancel = new CancellationTokenSource(50);
        var canceled = fresh.WaitForConnectionStateAsync(RTCPeerConnectionState.Connected, cancel.Token);
        Assert.That(async () => await canceled, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(canceled.IsCanceled, Is.True);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static void InterlockedMax(ref int location, int value)
    {
        int current;
        while ((current = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }
}
