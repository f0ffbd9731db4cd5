using System.Text.Json;

namespace RtcNative.Tests.Interop;

/// <summary>Data channels between RtcNative and headless Chromium, each scenario with either side offering.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ChromeDataChannelTests : ChromiumFixture
{
    private const int MaxMessageSize = 262144;   // Chrome's a=max-message-size, and dcsctp's limit here

    [Test]
    public async Task TextAndBinaryMessagesBothWays([Values] Offerer offerer)
    {
        var pair = await ConnectAsync(offerer, "chat");
        await ExchangeAsync(pair, "chat",
            [PageMessage.Of("hello from .NET ✓"), PageMessage.Of(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()), PageMessage.Of("")],
            [PageMessage.Of("hello from Chrome ✓"), PageMessage.Of(Enumerable.Range(0, 300).Select(i => (byte)(255 - i)).ToArray())]);
    }

    [Test]
    public async Task MessagesOfTheMaximumSizeBothWaysAndOneByteMoreRefusedByBoth([Values] Offerer offerer)
    {
        var pair = await ConnectAsync(offerer, "big");
        Assert.That(pair.Pc.Sctp!.MaxMessageSize, Is.EqualTo(MaxMessageSize), "Chrome's a=max-message-size as seen by .NET");
        Assert.That(await Browser.CallAsync<double>("maxMessageSize", pair.Name), Is.EqualTo(MaxMessageSize), "ours as seen by Chrome");

        var random = new Random(9);
        var toChrome = new byte[MaxMessageSize];
        var toDotNet = new byte[MaxMessageSize];
        random.NextBytes(toChrome);
        random.NextBytes(toDotNet);
        await ExchangeAsync(pair, "big", [PageMessage.Of(toChrome)], [PageMessage.Of(toDotNet)]);

        var channel = pair.Channels["big"].Channel;
        Assert.Throws<ArgumentException>(() => channel.Send(new byte[MaxMessageSize + 1]));
        var refused = await pair.ChromeSendAsync("big", PageMessage.Of(new byte[MaxMessageSize + 1]));
        Assert.That(refused[0], Does.StartWith("TypeError"));
        Assert.That(channel.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
        await ExchangeAsync(pair, "big", [PageMessage.Of("still open")], [PageMessage.Of("here too")], alreadyAtChrome: 1, alreadyAtDotNet: 1);
    }

    [Test]
    public async Task NegotiatedChannelsWithTheSameId([Values] Offerer offerer)
    {
        var pair = await CreatePairAsync();
        var init = new RTCDataChannelInit { Negotiated = true, Id = 5 };
        await pair.CreateChannelAsync(Offerer.DotNet, "negotiated", init);
        await pair.CreateChannelAsync(Offerer.Chrome, "negotiated", init);
        await pair.NegotiateAsync(offerer);
        var channel = await pair.OpenAsync("negotiated");
        Assert.That((channel.Negotiated, channel.Id), Is.EqualTo((true, (ushort?)5)));
        await ExchangeAsync(pair, "negotiated", [PageMessage.Of("n1"), PageMessage.Of([1, 2, 3])], [PageMessage.Of("n2"), PageMessage.Of([4, 5])]);
    }

    [Test]
    public async Task FiftyChannelsEachCarryAMessageBothWays([Values] Offerer offerer)
    {
        var labels = Enumerable.Range(0, 50).Select(i => $"ch{i}").ToArray();
        var pair = await ConnectAsync(offerer, labels);
        Assert.That(pair.Channels.Keys, Is.EquivalentTo(labels));
        Assert.That(pair.Channels.Values.Select(c => c.Channel.Id).Distinct().Count(), Is.EqualTo(50));
        foreach (var label in labels)
        {
            pair.Channels[label].Channel.Send("to chrome " + label);
        }

        Assert.That(await Browser.CallAsync<int>("sendToAll", pair.Name, "to .NET "), Is.EqualTo(50));
        foreach (var label in labels)
        {
            Assert.That((await pair.ChromeMessagesAsync(label, 1)).Single(), Is.EqualTo(PageMessage.Of("to chrome " + label)));
            var received = await pair.Channels[label].Messages.TakeAsync(1);
            Assert.That(received[0].Text, Is.EqualTo("to .NET " + label));
        }
    }

    [Test]
    public async Task CloseFromEitherSideIsSeenByTheOther([Values] Offerer offerer)
    {
        var pair = await ConnectAsync(offerer, "closed-by-dotnet", "closed-by-chrome", "kept");
        var byDotNet = pair.Channels["closed-by-dotnet"].Channel;
        byDotNet.Close();
        await Browser.WaitAsync("([n, l]) => peers[n].channels[l].closed", pair.Name, "closed-by-dotnet");
        await byDotNet.WaitForClosedAsync().WithTimeout();

        var byChrome = pair.Channels["closed-by-chrome"].Channel;
        var closed = byChrome.WaitForClosedAsync();
        await Browser.CallAsync<bool>("closeChannel", pair.Name, "closed-by-chrome");
        await closed.WithTimeout();
        Assert.That(byChrome.ReadyState, Is.EqualTo(RTCDataChannelState.Closed));

        await ExchangeAsync(pair, "kept", [PageMessage.Of("after the closes")], [PageMessage.Of("still here")]);
    }

    [Test]
    public async Task RenegotiationStartedByTheAnswererAddsAChannel([Values] Offerer offerer)
    {
        var pair = await ConnectAsync(offerer, "first");
        var second = Other(offerer);
        await pair.CreateChannelAsync(second, "second");
        var version = SessionVersion(pair.Pc.RemoteDescription!.Sdp);
        await pair.NegotiateAsync(second);
        Assert.That(SessionVersion(pair.Pc.RemoteDescription!.Sdp), Is.GreaterThan(version), "Chrome's description was renegotiated");
        await pair.OpenAsync("second");
        await ExchangeAsync(pair, "second", [PageMessage.Of("on the second")], [PageMessage.Of("back on the second")]);
        await ExchangeAsync(pair, "first", [PageMessage.Of("on the first")], [PageMessage.Of("back on the first")]);
    }

    [Test]
    public async Task RestartIceByTheAnswererKeepsTheChannelWorking([Values] Offerer offerer)
    {
        var pair = await ConnectAsync(offerer, "restart");
        var ufrags = (Ufrag(pair.Pc.LocalDescription!.Sdp), Ufrag(pair.Pc.RemoteDescription!.Sdp));
        await ExchangeAsync(pair, "restart", [PageMessage.Of("before")], [PageMessage.Of("before too")]);
        await pair.NegotiateAsync(Other(offerer), restartIce: true);
        Assert.That(Ufrag(pair.Pc.LocalDescription!.Sdp), Is.Not.EqualTo(ufrags.Item1), "our ICE credentials changed");
        Assert.That(Ufrag(pair.Pc.RemoteDescription!.Sdp), Is.Not.EqualTo(ufrags.Item2), "Chrome's ICE credentials changed");
        await pair.Pc.WaitForIceConnectionStateAsync(RTCIceConnectionState.Connected).WithTimeout();
        await ExchangeAsync(pair, "restart", [PageMessage.Of("after")], [PageMessage.Of("after too")], alreadyAtChrome: 1, alreadyAtDotNet: 1);
        Assert.That(pair.Pc.ConnectionState, Is.EqualTo(RTCPeerConnectionState.Connected));
    }

    [Test]
    public async Task StatsOfOneSideMatchTheOther([Values] Offerer offerer)
    {
        var pair = await ConnectAsync(offerer, "stats");
        var toChrome = Enumerable.Range(0, 20).Select(i => PageMessage.Of(new byte[1000 + i])).Append(PageMessage.Of("text")).ToArray();
        var toDotNet = Enumerable.Range(0, 10).Select(i => PageMessage.Of(new byte[3000 + i])).ToArray();
        await ExchangeAsync(pair, "stats", toChrome, toDotNet);
        var sentBytes = toChrome.Sum(m => m.Text?.Length ?? Convert.FromBase64String(m.Base64!).Length);
        var receivedBytes = toDotNet.Sum(m => Convert.FromBase64String(m.Base64!).Length);

        var ours = (await pair.Pc.GetStatsAsync().WithTimeout()).Values.Single(s => s.Type == "data-channel" && (string?)s["label"] == "stats");
        var chrome = JsonDocument.Parse(await Browser.CallAsync<string>("dataChannelStats", pair.Name)).RootElement;
        var theirs = chrome.GetProperty("channels").GetProperty("stats");
        Assert.Multiple(() =>
        {
            Assert.That(Number(ours["bytesSent"]), Is.EqualTo(sentBytes));
            Assert.That(theirs.GetProperty("bytesReceived").GetDouble(), Is.EqualTo(sentBytes));
            Assert.That(Number(ours["messagesSent"]), Is.EqualTo(toChrome.Length));
            Assert.That(theirs.GetProperty("messagesReceived").GetDouble(), Is.EqualTo(toChrome.Length));
            Assert.That(Number(ours["bytesReceived"]), Is.EqualTo(receivedBytes));
            Assert.That(theirs.GetProperty("bytesSent").GetDouble(), Is.EqualTo(receivedBytes));
            Assert.That(Number(ours["messagesReceived"]), Is.EqualTo(toDotNet.Length));
            Assert.That(theirs.GetProperty("messagesSent").GetDouble(), Is.EqualTo(toDotNet.Length));
        });

        // The transports' byte counts (DTLS records: SCTP, its acks and ICE checks) agree within a few percent.
        var transport = (await pair.Pc.GetStatsAsync().WithTimeout()).Values.Single(s => s.Type == "transport");
        chrome = JsonDocument.Parse(await Browser.CallAsync<string>("dataChannelStats", pair.Name)).RootElement;
        Assert.That(Number(transport["bytesSent"]),
            Is.EqualTo(chrome.GetProperty("transportBytesReceived").GetDouble()).Within(5).Percent);
        Assert.That(Number(transport["bytesReceived"]),
            Is.EqualTo(chrome.GetProperty("transportBytesSent").GetDouble()).Within(5).Percent);
        Assert.That(Number(transport["bytesSent"]), Is.GreaterThan(sentBytes));
    }

    /// <summary>.NET sends <paramref name="toChrome"/> and Chrome <paramref name="toDotNet"/> on <paramref name="label"/>;
    /// each side then holds exactly those messages, byte for byte, after the <c>already...</c> ones it had.</summary>
    private async Task ExchangeAsync(ChromePair pair, string label, PageMessage[] toChrome, PageMessage[] toDotNet,
        int alreadyAtChrome = 0, int alreadyAtDotNet = 0)
    {
        var (channel, messages) = pair.Channels[label];
        foreach (var message in toChrome)
        {
            if (message.Text is { } text)
            {
                channel.Send(text);
            }
            else
            {
                channel.Send(Convert.FromBase64String(message.Base64!));
            }
        }

        Assert.That(await pair.ChromeSendAsync(label, toDotNet), Is.All.Empty, "Chrome's send() threw");
        var atChrome = await pair.ChromeMessagesAsync(label, alreadyAtChrome + toChrome.Length);
        Assert.That(atChrome.Skip(alreadyAtChrome), Is.EqualTo(toChrome), "what Chrome received");
        var atDotNet = await messages.TakeAsync(toDotNet.Length);
        Assert.That(atDotNet.Select(m => m.IsBinary ? PageMessage.Of(m.Data) : PageMessage.Of(m.Text!)), Is.EqualTo(toDotNet), "what .NET received");
        await Task.Delay(50);
        Assert.That((await pair.ChromeMessagesAsync(label, 0)).Length, Is.EqualTo(atChrome.Length), "no more than that reached Chrome");
    }

    private static double Number(object? value) => Convert.ToDouble(value);

    private static string Ufrag(string sdp) => sdp.Split('\n').First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal)).Trim();

    private static long SessionVersion(string sdp) => long.Parse(sdp.Split('\n').First(l => l.StartsWith("o=", StringComparison.Ordinal)).Split(' ')[2]);
}
