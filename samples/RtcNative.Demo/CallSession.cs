using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace RtcNative.Demo;

/// <summary>
/// One call: the .NET peer of one signaling WebSocket. The page offers (its camera or a receive-only video, a
/// receive-only video and a receive-only audio, a "chat" channel); the peer answers, sending the caller's video
/// back on the first video (relayed frame by frame through a processor into a generator), a moving test pattern
/// on the second and a tone on the audio; it greets on the channel and echoes every message. Signaling messages
/// are the W3C JSON shapes as they are: a description (<c>{"type":"offer","sdp":...}</c>) or a candidate
/// (<c>{"candidate":...,"sdpMid":...}</c>), both ways. Everything is disposed when the socket closes.
/// </summary>
public sealed class CallSession : IAsyncDisposable
{
    private readonly int _id;
    private readonly WebSocket _socket;
    private readonly TextWriter _log;
    private readonly RTCPeerConnection _pc;
    private readonly VideoTrackGenerator _pattern;
    private readonly AudioTrackGenerator _tone;
    private readonly VideoTrackGenerator _echo;
    private readonly MediaStreamTrack? _camera;      // a clone of the demo's camera (--camera), else null
    private readonly MediaStreamTrack? _microphone;  // likewise (--microphone)
    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private RTCDataChannel? _chat;
    private bool _answered;
    private long _framesReceived;
    private long _messagesReceived;
    private long _messagesSent;

    public CallSession(int id, PeerConnectionFactory factory, DemoDevices? devices, WebSocket socket, TextWriter log)
    {
        _id = id;
        _socket = socket;
        _log = log;
        _pattern = new VideoTrackGenerator(factory);
        _tone = new AudioTrackGenerator(factory);
        _echo = new VideoTrackGenerator(factory);
        _camera = devices?.Camera?.Clone();
        _microphone = devices?.Microphone?.Clone();
        _pc = factory.CreatePeerConnection();
        _pc.ConnectionStateChange += (_, state) => Log($"connection state {Json(state)}");
        _pc.IceConnectionStateChange += (_, state) => Log($"ICE connection state {Json(state)}");
        _pc.SignalingStateChange += (_, state) => Log($"signaling state {Json(state)}");
        _pc.IceCandidate += (_, e) =>
        {
            if (e.Candidate is { } candidate)
            {
                Log($"local candidate {candidate.Type?.ToString().ToLowerInvariant()} {candidate.Address}:{candidate.Port}");
                _outbox.Writer.TryWrite(candidate.ToInit().ToJson());
            }
        };
        _pc.Track += (_, e) => OnTrack(e);
        _pc.DataChannel += (_, e) => OnDataChannel(e.Channel);
    }

    public int Id => _id;

    public RTCPeerConnection PeerConnection => _pc;

