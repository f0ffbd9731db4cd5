using System.Collections.Concurrent;
using System.Text.Json;

namespace RtcNative.Tests.Interop;

/// <summary>Which side creates the offer of a negotiation.</summary>
public enum Offerer
{
    DotNet,
    Chrome,
}

/// <summary>
/// A .NET RTCPeerConnection and a page RTCPeerConnection (named <see cref="Name"/>) signaled through
/// Playwright: descriptions and trickled candidates cross as JSON, produced by one side's serializer and
/// parsed by the other's (System.Text.Json with the library's shapes here, JSON.stringify/parse there).
/// Candidates that arrive before their side has a remote description with their ICE ufrag wait for it.
/// </summary>
internal sealed partial class ChromePair : IDisposable
{
    private static int s_count;
    private readonly ChromiumBrowser _browser;
    private readonly object _gate = new();
    private readonly List<RTCIceCandidateInit> _pending = [];
    private bool _remoteSet;
    private HashSet<string> _remoteUfrags = []; // ICE ufrags of the last remote description given to .NET
    private int _fromChrome;
    private int _toChrome;

    private ChromePair(ChromiumBrowser browser, RTCPeerConnection pc, string name)
    {
        _browser = browser;
        Pc = pc;
        Name = name;
    }

    public RTCPeerConnection Pc { get; }

    public string Name { get; }

    /// <summary>The .NET side's channels by label (made here or announced by Chrome), each with its messages
    /// collected from the start.</summary>
    public ConcurrentDictionary<string, (RTCDataChannel Channel, MessageCollector Messages)> Channels { get; } = new();

    /// <summary>The .NET side's Track events, in order.</summary>
    public ConcurrentQueue<RTCTrackEventArgs> Tracks { get; } = new();

    /// <summary>How many candidates crossed each way (trickled through Playwright).</summary>
    public (int ToChrome, int FromChrome) CandidateCounts => (Volatile.Read(ref _toChrome), Volatile.Read(ref _fromChrome));

    /// <summary>Failures of candidate delivery in either direction (reported with a failing test).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<ChromePair> CreateAsync(ChromiumBrowser browser, PeerConnectionFactory factory)
    {
        var name = "peer" + Interlocked.Increment(ref s_count);
        var pair = new ChromePair(browser, factory.CreatePeerConnection(), name);
        browser.CandidateGathered += pair.OnChromeCandidate;
        pair.Pc.IceCandidate += (_, e) =>
        {
            if (e.Candidate is { } candidate)
            {
                Interlocked.Increment(ref pair._toChrome);
                pair.Track(browser.CallAsync<bool>("addCandidate", name, JsonSerializer.Serialize(candidate.ToInit())), "to chrome");
            }
        };
        pair.Pc.DataChannel += (_, e) => pair.Add(e.Channel);
        pair.Pc.Track += (_, e) => pair.Tracks.Enqueue(e);
        await browser.CallAsync<bool>("newPeer", name);
        return pair;
    }

    /// <summary>A channel made on <paramref name="side"/>: the .NET one, or Chrome's (its .NET end appears once announced).</summary>
    public async Task CreateChannelAsync(Offerer side, string label, RTCDataChannelInit? init = null)
    {
        if (side == Offerer.DotNet)
        {
            Add(Pc.CreateDataChannel(label, init));
        }
        else
        {
            await _browser.CallAsync<bool>("createChannel", Name, label,
                init is null ? null : new { negotiated = init.Negotiated, id = (int?)init.Id });
        }
    }

    /// <summary>Waits until the channel is open on both sides; returns its .NET end.</summary>
    public async Task<RTCDataChannel> OpenAsync(string label)
    {
        Assert.That(await Timeouts.PollAsync(() => Channels.ContainsKey(label)), Is.True, $"the .NET end of '{label}' never appeared");
        var channel = Channels[label].Channel;
        await channel.WaitForOpenAsync().WithTimeout();
        await _browser.WaitAsync("([n, l]) => peers[n].channels[l] && peers[n].channels[l].open", Name, label);
        return channel;
    }

    /// <summary>Waits for <paramref name="count"/> messages on Chrome's end of <paramref name="label"/>; returns them all.</summary>
    public async Task<PageMessage[]> ChromeMessagesAsync(string label, int count)
    {
        await _browser.WaitAsync("([n, l, c]) => peers[n].channels[l] && peers[n].channels[l].messages.length >= c", Name, label, count);
        return JsonSerializer.Deserialize<PageMessage[]>(await _browser.CallAsync<string>("messages", Name, label), PageMessage.Json)!;
    }

    /// <summary>Sends from Chrome's end of <paramref name="label"/>; returns each send's exception ("" when sent).</summary>
    public Task<string[]> ChromeSendAsync(string label, params PageMessage[] messages) =>
        _browser.CallAsync<string[]>("send", Name, label, messages.Select(m => new { text = m.Text, base64 = m.Base64 }).ToArray());

