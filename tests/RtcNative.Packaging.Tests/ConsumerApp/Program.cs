// A consumer of the RtcNative package (ConsumerTests builds it outside the repo): two peers on
// loopback, a data channel message from one to the other and echoed back. Exits 0 only when the
// same text came back; prints which librtcnative.so the process mapped.
using RtcNative;

var text = $"ping {Guid.NewGuid():N}";
await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions
{
    IncludeLoopback = true, NetworkInterfaces = ["lo"],
});
using var alice = factory.CreatePeerConnection();
using var bob = factory.CreatePeerConnection();

// Bob echoes every text message on the channel Alice opens.
bob.DataChannel += (_, e) =>
{
    var channel = e.Channel;
    channel.Message += (_, m) =>
    {
        if (m.Text is { } received)
        {
            channel.Send(received);
        }
    };
};

var echoed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
using var chat = alice.CreateDataChannel("echo");
chat.Message += (_, m) => echoed.TrySetResult(m.Text);
chat.Open += (_, _) => chat.Send(text);

await bob.SetRemoteDescriptionAsync(await GatheredAsync(alice));
await alice.SetRemoteDescriptionAsync(await GatheredAsync(bob));

Console.WriteLine($"native library: {MappedNativeLibrary()}");
string? back;
try
{
    back = await echoed.Task.WaitAsync(TimeSpan.FromSeconds(30));
}
catch (TimeoutException)
{
    Console.Error.WriteLine("no message came back within 30 s");
    return 2;
}

if (back != text)
{
    Console.Error.WriteLine($"sent '{text}', got back '{back}'");
    return 1;
}

Console.WriteLine($"round trip: {back}");
return 0;

static async Task<RTCSessionDescriptionInit> GatheredAsync(RTCPeerConnection pc)
{
    await pc.SetLocalDescriptionAsync();
    await pc.WaitForIceGatheringCompleteAsync();
    return pc.LocalDescription?.ToInit() ?? throw new InvalidOperationException("no local description");
}

// The path the dynamic loader mapped librtcnative.so from (the sixth field of /proc/self/maps).
static string MappedNativeLibrary() =>
    File.ReadLines("/proc/self/maps")
        .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
        .Where(fields => fields.Length == 6 && fields[5].Trim().EndsWith("/librtcnative.so", StringComparison.Ordinal))
        .Select(fields => fields[5].Trim())
        .FirstOrDefault() ?? "(not mapped)";
