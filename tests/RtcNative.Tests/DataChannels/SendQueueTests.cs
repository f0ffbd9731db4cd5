using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>
/// Issue 7, "Data lost silently": a send past libwebrtc's 16 MiB send queue used to return while libwebrtc dropped
/// the message, leaving BufferedAmount inflated forever. Chrome 156 throws OperationError "RTCDataChannel send queue
/// is full" at bufferedAmount + size > 16 MiB, does not count the refused message, keeps the channel open and
/// delivers everything it accepted.
/// </summary>
public sealed class SendQueueTests : LoopbackFixture
{
    private const int QueueBytes = 16 * 1024 * 1024;
    private const int MessageBytes = 64 * 1024;

    [Test]
    public async Task ASendPastTheQueueThrowsOperationErrorAndEverythingAcceptedArrives()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, init: new RTCDataChannelInit { Ordered = true });
        var received = new ConcurrentQueue<int>();
        channels.Remote.MessageReceived += (_, data, _) => received.Enqueue(BitConverter.ToInt32(data));

        var message = new byte[MessageBytes];
        RTCException? full = null;
        var accepted = 0;
        ulong bufferedAtRefusal = 0;
        for (var i = 0; i < 4 * QueueBytes / MessageBytes && full is null; i++) // bounded: four queues' worth
        {
            BitConverter.TryWriteBytes(message, i);
            try
            {
                channels.Local.Send(message);
                accepted++;
            }
            catch (RTCException exception)
            {
                full = exception;
                bufferedAtRefusal = channels.Local.BufferedAmount;
            }
        }

        Assert.That(full, Is.Not.Null, $"{accepted} messages of {MessageBytes} bytes were accepted without a refusal");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(full!.ErrorName, Is.EqualTo("OperationError"));
            Assert.That(full.Message, Does.Contain("send queue is full"));
            Assert.That(bufferedAtRefusal, Is.LessThanOrEqualTo((ulong)accepted * MessageBytes), "the refused message was counted");
            Assert.That(bufferedAtRefusal + MessageBytes, Is.GreaterThan((ulong)QueueBytes), "refused while there was room");
            Assert.That(channels.Local.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
        }

        // Everything accepted arrives, in order, and the buffer drains to zero; the channel keeps working.
        Assert.That(await Timeouts.PollAsync(() => received.Count == accepted), Is.True, $"{received.Count} of {accepted} arrived");
        await channels.Local.WaitForBufferedAmountLowAsync().WithTimeout();
        BitConverter.TryWriteBytes(message, accepted);
        channels.Local.Send(message);
        Assert.That(await Timeouts.PollAsync(() => received.Count == accepted + 1), Is.True, "the channel stopped working after the refusal");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received, Is.EqualTo(Enumerable.Range(0, accepted + 1)));
            Assert.That(channels.Local.BufferedAmount, Is.EqualTo(0UL).Or.LessThanOrEqualTo((ulong)MessageBytes));
        }
    }

    [Test] // a window larger than the send queue would have libwebrtc drop the overflow
    public async Task StreamOptionsWhoseWindowExceedsTheSendQueueAreRefused()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        Assert.That(() => channels.Local.AsStream(new RTCDataChannelStreamOptions { HighWaterMark = 32 * 1024 * 1024, LowWaterMark = 1024 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => channels.Local.AsDuplexPipe(new RTCDataChannelStreamOptions { HighWaterMark = QueueBytes, LowWaterMark = 1024 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test] // the stream waits and sends again when another sender filled the queue: not one byte lost
    public async Task AStreamWithTheWidestWindowLosesNothingWhileAnotherSenderFillsTheQueue()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var streamed = new MemoryStream();
        var textMessages = 0;
        var streamEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Remote.Message += (_, e) =>
        {
            if (!e.IsBinary)
            {
                Interlocked.Increment(ref textMessages);
                return;
            }

            lock (streamed)
            {
                streamed.Write(e.Data);
                if (streamed.Length == Payload.Length)
                {
                    streamEnded.TrySetResult();
                }
            }
        };

        // The widest window the send queue allows: the stream sends while the queue is nearly full, so another
        // sender's burst can leave no room for its next message.
        await using var stream = channels.Local.AsStream(new RTCDataChannelStreamOptions
        {
            LeaveOpen = true,
            HighWaterMark = QueueBytes - MessageBytes,
            LowWaterMark = QueueBytes / 2,
        });
        var rawSent = 0;
        var rawRefused = 0;
        var flooder = Task.Run(async () =>
        {
            var text = new string('x', 32 * 1024);
            while (rawRefused < 300) // bounded: it stops after enough refusals
            {
                try
                {
                    channels.Local.Send(text);
                    rawSent++;
                }
                catch (RTCException exception) when (exception.ErrorName == "OperationError")
                {
                    rawRefused++;
                    await Task.Delay(2);
                }
            }
        });

        await stream.WriteAsync(Payload).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        await streamEnded.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await flooder.WaitAsync(TimeSpan.FromSeconds(60));

        TestContext.Out.WriteLine($"flooder: {rawSent} sent, {rawRefused} refused; stream: {Payload.Length} bytes");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rawRefused, Is.GreaterThan(0), "the flooder never filled the queue: the test proved nothing");
            Assert.That(streamed.ToArray().AsSpan().SequenceEqual(Payload), Is.True, "the stream's bytes differ from what was written");
        }

        Assert.That(await Timeouts.PollAsync(() => Volatile.Read(ref textMessages) == rawSent), Is.True,
            $"{textMessages} of {rawSent} accepted text messages arrived");
    }

    private static readonly byte[] Payload = MakePayload(24 * 1024 * 1024);

    private static byte[] MakePayload(int length)
    {
        var bytes = new byte[length];
        new Random(11).NextBytes(bytes);
        return bytes;
    }
}