    /// <summary>Video frames of the caller's camera received (and sent back).</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Reads signaling messages until the socket closes (or <paramref name="cancellationToken"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        var writer = WriteLoopAsync(token);
        try
        {
            while (await ReceiveAsync(token) is { } message)
            {
                await HandleAsync(message, token);
            }

            Log("signaling socket closed by the page");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (WebSocketException e)
        {
            Log($"signaling socket lost: {e.Message}");
        }
        catch (Exception e) when (e is RTCException or FormatException or JsonException or ArgumentException)
        {
            Log($"failed: {e.Message}");
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await writer;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _pc.Close();
        try
        {
            await Task.WhenAll(_relays);
        }
        catch (OperationCanceledException)
        {
        }

        _chat?.Dispose();
        _pc.Dispose();
        _pattern.Dispose();
        _tone.Dispose();
        _echo.Dispose();
        foreach (var clone in new[] { _camera, _microphone })
        {
            clone?.Stop();
            clone?.Dispose();
        }

        _stop.Dispose();
        Log($"closed: the .NET peer and its tracks are disposed ({FramesReceived} frames echoed, {MessagesReceived} messages received)");
    }

    private async Task HandleAsync(string message, CancellationToken token)
    {
        using (var document = JsonDocument.Parse(message))
        {
            if (!document.RootElement.TryGetProperty("type", out _))
            {
                if (document.RootElement.TryGetProperty("candidate", out var candidate) && candidate.GetString() is { Length: > 0 })
                {
                    await _pc.AddIceCandidateAsync(RTCIceCandidateInit.FromJson(message), token);
                    var f = candidate.GetString()!.Split(' ');
                    Log(f.Length > 7 ? $"remote candidate {f[7]} {f[4]}:{f[5]}" : "remote candidate");
                }

                return;
            }
        }

        var description = RTCSessionDescriptionInit.FromJson(message);
        if (description.Type != RTCSdpType.Offer || _answered)
        {
            Log($"ignored a {Json(description.Type)} (the page offers once)");
            return;
        }

        _answered = true;
        Log($"offer received ({Encoding.UTF8.GetByteCount(description.Sdp ?? "")} bytes of SDP)");
        await _pc.SetRemoteDescriptionAsync(description, token);
        // AddTrack takes the offer's transceivers in order, kind by kind: the page's camera (the echo goes back on
        // it), then its receive-only video (the test pattern) and audio (the tone).
        _pc.AddTrack(_echo.Track);
        _pc.AddTrack(_camera ?? _pattern.Track);
        _pc.AddTrack(_microphone ?? _tone.Track);
        if (_camera is null)
        {
            _pattern.StartTestPattern(640, 480, 30);
        }

        if (_microphone is null)
        {
            _tone.StartTone(440, 0.3);
        }

        await _pc.SetLocalDescriptionAsync(await _pc.CreateAnswerAsync(null, token), token);
        var answer = _pc.LocalDescription?.ToInit() ?? throw new InvalidOperationException("no local description");
        _outbox.Writer.TryWrite(answer.ToJson());
        Log($"answer sent: {(_camera is null ? "test pattern 640x480@30" : $"camera '{_camera.Label}'")}, {(_microphone is null ? "440 Hz tone" : $"microphone '{_microphone.Label}'")}, video echo");
    }

    private void OnTrack(RTCTrackEventArgs e)
    {
        Log($"remote {e.Track.Kind} track (mid {e.Transceiver.Mid})");
        if (e.Track.Kind != "video")
        {
            return;
        }

        // Frames of the caller's video go back to it through a generator, with one frame reused for every read.
        var track = e.Track;
        var token = _stop.Token;
        lock (_relays)
        {
            _relays.Add(Task.Run(async () =>
            {
                using var processor = new MediaStreamTrackProcessor(track, maxBufferSize: 2);
                using var frame = new VideoFrame();
                while (await processor.ReadVideoFrameAsync(frame, token))
                {
                    if (Interlocked.Increment(ref _framesReceived) == 1)
                    {
                        Log($"first frame of the caller's video: {frame.Width}x{frame.Height}, echoing it back");
                    }

                    _echo.Write(frame);
                }
            }, token));
        }
    }

    private void OnDataChannel(RTCDataChannel channel)
    {
        _chat = channel;
        Log($"data channel \"{channel.Label}\"");
        void Send(string text)
        {
            channel.Send(text);
            Interlocked.Increment(ref _messagesSent);
        }

        channel.Open += (_, _) =>
        {
            Log($"channel \"{channel.Label}\" open");
            Send($"hello from RtcNative on .NET {Environment.Version}: you see a test pattern, hear a tone and get your video back");
        };
        channel.Message += (_, m) =>
        {
            Interlocked.Increment(ref _messagesReceived);
            Log(m.IsBinary ? $"chat: {m.Data.Length} bytes" : $"chat: \"{m.Text}\"");
            if (channel.ReadyState == RTCDataChannelState.Open)
            {
                Send(m.IsBinary ? $"echo: {m.Data.Length} bytes" : $"echo: {m.Text}");
            }
        };
        channel.Closed += (_, _) => Log($"channel \"{channel.Label}\" closed");
    }

    private async Task<string?> ReceiveAsync(CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > 1024 * 1024)
            {
                throw new FormatException("a signaling message over 1 MiB");
            }

            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    private async Task WriteLoopAsync(CancellationToken token)
    {
        try
        {
            await foreach (var text in _outbox.Reader.ReadAllAsync(token))
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    // The W3C string of an enum ("connected", "have-remote-offer").
    private static string Json<T>(T value) => JsonSerializer.Serialize(value).Trim('"');

    private void Log(string what) => _log.WriteLine($"[{DateTime.Now:HH:mm:ss.fff}] [call {_id}] {what}");
}
