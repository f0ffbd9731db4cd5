// RtcNative demo: two peer connections in one process ("alice" and "bob") open a data channel
// and chat. It is the whole WebRTC handshake; a real app would carry the offer, the answer and
// the ICE candidates over its own signaling channel instead of handing them over in memory.
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using RtcNative;

var clock = Stopwatch.StartNew();
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // also cancelled on a background error
Exception? backgroundError = null;
void Log(string who, string what) => Console.WriteLine($"[{clock.ElapsedMilliseconds,5} ms] {who}: {what}");

try
{
    using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = true,              // both peers are on this machine,
        NetworkInterfaces = new[] { "lo" },  // so loopback is all they need
    });
    using var alice = factory.CreatePeerConnection();
    using var bob = factory.CreatePeerConnection();
    alice.ConnectionStateChange += (_, state) => Log("alice", $"connection state {state}");
    bob.ConnectionStateChange += (_, state) => Log("bob", $"connection state {state}");

    // ICE candidates go to the other peer once it has the remote description they belong to.
    var aliceHasRemote = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var bobHasRemote = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    Trickle(alice, "alice", bob, bobHasRemote.Task);
    Trickle(bob, "bob", alice, aliceHasRemote.Task);

    // Alice creates the channel; bob learns about it from his DataChannel event.
    using var aliceChannel = alice.CreateDataChannel("chat");
    var aliceOpen = Opened(aliceChannel, "alice");
    var aliceInbox = Receive(aliceChannel, "alice", expected: 3);
    var bobSide = new TaskCompletionSource<(RTCDataChannel, Task, Task<List<RTCMessageEventArgs>>)>(
        TaskCreationOptions.RunContinuationsAsynchronously);
    bob.DataChannel += (_, e) =>
    {
        Log("bob", $"alice opened data channel \"{e.Channel.Label}\"");
        // Subscribe inside the handler: the channel raises no event before the handler returns.
        bobSide.TrySetResult((e.Channel, Opened(e.Channel, "bob"), Receive(e.Channel, "bob", expected: 3)));
    };

    // Offer/answer.
    var offer = await alice.CreateOfferAsync(null, deadline.Token);
    Log("alice", $"created offer ({Encoding.UTF8.GetByteCount(offer.Sdp ?? "")} bytes of SDP)");
    await alice.SetLocalDescriptionAsync(offer, deadline.Token);
    await bob.SetRemoteDescriptionAsync(offer, deadline.Token);
    bobHasRemote.SetResult();
    Log("bob", "applied alice's offer");
    var answer = await bob.CreateAnswerAsync(null, deadline.Token);
    Log("bob", $"created answer ({Encoding.UTF8.GetByteCount(answer.Sdp ?? "")} bytes of SDP)");
    await bob.SetLocalDescriptionAsync(answer, deadline.Token);
    await alice.SetRemoteDescriptionAsync(answer, deadline.Token);
    aliceHasRemote.SetResult();
    Log("alice", "applied bob's answer: negotiation done, connecting");

    await aliceOpen.WaitAsync(deadline.Token);
    var (ch, bobOpen, bobInbox) = await bobSide.Task.WaitAsync(deadline.Token);
    using var bobChannel = ch;
    await bobOpen.WaitAsync(deadline.Token);

    // Chat: text both ways, then one binary message.
    string[] aliceLines = { "hi bob", "how are you?" }, bobLines = { "hello alice", "fine, thanks" };
    foreach (var line in aliceLines) { aliceChannel.Send(line); Log("alice", $"sent \"{line}\""); }
    foreach (var line in bobLines) { bobChannel.Send(line); Log("bob", $"sent \"{line}\""); }
    aliceChannel.Send("here comes a file");
    Log("alice", "sent \"here comes a file\"");
    var file = new byte[100_000];
    for (int i = 0; i < file.Length; i++) file[i] = (byte)(i * 7 + i / 256);
    bobChannel.Send(file);
    Log("bob", $"sent {file.Length} bytes of binary");

    var atAlice = await aliceInbox.WaitAsync(deadline.Token);
    var atBob = await bobInbox.WaitAsync(deadline.Token);
    if (!atAlice.Select(m => m.Text).Take(2).SequenceEqual(bobLines) || !atAlice[2].IsBinary
        || !atAlice[2].Data.AsSpan().SequenceEqual(file)
        || !atBob.Select(m => m.Text).SequenceEqual(aliceLines.Append("here comes a file")))
        throw new InvalidOperationException("a message arrived changed or out of order");
    Log("demo", "every message arrived intact and in order");

    // Goodbye: closing one end closes the other.
    var bobClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    bobChannel.Closed += (_, _) => { Log("bob", "channel closed"); bobClosed.TrySetResult(); };
    aliceChannel.Close();
    Log("alice", "closed the channel");
    await bobClosed.Task.WaitAsync(deadline.Token);
    alice.Close();
    bob.Close();
    Log("demo", "done");
    return 0;
}
catch (OperationCanceledException) when (deadline.IsCancellationRequested)
{
    Console.Error.WriteLine(backgroundError is null ? "failed: timed out after 30 s" : $"failed: {backgroundError}");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"failed: {e}");
    return 1;
}

// Hands every candidate `from` gathers to `to`, in order; null means end of candidates.
void Trickle(RTCPeerConnection from, string name, RTCPeerConnection to, Task toHasRemote)
{
    var queue = Channel.CreateUnbounded<RTCIceCandidate?>();
    from.IceCandidate += (_, e) => queue.Writer.TryWrite(e.Candidate);
    _ = Task.Run(async () =>
    {
        try
        {
            await toHasRemote.WaitAsync(deadline.Token);
            await foreach (var c in queue.Reader.ReadAllAsync(deadline.Token))
            {
                await to.AddIceCandidateAsync(c is null ? null : new RTCIceCandidateInit
                {
                    Candidate = c.Candidate, SdpMid = c.SdpMid,
                    SdpMLineIndex = c.SdpMLineIndex, UsernameFragment = c.UsernameFragment,
                }, deadline.Token);
                if (c is null) break; // end of candidates
            }
        }
        catch (Exception e) when (!deadline.IsCancellationRequested)
        {
            backgroundError = new Exception($"passing {name}'s ICE candidates: {e.Message}", e);
            deadline.Cancel();
        }
    });
}

// Completes when the channel is open (a channel announced by DataChannel may already be).
Task Opened(RTCDataChannel channel, string who)
{
    var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    void Done() { if (open.TrySetResult()) Log(who, $"channel \"{channel.Label}\" open"); }
    channel.Open += (_, _) => Done();
    if (channel.ReadyState == RTCDataChannelState.Open) Done();
    return open.Task;
}

// Prints what the channel receives; completes with the messages once `expected` arrived.
Task<List<RTCMessageEventArgs>> Receive(RTCDataChannel channel, string who, int expected)
{
    var inbox = new List<RTCMessageEventArgs>();
    var all = new TaskCompletionSource<List<RTCMessageEventArgs>>(TaskCreationOptions.RunContinuationsAsynchronously);
    channel.Message += (_, e) =>
    {
        Log(who, e.IsBinary ? $"received {e.Data.Length} bytes of binary" : $"received \"{e.Text}\"");
        inbox.Add(e); // events of one connection are raised one at a time, in order
        if (inbox.Count == expected) all.TrySetResult(inbox);
    };
    return all.Task;
}
