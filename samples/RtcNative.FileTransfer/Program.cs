// RtcNative file transfer: one file from one .NET process to another over a data channel. Signaling is one JSON
// line each way, with every ICE candidate gathered into it: `send` prints the offer on stdout, `receive` reads it
// from stdin and prints the answer, `send` reads that. Paste them by hand between two terminals, or pipe them.
// Progress and throughput go to stderr.
//   dotnet RtcNative.FileTransfer.dll send FILE [--network]
//   dotnet RtcNative.FileTransfer.dll receive [--out DIR] [--network]
// --network: gather on every interface but loopback (two machines); default: loopback only (one machine).
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using RtcNative;

const int ChunkSize = 64 * 1024;             // one binary message
const ulong HighWater = 4 * 1024 * 1024;      // wait while more than this is buffered
var usage = "usage: RtcNative.FileTransfer send FILE [--network] | receive [--out DIR] [--network]";
if (args.Length == 0 || args[0] is not ("send" or "receive"))
{
    Console.Error.WriteLine(usage);
    return 2;
}

var network = args.Contains("--network");
var outIndex = Array.IndexOf(args, "--out");
var outDir = outIndex > 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Directory.GetCurrentDirectory();
using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
await using var factory = new PeerConnectionFactory(network
    ? new PeerConnectionFactoryOptions()
    : new PeerConnectionFactoryOptions { IncludeLoopback = true, NetworkInterfaces = ["lo"] });
using var pc = factory.CreatePeerConnection();
pc.ConnectionStateChange += (_, state) => Status($"connection {JsonSerializer.Serialize(state).Trim('"')}");
try
{
    return args[0] == "send"
        ? await SendAsync(args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : throw new ArgumentException(usage))
        : await ReceiveAsync();
}
catch (Exception e) when (e is ArgumentException or IOException or RTCException or FormatException or OperationCanceledException or InvalidOperationException)
{
    Status($"failed: {e.Message}");
    return 1;
}

async Task<int> SendAsync(string path)
{
    var info = new FileInfo(path);
    if (!info.Exists)
    {
        throw new ArgumentException($"no file {path}");
    }

    byte[] hash;
    await using (var file = info.OpenRead())
    {
        hash = await SHA256.HashDataAsync(file, deadline.Token);
    }

    using var channel = pc.CreateDataChannel("file");
    var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    channel.Message += (_, m) => reply.TrySetResult(m.Text ?? "");
    await pc.SetLocalDescriptionAsync(null, deadline.Token);
    await pc.WaitForIceGatheringCompleteAsync(deadline.Token);
    Status("the offer, for the receiver (one line on stdout):");
    Console.WriteLine(pc.LocalDescription!.ToJson());
    Status("paste the receiver's answer line:");
    var answer = await Console.In.ReadLineAsync(deadline.Token) ?? throw new IOException("stdin closed before the answer");
    await pc.SetRemoteDescriptionAsync(RTCSessionDescriptionInit.FromJson(answer), deadline.Token);
    await channel.WaitForOpenAsync(deadline.Token);

    // A header (text), the bytes in 64 KiB binary messages, then the receiver's verdict (text).
    channel.Send(JsonSerializer.Serialize(new Header(info.Name, info.Length, Convert.ToHexString(hash))));
    channel.BufferedAmountLowThreshold = HighWater / 4;
    var progress = new Progress("sent", info.Length);
    var buffer = new byte[ChunkSize];
    await using (var file = info.OpenRead())
    {
        int read;
        while ((read = await file.ReadAsync(buffer, deadline.Token)) > 0)
        {
            while (channel.BufferedAmount > HighWater)
            {
                await channel.WaitForBufferedAmountLowAsync(deadline.Token);
            }

            channel.Send(buffer.AsSpan(0, read));
            progress.Add(read);
        }
    }

    var verdict = await reply.Task.WaitAsync(deadline.Token);
    progress.Done();
    Status($"receiver: {verdict}");
    channel.Close();
    return verdict.StartsWith("ok", StringComparison.Ordinal) ? 0 : 1;
}

async Task<int> ReceiveAsync()
{
    var result = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    pc.DataChannel += (_, e) =>
    {
        var channel = e.Channel;
        Header? header = null;
        FileStream? file = null;
        Progress? progress = null;
        var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        channel.Message += (_, m) =>   // raised one at a time, in order
        {
            try
            {
                if (header is null)
                {
                    header = JsonSerializer.Deserialize<Header>(m.Text ?? throw new FormatException("no header")) ?? throw new FormatException("no header");
                    var name = Path.GetFileName(header.Name);
                    Directory.CreateDirectory(outDir);
                    file = File.Create(Path.Combine(outDir, name));
                    progress = new Progress("received", header.Size);
                    Status($"receiving {name} ({header.Size} bytes) into {outDir}");
                }
                else
                {
                    file!.Write(m.Data);
                    hasher.AppendData(m.Data);
                    received += m.Data.Length;
                    progress!.Add(m.Data.Length);
                }

                if (header is not null && received >= header.Size)
                {
                    file!.Dispose();
                    progress!.Done();
                    var actual = Convert.ToHexString(hasher.GetHashAndReset());
                    var ok = received == header.Size && actual == header.Sha256;
                    channel.Send(ok ? $"ok: {received} bytes, SHA-256 {actual}" : $"mismatch: {received} bytes, SHA-256 {actual}");
                    result.TrySetResult(ok);
                }
            }
            catch (Exception ex) when (ex is IOException or FormatException or JsonException or UnauthorizedAccessException)
            {
                result.TrySetException(ex);
            }
        };
    };
    Status("paste the sender's offer line:");
    var offer = await Console.In.ReadLineAsync(deadline.Token) ?? throw new IOException("stdin closed before the offer");
    await pc.SetRemoteDescriptionAsync(RTCSessionDescriptionInit.FromJson(offer), deadline.Token);
    await pc.SetLocalDescriptionAsync(null, deadline.Token);
    await pc.WaitForIceGatheringCompleteAsync(deadline.Token);
    Status("the answer, for the sender (one line on stdout):");
    Console.WriteLine(pc.LocalDescription!.ToJson());
    var ok = await result.Task.WaitAsync(deadline.Token);
    Status(ok ? "done: the file arrived intact" : "the file arrived changed");
    await Task.Delay(500);   // the verdict leaves before the connection closes
    return ok ? 0 : 1;
}

static void Status(string line) => Console.Error.WriteLine(line);

internal sealed record Header(string Name, long Size, string Sha256);

/// <summary>A progress bar with throughput on stderr, redrawn at most 5 times a second.</summary>
internal sealed class Progress(string verb, long total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;
    private long _drawnAt = -1000;

    public void Add(int bytes)
    {
        _done += bytes;
        if (_clock.ElapsedMilliseconds - _drawnAt >= 200)
        {
            Draw("\r");
        }
    }

    public void Done() => Draw("\r", "\n");

    private void Draw(string start, string end = "")
    {
        _drawnAt = _clock.ElapsedMilliseconds;
        var fraction = total == 0 ? 1 : (double)_done / total;
        var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        Console.Error.Write($"{start}[{bar}] {fraction,4:P0} {_done / 1e6:F1} of {total / 1e6:F1} MB {verb}, {_done / 1e6 / seconds:F1} MB/s{end}");
    }
}