    /// <summary>One offer/answer exchange started by <paramref name="offerer"/>; with <paramref name="restartIce"/>
    /// the offerer restarts ICE first (RestartIce / restartIce()).</summary>
    public async Task NegotiateAsync(Offerer offerer, bool restartIce = false)
    {
        if (offerer == Offerer.DotNet)
        {
            if (restartIce)
            {
                Pc.RestartIce();
            }

            await Pc.SetLocalDescriptionAsync().WithTimeout();
            var offer = JsonSerializer.Serialize(Pc.LocalDescription!.ToInit());
            var answer = await _browser.CallAsync<string>("acceptOffer", Name, offer);
            await SetRemoteAsync(Parse(answer)).WithTimeout();
        }
        else
        {
            var offer = await _browser.CallAsync<string>("makeOffer", Name, restartIce);
            await SetRemoteAsync(Parse(offer)).WithTimeout();
            await Pc.SetLocalDescriptionAsync().WithTimeout();
            await _browser.CallAsync<bool>("acceptAnswer", Name, JsonSerializer.Serialize(Pc.LocalDescription!.ToInit()));
        }

        Assert.That(Pc.SignalingState, Is.EqualTo(RTCSignalingState.Stable));
    }

    public async Task WaitConnectedAsync() =>
        await Pc.WaitForConnectionStateAsync(RTCPeerConnectionState.Connected).WithTimeout();

    /// <summary>Both SDPs as each side sees them, the candidate errors and the page's console, for a failure report.</summary>
    public async Task<string> DescribeAsync()
    {
        string page;
        try
        {
            page = await _browser.CallAsync<string>("descriptions", Name);
        }
        catch (Exception e)
        {
            page = "(page unreachable: " + e.Message + ")";
        }

        return $"""
            .NET connection {Pc.ConnectionState}, signaling {Pc.SignalingState}
            --- .NET local SDP ---
            {Pc.LocalDescription?.Sdp}
            --- .NET remote SDP (Chrome's) ---
            {Pc.RemoteDescription?.Sdp}
            --- Chrome's view ---
            {page}
            --- candidate errors ---
            {string.Join('\n', Errors)}
            """;
    }

    public void Dispose()
    {
        _browser.CandidateGathered -= OnChromeCandidate;
        Pc.Dispose();
        Track(_browser.CallAsync<bool>("closePeer", Name), "closing the page's peer");
    }

    private void Add(RTCDataChannel channel) => Channels[channel.Label] = (channel, new MessageCollector(channel));

    private static RTCSessionDescriptionInit Parse(string json) =>
        JsonSerializer.Deserialize<RTCSessionDescriptionInit>(json) ?? throw new FormatException("null description: " + json);

    private Task SetRemoteAsync(RTCSessionDescriptionInit description)
    {
        lock (_gate)
        {
            var done = Pc.SetRemoteDescriptionAsync(description);
            _remoteSet = true;   // the operations chain runs these candidates after the description
            _remoteUfrags = (description.Sdp ?? "").Split("\r\n")
                .Where(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal)).Select(l => l["a=ice-ufrag:".Length..]).ToHashSet();
            foreach (var candidate in _pending.Where(Belongs).ToList())
            {
                Track(Pc.AddIceCandidateAsync(candidate), "from chrome");
                _pending.Remove(candidate);
            }

            return done;
        }
    }

    private void OnChromeCandidate(string name, string json)
    {
        if (name != Name)
        {
            return;
        }

        var candidate = JsonSerializer.Deserialize<RTCIceCandidateInit>(json)!;
        Interlocked.Increment(ref _fromChrome);
        lock (_gate)
        {
            // Candidates and descriptions reach this process on different paths (a binding and a call's result),
            // unlike one ordered signaling channel: after an ICE restart Chrome's new candidates can overtake its
            // offer, and libwebrtc rightly refuses a ufrag its remote description does not have. They wait for it.
            if (!_remoteSet || !Belongs(candidate))
            {
                _pending.Add(candidate);
                return;
            }

            Track(Pc.AddIceCandidateAsync(candidate), "from chrome");
        }
    }

    private bool Belongs(RTCIceCandidateInit candidate) =>
        candidate.UsernameFragment is null || _remoteUfrags.Count == 0 || _remoteUfrags.Contains(candidate.UsernameFragment);

    private void Track(Task task, string what) =>
        task.ContinueWith(
            t => Errors.Enqueue($"candidate {what}: {t.Exception?.GetBaseException().Message}"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}

/// <summary>A message as the page keeps it: text, or binary as base64.</summary>
internal sealed record PageMessage(string? Text, string? Base64)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PageMessage Of(string text) => new(text, null);

    public static PageMessage Of(byte[] data) => new(null, Convert.ToBase64String(data));
}
